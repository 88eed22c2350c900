// One source→target lane of a migration: the groups of migrateSlots.ts, software-pipelined so that the
// next group's work overlaps the current one's instead of waiting behind it.
//
// Per group, migrateGroup needs 5 sequential round trips (IMPORTING, MIGRATING, MIGRATE, NODE on target,
// NODE on source). Here a lane keeps two groups in flight, `prev` (keys moved, being handed over) and
// `cur` (being opened and emptied), and one ahead, `next` (being opened on the target):
//   target: [NODE prev, IMPORTING next]            ┐ concurrently (different nodes, disjoint slots)
//   source: [MIGRATING cur + GETKEYSINSLOT cur]    ┘
//   source: [NODE prev, MIGRATE cur + GETKEYSINSLOT cur]   (then more MIGRATE rounds for dense slots)
// so a steady-state group costs two source round trips, and the target's work hides behind the source's.
// The documented order still holds per slot, because each dependency is awaited before the dependent
// command is sent: IMPORTING(next) is acknowledged before MIGRATING(next) goes out (one iteration later);
// every key of `prev` had moved (GETKEYSINSLOT empty while MIGRATING) before NODE(prev) reaches the target;
// the target acknowledged NODE(prev) before NODE(prev) reaches the source; the other masters are told
// after that (by the caller, from onGroupDone) — they learn a new owner no earlier than the source did, and
// until they do they send clients to the source, which answers ASK/MOVED to the target: no write is lost,
// so nothing of this lane has to wait for them.
//
// Safe points: `next` is only opened on the target (IMPORTING), never on the source, so a cancel or a
// failure closes it with SETSLOT STABLE (no client was ever sent ASK for it, so the target holds no key of
// it) and finishes `cur` and `prev`. No slot is left open except a failed one (see migrateSlots.ts).
//
// Public API:
//   runLane(ctx: PairContext, moves: {slot, keys?}[], opts: LaneOptions): Promise<void>
//   interface LaneOptions
import type { Move } from '../plan/types';
import { type GroupResult, type GroupState, type PairContext, type SlotFailure, type Step, MigrationError, importStep, migrateStep, migratingStep, newGroup, nodeOnSourceStep, nodeOnTargetStep, rollbackImporting, send } from './migrateSlots';

export interface LaneOptions {
  shouldStop: () => boolean;
  /** A group is finished (its slots handed over or failed); ms is the time its own source work took. */
  onGroupDone: (r: GroupResult, slots: number, ms: number) => void;
  targetGroupMs: number;
  initialGroupSlots: number;
}

/** Group sizes adapt to key density (plan estimates, else running average) and measured speed. */
class Sizer {
  private maxSlots: number;
  private maxKeys = 5000;
  private avgKeys = 0;
  private i = 0;
  constructor(private readonly moves: Pick<Move, 'slot' | 'keys'>[], initial: number, private readonly targetMs: number) {
    this.maxSlots = initial;
  }
  next(): number[] | undefined {
    const group: number[] = [];
    let budget = 0;
    while (this.i < this.moves.length && group.length < this.maxSlots) {
      const est = this.moves[this.i].keys ?? this.avgKeys;
      if (group.length > 0 && budget + est > this.maxKeys) break;
      group.push(this.moves[this.i].slot);
      budget += est;
      this.i++;
    }
    return group.length ? group : undefined;
  }
  learn(slots: number, keys: number, ms: number): void {
    this.avgKeys = this.avgKeys === 0 ? keys / slots : 0.7 * this.avgKeys + (0.3 * keys) / slots;
    const scale = Math.min(2, Math.max(0.5, this.targetMs / Math.max(1, ms)));
    this.maxSlots = Math.round(Math.min(2048, Math.max(4, this.maxSlots * scale)));
    if (keys > 0) this.maxKeys = Math.round(Math.min(50000, Math.max(200, Math.max(this.maxKeys, keys) * scale)));
  }
}

export async function runLane(ctx: PairContext, moves: Pick<Move, 'slot' | 'keys'>[], opts: LaneOptions): Promise<void> {
  const [src, dst] = await Promise.all([ctx.session.node(ctx.source.address), ctx.session.node(ctx.target.address)]);
  const sizer = new Sizer(moves, opts.initialGroupSlots, opts.targetGroupMs);
  const inFlight = new Set<GroupState>();
  const finish = (g: GroupState, ms: number) => {
    inFlight.delete(g);
    opts.onGroupDone(g.result, g.slots.length, ms);
  };
  const steps = (...s: (Step | false | undefined)[]) => s.filter((x): x is Step => !!x);
  try {
    const first = opts.shouldStop() ? undefined : sizer.next();
    if (!first) return;
    let cur: GroupState | undefined = newGroup(first);
    inFlight.add(cur);
    await send(dst, [importStep(ctx, cur)]);
    let prev: { g: GroupState; ms: number } | undefined;
    while (cur) {
      const failed: boolean = cur.result.failed.length > 0 || (prev?.g.result.failed.length ?? 0) > 0;
      const slots: number[] | undefined = failed || opts.shouldStop() ? undefined : sizer.next();
      const next: GroupState | undefined = slots ? newGroup(slots) : undefined;
      if (next) inFlight.add(next);
      const t0 = Date.now();
      await Promise.all([
        send(dst, steps(prev && nodeOnTargetStep(ctx, prev.g), next && importStep(ctx, next))),
        send(src, [migratingStep(ctx, cur)]),
      ]);
      await rollbackImporting(ctx, cur.rollback, cur.result.warnings);
      await send(src, steps(prev && nodeOnSourceStep(ctx, prev.g), migrateStep(ctx, cur)));
      if (prev) finish(prev.g, prev.ms);
      const handedOver = prev?.g;
      while (cur.pending.size) await send(src, [migrateStep(ctx, cur)]);
      const ms = Date.now() - t0;
      sizer.learn(cur.slots.length, cur.result.keys, ms);
      if (next && (cur.result.failed.length > 0 || (handedOver?.result.failed.length ?? 0) > 0 || opts.shouldStop())) {
        // Opened ahead on the target only: close it, nobody was sent there.
        await rollbackImporting(ctx, next.importing, cur.result.warnings);
        inFlight.delete(next);
        prev = { g: cur, ms };
        cur = undefined;
        break;
      }
      prev = { g: cur, ms };
      cur = next;
    }
    if (prev) {
      await send(dst, [nodeOnTargetStep(ctx, prev.g)]);
      await send(src, [nodeOnSourceStep(ctx, prev.g)]);
      finish(prev.g, prev.ms);
    }
  } catch (e) {
    // A connection-level failure (node down): every slot in flight may be open.
    const failures: SlotFailure[] = [...inFlight].flatMap((g) => [...g.result.failed, ...g.slots.filter((s) => !g.result.done.includes(s) && !g.result.failed.some((f) => f.slot === s)).map((s) => ({
      slot: s, node: `${ctx.source.address} or ${ctx.target.address}`, command: 'slot group', error: e instanceof Error ? e.message : String(e), advice: 'The slot may be left open. Run check, then fix',
    }))]);
    throw new MigrationError(failures);
  }
}
