// The admin agent tools: failover, rebalance, reshard, fix. Each one plans first from a fresh topology (the same
// pure planners as the palette); the plan is what the confirmation shows (VS Code's prepareInvocation) and what
// `dryRun` returns. Running goes through the host (the palette's command path in the editor, the core executors in
// the CLI), which keeps the admin lock, the progress and the logged CLI line. Read-only profiles are refused;
// protected ones are refused with a pointer to the palette, where the profile name is typed.
import { FAILOVER_MODES, type FailoverMode } from '../admin/ops/failover';
import { adminCommandLine } from '../admin/commandLine';
import type { AdminRequest as SharedRequest } from '../admin/useCases/requests';
import { checkCluster } from '../admin/ops/check';
import { planRebalance } from '../admin/plan/rebalance';
import { renderPlan } from '../admin/plan/render';
import { planReshard } from '../admin/plan/reshard';
import { type Plan, PlanError } from '../admin/plan/types';
import { AdminRefusedError, ReadOnlyError } from '../common/errors';
import { countKeysPerSlot } from '../monitoring/distribution';
import { formatRanges } from '../topology/slots';
import { type Topology, address, findNode } from '../topology/topology';
import { type JsonSchema, type ObjectSchema, ToolInputError } from './schema';
import { PROFILE_INPUT, resolveTarget } from './target';
import type { AdminRequest, AgentTarget, AgentTool, ToolContext } from './types';

export interface AdminPlan {
  /** "Reshard 100 slots to 127.0.0.1:7002 on prod": the confirmation's title. */
  title: string;
  /** Markdown: what will change, the plan, and the equivalent CLI line. */
  message: string;
  cliLine: string;
  request: AdminRequest;
  target: AgentTarget;
  /** Set when there is nothing to do: the reason; nothing runs and nothing is confirmed. */
  noop?: string;
}

export interface AdminTool<I extends { dryRun?: boolean }> extends AgentTool<I> {
  plan(input: I, ctx: ToolContext): Promise<AdminPlan>;
}

const DRY_RUN: JsonSchema = { type: 'boolean', description: 'true: only return the plan; nothing changes and nothing is asked.' };

/** Why an admin action may not run on this profile from an agent, or undefined when it may. */
export function adminRefusal(t: AgentTarget, action: string): Error | undefined {
  if (t.profile.readOnly) return new ReadOnlyError(t.profile.name, action);
  if (t.profile.protected)
    return new AdminRefusedError(
      `profile "${t.profile.name}" is protected: agent tools do not run ${action} on it. Ask the user to run it from the ` +
        `Command Palette ("Redis Cluster: ${action[0].toUpperCase()}${action.slice(1)}…"), where the profile name is typed ` +
        'to confirm; nothing was changed',
      'Run it from the Command Palette',
    );
  return undefined;
}

function node(topo: Topology, ref: string, what: string) {
  try {
    return findNode(topo, ref.trim());
  } catch (e) {
    throw new ToolInputError(`input "${what}": ${(e as Error).message}`);
  }
}

async function counts(t: AgentTarget, signal: AbortSignal | undefined) {
  const d = await countKeysPerSlot(t.session, t.topology, { signal });
  return d.complete ? new Map(Array.from(d.slots, (n, slot): [number, number] => [slot, n])) : undefined;
}

function planned(make: () => Plan): Plan {
  try {
    return make();
  } catch (e) {
    if (e instanceof PlanError) throw new ToolInputError(e.message);
    throw e;
  }
}

/** The agent's request as the shared admin request, so its logged line is the one the palette and the CLI write. */
function sharedRequest(r: AdminRequest): SharedRequest {
  switch (r.kind) {
    case 'failover':
      return { action: 'failover', node: r.nodeId, mode: r.mode };
    case 'rebalance':
      return { action: 'rebalance', by: r.by, threshold: r.threshold, useEmptyMasters: r.useEmptyMasters, weights: r.weights };
    case 'reshard':
      return { action: 'reshard', from: r.sourceIds, to: r.targetId, slots: r.slots };
    default:
      return { action: 'fix', replace: r.replace };
  }
}

function slotPlan(t: AgentTarget, plan: Plan, title: string, request: AdminRequest, file: string): AdminPlan {
  const cliLine = adminCommandLine(sharedRequest(request), file);
  const noop = plan.moves.length === 0 ? `nothing to move${plan.notes.length ? `: ${plan.notes.join('; ')}` : ''}` : undefined;
  const message =
    `${plan.totals.slots} slot(s)${plan.totals.keys === undefined ? '' : `, about ${plan.totals.keys} key(s)`} ` +
    `move on "${t.profile.name}"; clients keep working (MOVED/ASK); cancel stops at a safe point.\n\n` +
    `${renderPlan(plan, 'markdown')}\n\nEquivalent command line:\n\n    ${cliLine}`;
  return { title, message, cliLine, request, target: t, noop };
}

async function run<I extends { dryRun?: boolean }>(tool: AdminTool<I>, input: I, ctx: ToolContext, action: string) {
  const p = await tool.plan(input, ctx);
  if (p.noop) return { summary: `${p.title}: ${p.noop}. Nothing was changed.` };
  if (input.dryRun)
    return { summary: `${p.title}: plan only (dryRun), nothing was changed.`, data: { plan: p.message, cliLine: p.cliLine } };
  const refusal = adminRefusal(p.target, action);
  if (refusal) throw refusal;
  const outcome = await ctx.host.runAdmin(p.request, { signal: ctx.signal, cliLine: p.cliLine });
  return {
    summary: outcome.ok ? outcome.message : `${p.title} did not complete: ${outcome.message}`,
    failed: !outcome.ok,
    data: { ok: outcome.ok, cliLine: p.cliLine, plan: p.message, result: outcome.detail },
  };
}

const schema = (properties: Record<string, JsonSchema>, required: string[] = []): ObjectSchema => ({
  type: 'object',
  properties: { profile: PROFILE_INPUT, ...properties, dryRun: DRY_RUN },
  required,
  additionalProperties: false,
});

type FailoverInput = { profile?: string; node: string; mode?: FailoverMode; dryRun?: boolean };
export const failoverTool: AdminTool<FailoverInput> = {
  name: 'redis_cluster_failover',
  title: 'Fail over to a replica',
  description:
    "Promotes a replica to master in place of its master (CLUSTER FAILOVER), e.g. before maintenance of the master's host. " +
    'Give the replica as "node" (id, id prefix or host:port; see redis_cluster_topology). The user confirms the plan first. ' +
    'Mode "default" is safe; "force"/"takeover" are for masters that are down.',
  inputSchema: schema(
    {
      node: { type: 'string', minLength: 1, description: 'The replica to promote.' },
      mode: { type: 'string', enum: ['default', 'force', 'takeover'] },
    },
    ['node'],
  ),
  admin: true,
  async plan(input, ctx) {
    const t = await resolveTarget(input.profile, ctx);
    const n = node(t.topology, input.node, 'node');
    if (n.role !== 'replica') throw new ToolInputError(`input "node": ${address(n)} is a master; give one of its replicas`);
    const master = t.topology.nodes.find((m) => m.id === n.masterId);
    const mode = input.mode ?? 'default';
    const cliLine = adminCommandLine({ action: 'failover', node: n.id, mode }, ctx.host.profileFile(t));
    const title = `Fail over to ${address(n)} on "${t.profile.name}"`;
    const message =
      `${address(n)} (${n.id}) becomes master${master ? ` in place of ${address(master)}, which becomes its replica` : ''}. ` +
      `Mode ${FAILOVER_MODES[mode].label}: ${FAILOVER_MODES[mode].risk}\n\nEquivalent command line:\n\n    ${cliLine}`;
    return { title, message, cliLine, target: t, request: { kind: 'failover', profile: t.id, nodeId: n.id, mode } };
  },
  run(input, ctx) {
    return run(this, input, ctx, 'failover');
  },
};

type RebalanceInput = {
  profile?: string;
  by?: 'slots' | 'keys';
  threshold?: number;
  useEmptyMasters?: boolean;
  weights?: Record<string, number>;
  dryRun?: boolean;
};
export const rebalanceTool: AdminTool<RebalanceInput> = {
  name: 'redis_cluster_rebalance',
  title: 'Rebalance slots',
  description:
    'Moves slots (with their keys) so masters hold shares in proportion to their weights, like redis-cli --cluster rebalance. ' +
    'Use after adding a master (useEmptyMasters) or when redis_cluster_distribution shows imbalance; weight 0 drains a master. ' +
    'The user confirms the plan first; dryRun returns the plan only.',
  inputSchema: schema({
    by: { type: 'string', enum: ['slots', 'keys'], description: 'Balance slot counts (default) or key counts.' },
    threshold: { type: 'number', minimum: 0, maximum: 100, description: 'Percent off target below which nothing moves (default 2).' },
    useEmptyMasters: { type: 'boolean', description: 'Let masters without slots take a share.' },
    weights: {
      type: 'object',
      additionalProperties: { type: 'number', minimum: 0 },
      description: 'Weight per master (id, id prefix or host:port); default 1.',
    },
  }),
  admin: true,
  async plan(input, ctx) {
    const t = await resolveTarget(input.profile, ctx);
    const weights: Record<string, number> = {};
    for (const [ref, w] of Object.entries(input.weights ?? {})) weights[node(t.topology, ref, `weights.${ref}`).id] = w;
    const by = input.by ?? 'slots';
    const opts = { by, threshold: input.threshold, useEmptyMasters: input.useEmptyMasters, weights };
    const c = await counts(t, ctx.signal);
    const plan = planned(() => planRebalance(t.topology, { ...opts, counts: c }));
    return slotPlan(
      t,
      plan,
      `Rebalance "${t.profile.name}" by ${by}`,
      { kind: 'rebalance', profile: t.id, ...opts },
      ctx.host.profileFile(t),
    );
  },
  run(input, ctx) {
    return run(this, input, ctx, 'rebalance');
  },
};

type ReshardInput = { profile?: string; from: string[]; to: string; slots: number; dryRun?: boolean };
export const reshardTool: AdminTool<ReshardInput> = {
  name: 'redis_cluster_reshard',
  title: 'Reshard slots',
  description:
    'Moves a number of slots (with their keys) from one or more source masters to a target master, like redis-cli --cluster ' +
    'reshard. Masters are given as id, id prefix or host:port (see redis_cluster_topology). The user confirms the plan first; ' +
    'dryRun returns the plan only.',
  inputSchema: schema(
    {
      from: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 100, description: 'Source masters.' },
      to: { type: 'string', minLength: 1, description: 'Target master.' },
      slots: { type: 'integer', minimum: 1, maximum: 16384, description: 'How many slots to move.' },
    },
    ['from', 'to', 'slots'],
  ),
  admin: true,
  async plan(input, ctx) {
    const t = await resolveTarget(input.profile, ctx);
    const sources = input.from.map((r, i) => node(t.topology, r, `from[${i}]`).id);
    const to = node(t.topology, input.to, 'to');
    const c = await counts(t, ctx.signal);
    const plan = planned(() => planReshard(t.topology, { from: sources, to: to.id, slots: input.slots, counts: c }));
    const request: AdminRequest = { kind: 'reshard', profile: t.id, sourceIds: sources, targetId: to.id, slots: input.slots };
    return slotPlan(t, plan, `Reshard ${input.slots} slots to ${address(to)} on "${t.profile.name}"`, request, ctx.host.profileFile(t));
  },
  run(input, ctx) {
    return run(this, input, ctx, 'reshard');
  },
};

type FixInput = { profile?: string; replace?: boolean; dryRun?: boolean };
export const fixTool: AdminTool<FixInput> = {
  name: 'redis_cluster_fix',
  title: 'Fix open and uncovered slots',
  description:
    'Repairs what redis_cluster_check reports as fixable, like redis-cli --cluster fix: finishes or rolls back half-done slot ' +
    'migrations and assigns uncovered slots. Use only after a check found fixable problems. "replace" allows overwriting keys ' +
    'that exist on both sides of an open slot. The user confirms the plan first.',
  inputSchema: schema({ replace: { type: 'boolean', description: "Overwrite the target's copy of keys present on both sides." } }),
  admin: true,
  async plan(input, ctx) {
    const t = await resolveTarget(input.profile, ctx);
    const r = await checkCluster(t.session, { signal: ctx.signal });
    const file = ctx.host.profileFile(t);
    const cliLine = adminCommandLine({ action: 'fix', replace: input.replace }, file);
    const lines = [
      ...r.openSlots.map(
        (o) =>
          `- slot ${o.slot}: finish or roll back its migration (` +
          `${[...o.migrating.map((m) => `migrating on ${m.node}`), ...o.importing.map((i) => `importing on ${i.node}`)].join(', ')})`,
      ),
      ...(r.uncovered.length ? [`- assign uncovered slots ${formatRanges(r.uncovered)} to masters`] : []),
      ...r.problems.filter((p) => !p.fixable && p.severity === 'error').map((p) => `- not repaired by fix: ${p.message}`),
    ];
    const title = `Fix "${t.profile.name}"`;
    const noop = r.openSlots.length === 0 && r.uncovered.length === 0 ? 'nothing for fix to repair (no open or uncovered slot)' : undefined;
    const duplicates = input.replace
      ? 'Duplicate keys are replaced by the migrating copy.'
      : 'Slots with keys on both sides are left open and reported.';
    const message = `${lines.join('\n')}\n\n${duplicates}\n\nEquivalent command line:\n\n    ${cliLine}`;
    return { title, message, cliLine, target: t, noop, request: { kind: 'fix', profile: t.id, replace: !!input.replace } };
  },
  run(input, ctx) {
    return run(this, input, ctx, 'fix');
  },
};

export const ADMIN_TOOLS = [failoverTool, rebalanceTool, reshardTool, fixTool] as unknown as AdminTool<{ dryRun?: boolean }>[];
