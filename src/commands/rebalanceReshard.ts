// Slot moves from the palette and the tree: Rebalance…, Reshard… (also From…/To… a master), Drain. Each one reads
// the user's choices into a request, plans it with the migration use case the CLI also calls
// (core/admin/useCases/migration.ts), shows the plan as a preview document, asks, then runs the migration engine
// under a cancellable progress notification (runOperation.ts). The log gets the request's CLI line.
//
// Explicit callers may pass a command's options (commandArgs in adminOptions.ts), e.g.
//   executeCommand('redisCluster.reshard', { profile, sourceIds: [id], targetId, slots: 100, yes: true })
// which skips the pickers and, with yes: true, the confirmation. The palette and tree never pass `yes`.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import * as md from '../core/reports/markdown';
import { errorText } from '../core/common/errors';
import { executePlan } from '../core/admin/ops/migrate';
import { renderPlan } from '../core/admin/plan/render';
import type { Plan } from '../core/admin/plan/types';
import { adminCommandLine, profileFileName } from '../core/admin/commandLine';
import { type MigrationPrep, PartialCountsError, prepareMigration } from '../core/admin/useCases/migration';
import { ADMIN_DEFAULTS, type MigrationRequest, type RebalanceRequest } from '../core/admin/useCases/requests';
import { countSlots } from '../core/topology/slots';
import { type ClusterNode, address } from '../core/topology/topology';
import type { Services } from '../services';
import { commandArgs } from './adminOptions';
import { givenNode, pickMany, pickOne, reachableMasters } from '../ui/adminPick';
import { migrationSummary, validateSlotCount } from './adminText';
import { askRebalance } from './rebalanceAsk';
import type { CommandHandler } from './types';
import { paceChoices } from '../ui/paceChoice';
import { type AdminTarget, type Outcome, adminTarget, runOperation } from './runOperation';

/**
 * Plans through the shared use case. Partial key counts stop the plan unless accepted: an explicit caller accepts
 * with acceptPartialCounts: true; a person is asked, and a yes becomes part of the request (and of its CLI line).
 */
async function prepare(
  s: Services,
  t: AdminTarget,
  request: MigrationRequest,
  title: string,
  yes: boolean | undefined,
): Promise<MigrationPrep | Outcome<unknown>> {
  const run = (r: MigrationRequest) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: l10n.t('Redis Cluster: counting keys per slot') }, () =>
      prepareMigration(t.session, t.topology, r),
    );
  try {
    return await run(request);
  } catch (e) {
    // A caller that skips the questions (yes) decides up front: it never gets a modal it cannot answer.
    if (!(e instanceof PartialCountsError) || request.acceptPartialCounts || yes) return plannerError(title, e);
    s.log.warn(`${title}: ${e.message}`);
    const go = l10n.t('Plan Anyway');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('Redis Cluster: keys could not be counted on every master. Plan {0} from partial counts?', title),
      {
        modal: true,
        detail: l10n.t(
          'Not counted: {0}. Key estimates for their slots are unknown, and a balance by keys would be wrong for them.',
          e.missing.map((m) => `${m.address} (${m.error})`).join(', '),
        ),
      },
      go,
    );
    if (answer !== go) return { ok: false, declined: true };
    try {
      return await run({ ...request, acceptPartialCounts: true });
    } catch (e2) {
      return plannerError(title, e2);
    }
  }
}

function planDetail(plan: Plan): string {
  const { slots, keys, pairs } = plan.totals;
  const moves =
    keys === undefined
      ? l10n.t('{0} slot(s) move between {1} source→target pair(s); the plan is open beside.', slots, pairs)
      : l10n.t(
          '{0} slot(s), about {1} keys, move between {2} source→target pair(s); the plan is open beside.',
          slots,
          keys.toLocaleString('en-US'),
          pairs,
        );
  return `${moves} ${l10n.t('Clients keep working (MOVED/ASK). Cancel stops at a safe point and running it again resumes.')}`;
}

/** Preview, confirm, execute. The pace picked in the confirmation joins the request, and so the logged line. */
async function runPlan(
  s: Services,
  t: AdminTarget,
  prep: MigrationPrep,
  title: string,
  yes: boolean | undefined,
): Promise<Outcome<unknown>> {
  const { plan } = prep;
  if (plan.moves.length === 0) {
    // Planner notes are phrases without a full stop: end each one, or they run into each other.
    const why = plan.notes.length ? ` ${plan.notes.map((n) => (/[.!?]$/.test(n) ? n : `${n}.`)).join(' ')}` : '';
    void vscode.window.showInformationMessage(l10n.t('Redis Cluster: {0}: nothing to move.{1}', title, why));
    return { ok: false, error: `nothing to move.${why}` };
  }
  const file = profileFileName(t.profile.name);
  const choices = paceChoices();
  const lineFor = (pace = choices[0].value) => adminCommandLine({ ...prep.request, pace }, file);
  await s.previews.show(title, md.document(renderPlan(plan, 'markdown'), md.commandLine(l10n.t('Equivalent command line:'), lineFor())));
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    detail: planDetail(plan),
    cliLine: lineFor,
    yes,
    choices,
    run: (progress, signal, pace) =>
      executePlan(t.session, plan, {
        onProgress: (p) => progress.migration(p),
        signal,
        topology: t.topology,
        pace: pace ?? choices[0].value,
      }),
    summary: (r) => migrationSummary(title, r),
  });
}

function plannerError(title: string, e: unknown): Outcome<unknown> {
  void vscode.window.showErrorMessage(l10n.t('Redis Cluster: cannot plan {0}: {1}', title, errorText(e)));
  return { ok: false, error: errorText(e) };
}

async function rebalance(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'rebalance');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const explicit = o.yes || o.by !== undefined || o.weights !== undefined;
  const request: RebalanceRequest | undefined = explicit
    ? {
        action: 'rebalance',
        by: o.by,
        threshold: o.threshold,
        useEmptyMasters: o.useEmptyMasters,
        weights: o.weights,
        acceptPartialCounts: o.acceptPartialCounts,
      }
    : await askRebalance(t);
  if (!request) return undefined;
  return planAndRun(s, t, o, request, l10n.t('Rebalance by {0}', request.by ?? ADMIN_DEFAULTS.by));
}

async function planAndRun(
  s: Services,
  t: AdminTarget,
  o: { yes?: boolean },
  request: MigrationRequest,
  title: string,
): Promise<Outcome<unknown>> {
  const prep = await prepare(s, t, request, title, o.yes);
  return 'plan' in prep ? runPlan(s, t, prep, title, o.yes) : prep;
}

async function drain(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'drain');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const full = reachableMasters(t.topology).filter((m) => m.slots.length > 0);
  const m = o.nodeId
    ? givenNode(t.topology, o.nodeId, t.label)
    : await pickOne(t.topology, full, l10n.t('Redis Cluster: Drain which master?'), l10n.t('Its slots and keys move to the other masters'));
  if (!m) return undefined;
  if (m.role !== 'master' || m.slots.length === 0) {
    void vscode.window.showErrorMessage(
      m.role !== 'master'
        ? l10n.t('Redis Cluster: {0} is a replica; only a master with slots can be drained.', address(m))
        : l10n.t('Redis Cluster: {0} owns no slots; only a master with slots can be drained.', address(m)),
    );
    return { ok: false, error: 'not a master with slots' };
  }
  // A drained master turns itself into a replica of the node that took its last slot (Redis behaviour).
  const request: RebalanceRequest = { action: 'rebalance', weights: { [m.id]: 0 }, acceptPartialCounts: o.acceptPartialCounts };
  return planAndRun(s, t, o, request, l10n.t('Drain {0}', address(m)));
}

async function reshard(s: Services, arg: unknown, fixed: 'from' | 'to' | undefined): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'reshard');
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
      l10n.t('Redis Cluster: Reshard from which masters?'),
      l10n.t('Select one or more sources'),
    );
    if (!sources) return undefined;
  }
  if (!target) {
    const ids = new Set(sources.map((n) => n.id));
    target = await pickOne(
      t.topology,
      ms.filter((m) => !ids.has(m.id)),
      l10n.t('Redis Cluster: Reshard to which master?'),
    );
    if (!target) return undefined;
  }
  const available = sources.reduce((n, m) => n + countSlots(m.slots), 0);
  let slots = o.slots;
  if (slots === undefined) {
    const text = await vscode.window.showInputBox({
      title: l10n.t('Redis Cluster: how many slots to {0}?', address(target)),
      prompt: l10n.t('The sources hold {0} slots', available),
      value: String(Math.min(available, 100)),
      validateInput: (v) => validateSlotCount(v, available),
      ignoreFocusOut: true,
    });
    if (text === undefined) return undefined;
    slots = Number(text);
  }
  const title = l10n.t('Reshard {0} slots to {1}', slots, address(target));
  const request: MigrationRequest = {
    action: 'reshard',
    from: sources.map((n) => n.id),
    to: target.id,
    slots,
    acceptPartialCounts: o.acceptPartialCounts,
  };
  return planAndRun(s, t, o, request, title);
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
