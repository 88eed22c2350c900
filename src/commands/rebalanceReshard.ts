// Slot moves from the palette and the tree: Rebalance…, Reshard… (also From…/To… a master), Drain. Each one
// plans with the pure planners, shows the plan as a preview document, asks, then runs the migration engine
// under a cancellable progress notification (runOperation.ts).
//
// Explicit callers may pass AdminOptions (adminOptions.ts), e.g.
//   executeCommand('redisCluster.reshard', { profile, sourceIds: [id], targetId, slots: 100, yes: true })
// which skips the pickers and, with yes: true, the confirmation. The palette and tree never pass `yes`.
import { readSlotLoad } from '../core/monitoring/slotLoad';
import * as vscode from 'vscode';
import { countKeysPerSlot } from '../core/monitoring/distribution';
import { errorText } from '../core/common/errors';
import { executePlan } from '../core/admin/ops/migrate';
import { DEFAULT_THRESHOLD, type RebalanceOptions, planRebalance } from '../core/admin/plan/rebalance';
import { renderPlan } from '../core/admin/plan/render';
import { planReshard } from '../core/admin/plan/reshard';
import type { Plan, SlotKeyCounts } from '../core/admin/plan/types';
import { countSlots } from '../core/topology/slots';
import { type ClusterNode, address } from '../core/topology/topology';
import type { Services } from '../services';
import { type AdminOptions, adminOptions } from './adminOptions';
import { givenNode, pickMany, pickOne, reachableMasters } from '../ui/adminPick';
import {
  migrationSummary,
  profileFileArg,
  rebalanceCommandLine,
  reshardCommandLine,
  validateSlotCount,
  validateThreshold,
  validateWeight,
} from './adminText';
import type { CommandHandler } from './types';
import { paceChoices } from '../ui/paceChoice';
import { type AdminTarget, type Outcome, adminTarget, runOperation } from './runOperation';
import { shortId } from '../core/common/format';

/** Keys per slot for estimates (and the key-count mode); a plan without estimates is still valid. */
async function slotCounts(s: Services, t: AdminTarget): Promise<SlotKeyCounts | undefined> {
  try {
    const d = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Redis Cluster: counting keys per slot') },
      () => countKeysPerSlot(t.session, t.topology),
    );
    if (!d.complete)
      s.log.warn(
        `key counts incomplete: ${d.masters
          .filter((m) => m.error)
          .map((m) => `${m.address}: ${m.error}`)
          .join('; ')}`,
      );
    return new Map(Array.from(d.slots, (n, slot) => [slot, n] as [number, number]));
  } catch (e) {
    s.log.warn(`could not count keys per slot (${errorText(e)}); the plan has no key estimates`);
    return undefined;
  }
}

/** CPU time per slot over 5 s, with a progress notification; throws SlotLoadUnavailableError with the reason. */
function measureLoad(t: AdminTarget): Thenable<Map<number, number>> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Redis Cluster: measuring the load of every slot for 5 s'),
      cancellable: true,
    },
    (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return readSlotLoad(t.session, t.topology, { windowMs: 5000, signal: ac.signal });
    },
  );
}

function planDetail(plan: Plan): string {
  const keys = plan.totals.keys === undefined ? '' : vscode.l10n.t(', about {0} keys', plan.totals.keys.toLocaleString('en-US'));
  return (
    vscode.l10n.t(
      '{0} slot(s){1} move between {2} source→target pair(s); the plan is open beside.',
      plan.totals.slots,
      keys,
      plan.totals.pairs,
    ) + ` ${vscode.l10n.t('Clients keep working (MOVED/ASK). Cancel stops at a safe point and running it again resumes.')}`
  );
}

/** Preview, confirm, execute. */
async function runPlan(
  s: Services,
  t: AdminTarget,
  plan: Plan,
  title: string,
  cliLine: string,
  yes: boolean | undefined,
): Promise<Outcome<unknown>> {
  if (plan.moves.length === 0) {
    // Planner notes are phrases without a full stop: end each one, or they run into each other.
    const why = plan.notes.length ? ` ${plan.notes.map((n) => (/[.!?]$/.test(n) ? n : `${n}.`)).join(' ')}` : '';
    void vscode.window.showInformationMessage(vscode.l10n.t('Redis Cluster: {0}: nothing to move.{1}', title, why));
    return { ok: false, error: `nothing to move.${why}` };
  }
  await s.previews.show(title, `${renderPlan(plan, 'markdown')}\n---\n${vscode.l10n.t('Equivalent command line:')}\n\n    ${cliLine}\n`);
  const choices = paceChoices();
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    detail: planDetail(plan),
    cliLine,
    yes,
    choices: choices.map((c) => c.label),
    run: (progress, signal, choice) =>
      executePlan(t.session, plan, {
        onProgress: (p) => progress.migration(p),
        signal,
        topology: t.topology,
        pace: choices.find((c) => c.label === choice)?.pace ?? choices[0].pace,
      }),
    summary: (r) => migrationSummary(title, r),
  });
}

function plannerError(title: string, e: unknown): Outcome<unknown> {
  void vscode.window.showErrorMessage(vscode.l10n.t('Redis Cluster: cannot plan {0}: {1}', title, errorText(e)));
  return { ok: false, error: errorText(e) };
}

/** Rebalance options from the user: mode, empty masters, weights, threshold. */
async function askRebalance(t: AdminTarget): Promise<RebalanceOptions | undefined> {
  const title = vscode.l10n.t('Redis Cluster: Rebalance');
  const by = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('By slots'),
        description: vscode.l10n.t('like redis-cli --cluster rebalance'),
        detail: vscode.l10n.t('Each master gets slots in proportion to its weight.'),
        by: 'slots' as const,
      },
      {
        label: vscode.l10n.t('By keys'),
        description: vscode.l10n.t('for skewed slots'),
        detail: vscode.l10n.t('Moves the heaviest slots that fit, so key counts even out with few moves.'),
        by: 'keys' as const,
      },
      {
        label: vscode.l10n.t('By load'),
        description: vscode.l10n.t('Valkey 8+, Redis 8.2+'),
        detail: vscode.l10n.t('Measures the CPU time of every slot for 5 s (CLUSTER SLOT-STATS), then evens it out.'),
        by: 'load' as const,
      },
    ],
    { title: vscode.l10n.t('{0} (1/3): balance what?', title), ignoreFocusOut: true },
  );
  if (!by) return undefined;
  const ms = reachableMasters(t.topology);
  const empty = ms.filter((m) => m.slots.length === 0);
  const extras = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Use empty masters'),
        detail: empty.length
          ? vscode.l10n.t('{0} own no slots yet', empty.map(address).join(', '))
          : vscode.l10n.t('no master is empty now'),
        picked: empty.length > 0,
        key: 'empty',
      },
      {
        label: vscode.l10n.t('Set weights per master…'),
        detail: vscode.l10n.t('weight 0 drains a master; 2 gives it twice the share'),
        picked: false,
        key: 'weights',
      },
    ],
    { title: vscode.l10n.t('{0} (2/3): options', title), canPickMany: true, ignoreFocusOut: true },
  );
  if (!extras) return undefined;
  const threshold = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (3/3): threshold', title),
    prompt: vscode.l10n.t('Percent off target below which nothing moves (redis-cli default 2)'),
    value: String(DEFAULT_THRESHOLD),
    validateInput: validateThreshold,
    ignoreFocusOut: true,
  });
  if (threshold === undefined) return undefined;
  const opts: RebalanceOptions = { by: by.by, threshold: Number(threshold), useEmptyMasters: extras.some((e) => e.key === 'empty') };
  if (extras.some((e) => e.key === 'weights')) {
    const weights: Record<string, number> = {};
    for (const m of ms) {
      const w = await vscode.window.showInputBox({
        title: vscode.l10n.t('{0}: weight of {1} ({2}, {3} slots)', title, address(m), shortId(m.id), countSlots(m.slots)),
        value: '1',
        validateInput: validateWeight,
        ignoreFocusOut: true,
      });
      if (w === undefined) return undefined;
      if (Number(w) !== 1) weights[m.id] = Number(w);
    }
    opts.weights = weights;
  }
  return opts;
}

async function rebalance(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = adminOptions(arg);
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const explicit = o.yes || o.by !== undefined || o.weights !== undefined;
  const opts: RebalanceOptions | undefined = explicit
    ? { by: o.by, threshold: o.threshold, useEmptyMasters: o.useEmptyMasters, weights: o.weights }
    : await askRebalance(t);
  if (!opts) return undefined;
  return planAndRun(s, t, o, opts, vscode.l10n.t('Rebalance by {0}', opts.by ?? 'slots'));
}

async function planAndRun(s: Services, t: AdminTarget, o: AdminOptions, opts: RebalanceOptions, title: string): Promise<Outcome<unknown>> {
  const counts = await slotCounts(s, t);
  let plan: Plan;
  try {
    const load = opts.by === 'load' ? await measureLoad(t) : undefined;
    plan = planRebalance(t.topology, { ...opts, counts, load });
  } catch (e) {
    return plannerError(title, e);
  }
  const line = rebalanceCommandLine(profileFileArg(t.profile.name), {
    weights: opts.weights,
    threshold: opts.threshold,
    useEmptyMasters: opts.useEmptyMasters,
    by: opts.by,
  });
  return runPlan(s, t, plan, title, line, o.yes);
}

async function drain(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = adminOptions(arg);
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const full = reachableMasters(t.topology).filter((m) => m.slots.length > 0);
  const m = o.nodeId
    ? givenNode(t.topology, o.nodeId, t.label)
    : await pickOne(
        t.topology,
        full,
        vscode.l10n.t('Redis Cluster: Drain which master?'),
        vscode.l10n.t('Its slots and keys move to the other masters'),
      );
  if (!m) return undefined;
  if (m.role !== 'master' || m.slots.length === 0) {
    void vscode.window.showErrorMessage(
      m.role !== 'master'
        ? vscode.l10n.t('Redis Cluster: {0} is a replica; only a master with slots can be drained.', address(m))
        : vscode.l10n.t('Redis Cluster: {0} owns no slots; only a master with slots can be drained.', address(m)),
    );
    return { ok: false, error: 'not a master with slots' };
  }
  // A drained master turns itself into a replica of the node that took its last slot (Redis behaviour).
  return planAndRun(s, t, o, { weights: { [m.id]: 0 } }, vscode.l10n.t('Drain {0}', address(m)));
}

async function reshard(s: Services, arg: unknown, fixed: 'from' | 'to' | undefined): Promise<Outcome<unknown> | undefined> {
  const o = adminOptions(arg);
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const ms = reachableMasters(t.topology);
  const byId = (id: string) => givenNode(t.topology, id, t.label);
  let target: ClusterNode | undefined = o.targetId ? byId(o.targetId) : fixed === 'to' && o.nodeId ? byId(o.nodeId) : undefined;
  let sources: ClusterNode[] | undefined = o.sourceIds
    ? o.sourceIds.map(byId).filter((n): n is ClusterNode => !!n)
    : fixed === 'from' && o.nodeId
      ? [byId(o.nodeId)].filter((n): n is ClusterNode => !!n)
      : undefined;
  if ((o.targetId && !target) || (o.sourceIds && sources?.length !== o.sourceIds.length)) return { ok: false, error: 'unknown node' };
  if (!sources) {
    sources = await pickMany(
      t.topology,
      ms.filter((m) => m.slots.length > 0 && m.id !== target?.id),
      vscode.l10n.t('Redis Cluster: Reshard from which masters?'),
      vscode.l10n.t('Select one or more sources'),
    );
    if (!sources) return undefined;
  }
  if (!target) {
    const ids = new Set(sources.map((n) => n.id));
    target = await pickOne(
      t.topology,
      ms.filter((m) => !ids.has(m.id)),
      vscode.l10n.t('Redis Cluster: Reshard to which master?'),
    );
    if (!target) return undefined;
  }
  const available = sources.reduce((n, m) => n + countSlots(m.slots), 0);
  let slots = o.slots;
  if (slots === undefined) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Redis Cluster: how many slots to {0}?', address(target)),
      prompt: vscode.l10n.t('The sources hold {0} slots', available),
      value: String(Math.min(available, 100)),
      validateInput: (v) => validateSlotCount(v, available),
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    slots = Number(text);
  }
  const title = vscode.l10n.t('Reshard {0} slots to {1}', slots, address(target));
  const counts = await slotCounts(s, t);
  let plan: Plan;
  try {
    plan = planReshard(t.topology, { from: sources.map((n) => n.id), to: target.id, slots, counts });
  } catch (e) {
    return plannerError(title, e);
  }
  return runPlan(
    s,
    t,
    plan,
    title,
    reshardCommandLine(
      profileFileArg(t.profile.name),
      sources.map((n) => n.id),
      target.id,
      slots,
    ),
    o.yes,
  );
}

export function migrationCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.rebalance': (arg) => rebalance(s, arg),
    'redisCluster.reshard': (arg) => reshard(s, arg, undefined),
    'redisCluster.reshardFrom': (arg) => reshard(s, arg, 'from'),
    'redisCluster.reshardTo': (arg) => reshard(s, arg, 'to'),
    'redisCluster.drain': (arg) => drain(s, arg),
  };
}
