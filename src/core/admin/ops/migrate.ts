// Executes a Plan (from plan/rebalance.ts or plan/reshard.ts): moves slots with their keys, safely and fast.
//
// Safety:
//   - refuses to start unless the cluster is ok, has no open slot, and every node agrees (guard.ts);
//   - takes the cluster-wide admin lock (lock.ts) so two admin operations never interleave, or runs under the
//     caller's (opts.lock = { held });
//   - every slot follows the documented IMPORTING/MIGRATING/MIGRATE/SETSLOT NODE order (migrateSlots.ts);
//   - cancellation (AbortSignal) stops at a safe point: the group of slots in flight is finished (bounded
//     to well under a second by the adaptive sizing), nothing new starts, no slot is left open;
//   - resumable: a move whose slot the target already owns is skipped, so re-running a plan after a
//     cancel or failure finishes only the rest. A slot owned by neither side stops the run before it starts.
// Speed:
//   - each source→target pair runs as a lane; lanes run concurrently up to `concurrency`. A node is never a
//     source in two lanes (MIGRATE blocks the source), never source and target at once (two blocking
//     MIGRATEs towards each other would deadlock until timeout), but may import from several sources;
//   - a lane moves slots in groups whose size adapts to key density and measured speed (aiming at
//     `targetGroupMs` per group), pipelining each protocol step over the whole group.
//
// Public API:
//   executePlan(session, plan, opts?: ExecuteOptions): Promise<MigrationResult>
//       throws ReadOnlyError, AdminRefusedError (guard), AdminLockedError (lock held), PlanStaleError (slot owned
//       by a third node), MigrationError (slot-level failures: node, slot, command; slots left open for fix)
//   drainMaster(session, master, opts) — empties a master across the others (for removeNode's `drain`);
//       throws CancelledError when cancelled before the master is empty
//   interface MigrationProgress, MigrationResult, ExecuteOptions
import type { ClusterSession } from '../../connection/session';
import { type Topology, address, discoverTopology } from '../../topology/topology';
import { agreementProblems, readAllViews, waitUntil } from '../../topology/agreement';
import type { Plan, Move } from '../plan/types';
import { ownerMap } from '../plan/balance';
import { planRebalance } from '../plan/rebalance';
import { CancelledError, RedisClusterError, assertWritable, errorText } from '../../common/errors';
import { type AdminLock, type LockUse, adminLock } from './lock';
import { assertReadyForMigration } from './guard';
import { announceOwners } from './announce';
import { MigrationError, type PairNode, type SlotFailure } from './migrateSlots';
import { runLane as runPipelinedLane } from './migrateLane';
import { Canary, PACE_SETTINGS, type Pace } from './pace';
import { shortId } from '../../common/format';
import { masters, nodeById } from '../../topology/nodeLookup';

export interface MigrationProgress {
  phase: 'checking' | 'moving' | 'settling' | 'done' | 'cancelled' | 'failed';
  slotsTotal: number;
  slotsDone: number;
  /** Moves skipped because the target already owned the slot (an earlier run did them). */
  slotsSkipped: number;
  keysMoved: number;
  /** Sum of the plan's key estimates for the moves to do, when it has them. */
  keysEstimated?: number;
  keysPerSec: number;
  etaMs?: number;
  elapsedMs: number;
  /** Pairs being worked on right now. */
  active: { from: string; to: string }[];
  /**
   * Gentle pace: the canary's latest round trip on the busiest watched node and its budget (ms), the slots per
   * pipeline it allows now, and the busiest watched node's own ops rate.
   */
  canary?: { ms: number; budgetMs: number; slotsInFlight: number; opsPerSec?: number };
  message: string;
}

export interface ExecuteOptions {
  onProgress?: (p: MigrationProgress) => void;
  signal?: AbortSignal;
  /** 'fast' (default): today's speed. 'gentle': small steps, held while a canary sees client latency rise (pace.ts). */
  pace?: Pace;
  /** Concurrent source→target lanes. Default 8 (fast), 1 (gentle). */
  concurrency?: number;
  /** Lanes importing into one target at once. Default 8 (fast), 1 (gentle). */
  maxImportsPerTarget?: number;
  /** Keys per GETKEYSINSLOT/MIGRATE. Default 1000. */
  keysPerMigrate?: number;
  /** Wall time a group of slots should take; smaller = more responsive cancel, larger = fewer round trips. Default 300. */
  targetGroupMs?: number;
  /** Slots in a lane's first group; later groups adapt. Default 128. */
  initialGroupSlots?: number;
  /** MIGRATE timeout, ms. Default 10000. */
  migrateTimeoutMs?: number;
  /** MIGRATE ... REPLACE on BUSYKEY (drops the target's copy of a duplicate key). Default false: fail and report. */
  replace?: boolean;
  /** Default 'take': acquire the admin lock for the run; { held } runs under the caller's lock. */
  lock?: LockUse;
  /** The topology the plan was made from, just read: the guard checks the nodes' views against it instead of reading it again. */
  topology?: Topology;
  /** Wait for every node to agree after the moves. Default true (bounded by settleTimeoutMs, default 30000). */
  settle?: boolean;
  settleTimeoutMs?: number;
}

export interface MigrationResult {
  status: 'done' | 'cancelled';
  slotsMoved: number;
  slotsSkipped: number;
  keysMoved: number;
  elapsedMs: number;
  warnings: string[];
}

export class PlanStaleError extends RedisClusterError {
  override name = 'PlanStaleError';
  constructor(message: string) {
    super('plan-stale', message, 'Make a new plan from the current topology');
  }
}

interface Lane {
  from: PairNode;
  to: PairNode;
  moves: Move[];
}

function pairNode(topo: Topology, id: string): PairNode {
  const n = nodeById(topo.nodes, id);
  if (!n) throw new PlanStaleError(`node ${id} of the plan is no longer in the cluster; make a new plan`);
  return { id, host: n.host, port: n.port, address: address(n) };
}

/** Splits the plan into lanes, dropping moves already done; throws if a slot moved elsewhere. */
function lanesFor(plan: Plan, topo: Topology): { lanes: Lane[]; skipped: number } {
  const owner = ownerMap(masters(topo));
  const lanes = new Map<string, Lane>();
  let skipped = 0;
  const stale: string[] = [];
  for (const m of plan.moves) {
    const now = owner.get(m.slot);
    if (now === m.to) {
      skipped++;
      continue;
    }
    if (now !== m.from) {
      stale.push(`slot ${m.slot} is owned by ${now ? shortId(now) : 'nobody'}, not by ${shortId(m.from)}`);
      continue;
    }
    const key = `${m.from}>${m.to}`;
    const lane = lanes.get(key) ?? { from: pairNode(topo, m.from), to: pairNode(topo, m.to), moves: [] };
    lane.moves.push(m);
    lanes.set(key, lane);
  }
  if (stale.length)
    throw new PlanStaleError(
      `the plan no longer matches the cluster (${stale.length} slot(s), e.g. ${stale.slice(0, 3).join('; ')}); make a new plan`,
    );
  return { lanes: [...lanes.values()], skipped };
}

export async function executePlan(session: ClusterSession, plan: Plan, opts: ExecuteOptions = {}): Promise<MigrationResult> {
  const t0 = Date.now();
  const action = `${plan.kind} (${plan.moves.length} slot moves)`;
  // A read-only profile is refused before anything is written, the lock key included.
  assertWritable(session.profile, action);
  // The lock is taken while the guard reads the cluster (both mostly wait on the network, a cold session
  // connects its routed client here; see bench/README.md). The guard's refusal still wins, and a lock taken
  // for a refused run is given back at once.
  const held = adminLock(session, plan.kind, opts.lock);
  try {
    const topo = await assertReadyForMigration(session, action, opts.topology);
    const { lanes, skipped } = lanesFor(plan, topo);
    return await runLanes({ session, topo, lanes, skipped, opts, t0, lock: await held.lock });
  } finally {
    await held.release();
  }
}

/** One execution's inputs, handed from executePlan to the lane runner. */
interface LaneRun {
  session: ClusterSession;
  topo: Topology;
  lanes: Lane[];
  skipped: number;
  opts: ExecuteOptions;
  t0: number;
  lock: AdminLock | undefined;
}

/** Runs the lanes at the chosen pace; a gentle run keeps a latency canary on every source and target meanwhile. */
async function runLanes(run: LaneRun): Promise<MigrationResult> {
  const pace = PACE_SETTINGS[run.opts.pace ?? 'fast'];
  const canary = run.opts.pace === 'gentle' ? new Canary(run.session) : undefined;
  try {
    await canary?.start([...new Set(run.lanes.flatMap((l) => [l.from.address, l.to.address]))]);
    return await moveLanes(run, pace, canary);
  } finally {
    await canary?.close();
  }
}

async function moveLanes(run: LaneRun, pace: (typeof PACE_SETTINGS)[Pace], canary: Canary | undefined): Promise<MigrationResult> {
  const { session, topo, lanes, skipped, opts, t0, lock } = run;
  const total = lanes.reduce((t, l) => t + l.moves.length, 0);
  const estimated = lanes.every((l) => l.moves.every((m) => m.keys !== undefined))
    ? lanes.reduce((t, l) => t + l.moves.reduce((u, m) => u + (m.keys ?? 0), 0), 0)
    : undefined;
  const liveMasters = masters(topo)
    .filter((n) => !n.flags.includes('fail'))
    .map((n) => address(n));
  const state = { done: 0, keys: 0, failures: [] as SlotFailure[], warnings: [] as string[], stop: false, fatal: undefined as unknown };
  const active = new Set<Lane>();
  const report = (phase: MigrationProgress['phase'], message: string) => {
    const elapsed = Date.now() - t0;
    const keysPerSec = elapsed > 0 ? (state.keys * 1000) / elapsed : 0;
    let etaMs: number | undefined;
    if (state.done > 0 && state.done < total) {
      etaMs =
        estimated !== undefined && keysPerSec > 0 && state.keys > 0
          ? ((estimated - state.keys) * 1000) / keysPerSec
          : (elapsed * (total - state.done)) / state.done;
      etaMs = Math.max(0, Math.round(etaMs));
    }
    try {
      opts.onProgress?.({
        phase,
        slotsTotal: total,
        slotsDone: state.done,
        slotsSkipped: skipped,
        keysMoved: state.keys,
        keysEstimated: estimated,
        keysPerSec,
        etaMs,
        elapsedMs: elapsed,
        active: [...active].map((l) => ({ from: l.from.id, to: l.to.id })),
        message,
        canary: canary ? canary.report(pace.chunks.slots) : undefined,
      });
    } catch {
      // A broken progress sink must not leave slots open.
    }
  };
  const announcing: Promise<string[]>[] = [];
  const shouldStop = () => state.stop || !!opts.signal?.aborted || !!lock?.lost;
  report('moving', `${total} slots to move in ${lanes.length} lane(s)${skipped ? `, ${skipped} already done` : ''}`);

  const runLane = (lane: Lane) =>
    runPipelinedLane(
      {
        session,
        source: lane.from,
        target: lane.to,
        keysPerMigrate: opts.keysPerMigrate ?? pace.keysPerMigrate,
        migrateTimeoutMs: opts.migrateTimeoutMs ?? 10000,
        replace: !!opts.replace,
        onKeys: (n) => (state.keys += n),
      },
      lane.moves,
      {
        shouldStop,
        targetGroupMs: opts.targetGroupMs ?? pace.targetGroupMs,
        initialGroupSlots: opts.initialGroupSlots ?? pace.initialGroupSlots,
        gate: canary ? () => canary.gate() : undefined,
        chunks: canary && !pace.chunks.together ? { ...pace.chunks, next: () => canary.chunkSlots(pace.chunks.slots) } : pace.chunks,
        onGroupDone: (r, slots, ms) => {
          state.done += r.done.length;
          // The other masters are told without holding up the lane's next group.
          const known = [lane.from.address, lane.to.address];
          if (r.done.length)
            announcing.push(
              announceOwners(
                session,
                liveMasters,
                r.done.map((slot) => ({ slot, owner: lane.to.id, known })),
              ),
            );
          state.warnings.push(...r.warnings);
          if (r.failed.length) {
            state.failures.push(...r.failed);
            state.stop = true;
          }
          report('moving', `${lane.from.address} -> ${lane.to.address}: ${r.done.length} of ${slots} slots, ${r.keys} keys in ${ms} ms`);
        },
      },
    );

  // Scheduler: start every lane whose nodes are free, up to the concurrency bound.
  const concurrency = Math.max(1, opts.concurrency ?? pace.concurrency);
  const perTarget = Math.max(1, opts.maxImportsPerTarget ?? pace.maxImportsPerTarget);
  const queue = [...lanes];
  const busySource = new Set<string>();
  const imports = new Map<string, number>();
  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      if (shouldStop() || queue.length === 0) {
        if (running === 0) resolve();
        return;
      }
      for (let q = 0; q < queue.length && running < concurrency; q++) {
        const l = queue[q];
        const free =
          !busySource.has(l.from.id) && !imports.has(l.from.id) && !busySource.has(l.to.id) && (imports.get(l.to.id) ?? 0) < perTarget;
        if (!free) continue;
        queue.splice(q--, 1);
        running++;
        busySource.add(l.from.id);
        imports.set(l.to.id, (imports.get(l.to.id) ?? 0) + 1);
        active.add(l);
        runLane(l).then(
          () => {
            running--;
            busySource.delete(l.from.id);
            const n = (imports.get(l.to.id) ?? 1) - 1;
            if (n) imports.set(l.to.id, n);
            else imports.delete(l.to.id);
            active.delete(l);
            pump();
          },
          (e: unknown) => {
            state.stop = true;
            state.fatal ??= e;
            running--;
            active.delete(l);
            pump();
          },
        );
      }
      if (running === 0) resolve();
    };
    pump();
  });

  for (const w of await Promise.all(announcing)) state.warnings.push(...w);
  if (state.fatal) {
    report('failed', String(state.fatal));
    if (state.fatal instanceof MigrationError)
      throw new MigrationError([...state.fatal.failures, ...state.failures], `${state.done} of ${total} slots moved, then`);
    throw state.fatal;
  }
  if (state.failures.length) {
    report('failed', `${state.failures.length} slot(s) failed`);
    throw new MigrationError(state.failures, `${state.done} of ${total} slots moved, then`);
  }
  if (lock?.lost) {
    const hint = 'Re-run the same plan to finish';
    const where = `after ${state.done} of ${total} slots at a safe point (no slot open)`;
    throw new RedisClusterError('lock-lost', `stopped ${where}: ${lock.lostReason}. ${hint}`, hint);
  }
  const cancelled = state.done < total;
  if (opts.settle !== false && state.done > 0) {
    // Polled after 5, 10, 20, 40, then every 50 ms: the last handover's broadcast usually brings every node in line
    // within a few ms, so a fixed longer pause would be added to every short migration (bench/README.md);
    // slower convergence (gossip) is still polled gently.
    report('settling', 'waiting for every node to agree on the new owners');
    try {
      await waitUntil(
        async () =>
          agreementProblems(await readAllViews(session, await discoverTopology(session, { openSlots: false })), { requireOk: true })[0],
        { timeoutMs: opts.settleTimeoutMs ?? 30000, intervalMs: 5, maxIntervalMs: 50, what: 'all nodes to agree after the migration' },
      );
    } catch (e) {
      state.warnings.push(errorText(e));
    }
  }
  report(
    cancelled ? 'cancelled' : 'done',
    cancelled ? `cancelled after ${state.done} of ${total} slots; no slot left open` : `moved ${state.done} slots, ${state.keys} keys`,
  );
  return {
    status: cancelled ? 'cancelled' : 'done',
    slotsMoved: state.done,
    slotsSkipped: skipped,
    keysMoved: state.keys,
    elapsedMs: Date.now() - t0,
    warnings: state.warnings,
  };
}

/** Empties `master` onto the other masters with slots (a rebalance with its weight at 0). For removeNode's `drain`. */
export async function drainMaster(session: ClusterSession, master: { id: string }, opts: ExecuteOptions = {}): Promise<MigrationResult> {
  const topo = await discoverTopology(session);
  const plan = planRebalance(topo, { weights: { [master.id]: 0 } });
  const result = await executePlan(session, plan, opts);
  if (result.status !== 'done') {
    const where = `the drain of ${shortId(master.id)} after ${result.slotsMoved} of ${plan.moves.length} slots (no slot left open)`;
    throw new CancelledError(`${where}; it still owns slots`, 'Run the drain again to finish');
  }
  return result;
}
