// Rebalance and reshard as one use case for both front-ends: the request's node references are resolved to ids,
// keys are counted per slot, the rule for partial counts is applied, and the planner makes the plan. The extension
// (src/commands/rebalanceReshard.ts) and the CLI (src/cli/rebalance.ts, reshard.ts) call this and nothing else to
// plan, so the same request gives the same plan and the same command line (adminCommandLine of `request`).
//
// Partial counts: when some master cannot be counted, planning stops with PartialCountsError unless the request
// accepts partial counts (--accept-partial-counts; the extension asks). Slots of the masters that were not counted
// are then left out of the counts (unknown, not 0), and the plan's notes say which masters they were.
import { readSlotLoad } from '../../monitoring/slotLoad';
import { RedisClusterError, errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { countKeysPerSlot } from '../../monitoring/distribution';
import { resolveNode } from '../../topology/nodeLookup';
import { expandRanges } from '../../topology/slots';
import type { Topology } from '../../topology/topology';
import { planRebalance } from '../plan/rebalance';
import { planReshard } from '../plan/reshard';
import { type Plan, PlanError, type SlotKeyCounts } from '../plan/types';
import { ADMIN_DEFAULTS, type MigrationRequest, type RebalanceRequest, type ReshardRequest } from './requests';

export class PartialCountsError extends RedisClusterError {
  override name = 'PartialCountsError';
  constructor(readonly missing: readonly MissingCount[]) {
    super(
      'partial-counts',
      `cannot count keys on every master (${missing.map((m) => `${m.address}: ${m.error}`).join('; ')}); nothing was planned`,
      'Bring those masters back, or plan from partial counts on purpose (CLI: --accept-partial-counts; VS Code asks)',
    );
  }
}

export interface MissingCount {
  address: string;
  error: string;
}

export interface MigrationPrep<R extends MigrationRequest = MigrationRequest> {
  /** The request with node references resolved to ids: what the command line is written from. */
  request: R;
  plan: Plan;
  /** Masters whose keys could not be counted (only when the request accepted partial counts). */
  missing: MissingCount[];
}

export interface PrepareOptions {
  signal?: AbortSignal;
}

/** id, unambiguous id prefix or host:port → node id; a PlanError names the option (as the CLI spells it) otherwise. */
export function nodeIdOf(topology: Topology, ref: string, what: string): string {
  const r = resolveNode(topology.nodes, ref.trim());
  if ('error' in r) throw new PlanError(`${what}: ${r.error}`);
  return r.node.id;
}

/** "0-99,200" → [0..99, 200]; a PlanError for anything else. */
export function parseSlotList(text: string): number[] {
  const ranges: [number, number][] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new PlanError(`slot list: "${part}" is not a slot or a range like 10-20`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (a > b || b > 16383) throw new PlanError(`slot list: "${part}" is outside 0-16383 or reversed`);
    ranges.push([a, b]);
  }
  return expandRanges(ranges);
}

/** The request with every node reference as an id. */
export function resolveMigration<R extends MigrationRequest>(topology: Topology, r: R): R {
  if (r.action === 'rebalance') {
    const weights: Record<string, number> = {};
    for (const [ref, w] of Object.entries(r.weights ?? {})) weights[nodeIdOf(topology, ref, `--weight ${ref}`)] = w;
    return { ...r, weights } as R;
  }
  const from = r.from.length === 1 && r.from[0] === 'all' ? ['all'] : r.from.map((ref) => nodeIdOf(topology, ref, `--from ${ref}`));
  return { ...r, from, to: nodeIdOf(topology, r.to, '--to') } as R;
}

/** Keys per slot under the partial-counts rule. */
export async function migrationCounts(
  session: ClusterSession,
  topology: Topology,
  acceptPartial: boolean,
  signal?: AbortSignal,
): Promise<{ counts: SlotKeyCounts; missing: MissingCount[] }> {
  let d;
  try {
    d = await countKeysPerSlot(session, topology, { signal });
  } catch (e) {
    const missing = [{ address: 'all masters', error: errorText(e) }];
    if (!acceptPartial) throw new PartialCountsError(missing);
    return { counts: new Map(), missing };
  }
  const failed = d.masters.filter((m) => m.error);
  const missing = failed.map((m) => ({ address: m.address, error: m.error as string }));
  if (missing.length && !acceptPartial) throw new PartialCountsError(missing);
  // A master that could not be counted reads 0 for its slots: unknown, so left out rather than planned as empty.
  const unknown = new Set(failed.flatMap((m) => expandRanges(topology.nodes.find((n) => n.id === m.id)?.slots ?? [])));
  const counts = new Map<number, number>();
  d.slots.forEach((n, slot) => {
    if (!unknown.has(slot)) counts.set(slot, n);
  });
  return { counts, missing };
}

function plan(topology: Topology, r: RebalanceRequest | ReshardRequest, counts: SlotKeyCounts, load?: SlotKeyCounts): Plan {
  if (r.action === 'rebalance') {
    return planRebalance(topology, {
      weights: r.weights,
      threshold: r.threshold ?? ADMIN_DEFAULTS.threshold,
      useEmptyMasters: r.useEmptyMasters ?? ADMIN_DEFAULTS.useEmptyMasters,
      by: r.by ?? ADMIN_DEFAULTS.by,
      counts,
      load,
    });
  }
  if ((r.slots === undefined) === (r.slotList === undefined)) throw new PlanError('give exactly one of slots or slotList');
  return planReshard(topology, {
    from: r.from,
    to: r.to,
    slots: r.slots,
    slotList: r.slotList === undefined ? undefined : parseSlotList(r.slotList),
    counts,
  });
}

/** Resolve, count, plan. Throws PlanError for a request that cannot be planned, PartialCountsError per the rule. */
export async function prepareMigration<R extends MigrationRequest>(
  session: ClusterSession,
  topology: Topology,
  request: R,
  opts: PrepareOptions = {},
): Promise<MigrationPrep<R>> {
  // The request's own syntax first (a slot list out of range), then what it names in the cluster.
  if (request.action === 'reshard' && request.slotList !== undefined) parseSlotList(request.slotList);
  const resolved = resolveMigration(topology, request);
  // Checked before counting, so a wrong request fails at once.
  const byLoad = resolved.action === 'rebalance' && resolved.by === 'load';
  plan(topology, resolved, new Map(), byLoad ? new Map() : undefined);
  const { counts, missing } = await migrationCounts(session, topology, !!resolved.acceptPartialCounts, opts.signal);
  // By load: the CPU time of every slot over the window (refused, with the reason, where a master cannot say).
  const windowS = resolved.action === 'rebalance' ? (resolved.loadWindowSeconds ?? ADMIN_DEFAULTS.loadWindowSeconds) : 0;
  const load = byLoad ? await readSlotLoad(session, topology, { windowMs: windowS * 1000, signal: opts.signal }) : undefined;
  const p = plan(topology, resolved, counts, load);
  if (missing.length) p.notes.push(`key counts are partial (accepted): not counted on ${missing.map((m) => m.address).join(', ')}`);
  return { request: resolved, plan: p, missing };
}
