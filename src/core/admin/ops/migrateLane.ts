// One source→target lane of a migration: the groups of migrateSlots.ts, software-pipelined so that the
// next group's work overlaps the current one's instead of waiting behind it. The one group runner: the
// executor runs a lane per pair, fix a one-slot lane per open slot.
//
// Run one after the other, a group needs 5 round trips (IMPORTING, MIGRATING, MIGRATE, NODE on target,
// NODE on source). Here a lane keeps up to three groups in flight, `prev` (keys moved, being handed over),
// `cur` (being opened and emptied) and `next` (opened on the target, then on the source once every MIGRATE of
// `cur` is queued there):
//   target: [IMPORTING next], [NODE prev] (handOverOnTarget), then source: [NODE prev] ┐ concurrently (disjoint slots)
//   source: per chunk of cur, [MIGRATING + GETKEYSINSLOT], then as soon as ┘
//           its replies are back [MIGRATE + GETKEYSINSLOT] (more rounds for dense slots) — see openAndEmpty;
//           then the same for next, queued behind cur's last MIGRATEs
// so the source always has work queued, also from one group to the next (it would otherwise sit idle at each
// group boundary while this client catches up), and the target's work hides behind the source's.
// The documented order still holds per slot, because each dependency is awaited before the dependent
// command is sent: IMPORTING(next) is acknowledged before MIGRATING(next) goes out;
// every key of `prev` had moved (GETKEYSINSLOT empty while MIGRATING) before NODE(prev) reaches the target;
// the target acknowledged NODE(prev) before NODE(prev) reaches the source; the other masters are told
// after that (by the caller, from onGroupDone, with announce.ts) — they learn a new owner no earlier than the source did, and
// until they do they send clients to the source, which answers ASK/MOVED to the target: no write is lost,
// so nothing of this lane has to wait for them.
//
// Safe points: a cancel or a failure stops the lane after the groups already opened on the source: `cur`, and
// `next` if every MIGRATE of `cur` was already queued (so a cancel waits for at most two groups, ~2 x
// targetGroupMs). A `next` opened on the target only is closed with SETSLOT STABLE (no client was ever sent ASK
// for it, so the target holds no key of it). No slot is left open except a failed one (see migrateSlots.ts).
//
// Public API:
//   runLane(ctx: PairContext, moves: {slot, keys?}[], opts: LaneOptions): Promise<void>
//   interface LaneOptions
import type Redis from 'ioredis';
import { errorText } from '../../common/errors';
import type { Move } from '../plan/types';
import {
  type GroupResult,
  type GroupState,
  type PairContext,
  type SlotFailure,
  type Step,
  MigrationError,
  handOverOnTarget,
  importStep,
  migrateStep,
  migratingStep,
  newGroup,
  nodeOnSourceStep,
  rollbackImporting,
  send,
} from './migrateSlots';

export interface LaneOptions {
  shouldStop: () => boolean;
  /** A group is finished (its slots handed over or failed); ms is the time its own source work took. */
  onGroupDone: (r: GroupResult, slots: number, ms: number) => void;
  targetGroupMs: number;
  initialGroupSlots: number;
  /**
   * Gentle pacing: the next group waits for the current one to finish, then for this, instead of queueing right
   * behind it on the source.
   */
  gate?: () => Promise<void>;
  /** How a group reaches the source (default CHUNKS). */
  chunks?: ChunkShape;
}

/**
 * Slots per pipeline on the source, and whether a group's pipelines go out together. The source runs a pipeline's
 * MIGRATEs back to back while every client waits, so gentle sends a few slots at a time, one pipeline after the
 * other, and the clients get the source between them.
 */
export interface ChunkShape {
  slots: number;
  together: boolean;
  /** One after the other only: the size of the next chunk, asked before each (gentle: the canary's chunkSlots). */
  next?: () => number;
}

/** Group sizes adapt to key density (plan estimates, else running average) and measured speed. */
class Sizer {
  private maxSlots: number;
  private maxKeys = 5000;
  private avgKeys = 0;
  private i = 0;
  constructor(
    private readonly moves: Pick<Move, 'slot' | 'keys'>[],
    initial: number,
    private readonly targetMs: number,
  ) {
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

/** Slots per chunk of openAndEmpty: small enough that the source is never idle for long, big enough to keep pipelines few. */
const CHUNKS: ChunkShape = { slots: 32, together: true };

/**
 * Opens `g` on the source (MIGRATING + GETKEYSINSLOT) and empties it, in chunks. Together (fast), the chunks'
 * pipelines overlap: every chunk's MIGRATING+GETKEYSINSLOT goes out at once (fast for the source), and each chunk's
 * MIGRATEs go out as soon as that chunk's key names are back, so the source works on chunk i's MIGRATEs while the
 * client reads chunk i+1's key names and builds its MIGRATEs, instead of sitting idle while the client does that for
 * the whole group (bench/README.md). One after the other (gentle), the source is free for the clients between them.
 * Per slot the order is unchanged: its MIGRATE is sent only after the reply to its MIGRATING and GETKEYSINSLOT,
 * which the source ran in that order on this connection.
 * `onQueued` is called once every chunk has its first MIGRATE round on the wire (or has nothing to move).
 */
async function openAndEmpty(ctx: PairContext, src: Redis, g: GroupState, onQueued: () => void, shape: ChunkShape): Promise<void> {
  const empty = async (slots: number[], queued: () => void): Promise<void> => {
    const sub = newGroup(slots);
    sub.importing.push(...slots);
    let first = true;
    try {
      await send(src, [migratingStep(ctx, sub)]);
      while (sub.pending.size) {
        const round = send(src, [migrateStep(ctx, sub)]);
        if (first) queued();
        first = false;
        await round;
      }
    } finally {
      if (first) queued();
      g.open.push(...sub.open);
      g.rollback.push(...sub.rollback);
      for (const s of sub.broken) g.broken.add(s);
      g.result.failed.push(...sub.result.failed);
      g.result.keys += sub.result.keys;
      g.result.warnings.push(...sub.result.warnings);
    }
  };
  if (!shape.together) {
    // One after the other (gentle): each chunk starts when the previous one's last MIGRATE round is back, sized
    // just before it goes out; none starts after a chunk failed on the connection (the lane then reports the
    // group's slots for check and fix).
    for (let i = 0; i < g.importing.length; ) {
      const n = Math.max(1, Math.floor(shape.next?.() ?? shape.slots));
      await empty(g.importing.slice(i, i + n), () => undefined);
      i += n;
    }
    onQueued();
    return;
  }
  const chunks: number[][] = [];
  for (let i = 0; i < g.importing.length; i += shape.slots) chunks.push(g.importing.slice(i, i + shape.slots));
  let waiting = chunks.length;
  const queued = () => {
    if (--waiting === 0) onQueued();
  };
  if (!chunks.length) onQueued();
  await Promise.all(chunks.map((slots) => empty(slots, queued)));
}

/** A group being opened and emptied on the source. */
interface Run {
  g: GroupState;
  started: number;
  /** Every chunk's first MIGRATE round is queued on the source (or the run ended). */
  queued: Promise<void>;
  done: Promise<void>;
}

function startRun(ctx: PairContext, src: Redis, g: GroupState, shape: ChunkShape): Run {
  let markQueued = () => {};
  const queued = new Promise<void>((resolve) => (markQueued = resolve));
  const done = openAndEmpty(ctx, src, g, markQueued, shape);
  done.then(markQueued, markQueued);
  return { g, started: Date.now(), queued, done };
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
    const firstGroup = newGroup(first);
    inFlight.add(firstGroup);
    await send(dst, [importStep(ctx, firstGroup)]);
    const shape = opts.chunks ?? CHUNKS;
    let run: Run | undefined = startRun(ctx, src, firstGroup, shape);
    let prev: { g: GroupState; ms: number } | undefined;
    while (run) {
      const cur: GroupState = run.g;
      const handing = prev;
      const stopping = () => cur.result.failed.length > 0 || (handing?.g.result.failed.length ?? 0) > 0 || opts.shouldStop();
      const slots: number[] | undefined = stopping() ? undefined : sizer.next();
      const next: GroupState | undefined = slots ? newGroup(slots) : undefined;
      if (next) inFlight.add(next);
      const importing = send(dst, steps(next && importStep(ctx, next)));
      let nextRun: Run | undefined;
      await Promise.all([
        importing,
        // next goes to the source behind cur's last MIGRATEs, unless the lane is stopping by then.
        next &&
          Promise.all([run.queued, importing]).then(async () => {
            if (opts.gate && run) {
              await run.done;
              await opts.gate();
            }
            if (!stopping()) nextRun = startRun(ctx, src, next, shape);
          }),
        // NODE(prev) reaches the source only once the target acknowledged it; it queues behind cur's MIGRATEs.
        handing && handOverOnTarget(ctx, dst, handing.g).then(() => send(src, [nodeOnSourceStep(ctx, handing.g)])),
        run.done,
      ]);
      await rollbackImporting(ctx, cur.rollback, cur.result.warnings);
      if (handing) finish(handing.g, handing.ms);
      const ms = Date.now() - run.started;
      sizer.learn(cur.slots.length, cur.result.keys, ms);
      if (next && !nextRun) {
        // Opened ahead on the target only: close it, nobody was sent there.
        await rollbackImporting(ctx, next.importing, cur.result.warnings);
        inFlight.delete(next);
      }
      prev = { g: cur, ms };
      run = nextRun;
    }
    if (prev) {
      await handOverOnTarget(ctx, dst, prev.g);
      await send(src, [nodeOnSourceStep(ctx, prev.g)]);
      finish(prev.g, prev.ms);
    }
  } catch (e) {
    // A connection-level failure (node down): every slot in flight may be open.
    const failures: SlotFailure[] = [...inFlight].flatMap((g) => [
      ...g.result.failed,
      ...g.slots
        .filter((s) => !g.result.done.includes(s) && !g.result.failed.some((f) => f.slot === s))
        .map((s) => ({
          slot: s,
          node: `${ctx.source.address} or ${ctx.target.address}`,
          command: 'slot group',
          error: errorText(e),
          advice: 'The slot may be left open. Run check, then fix',
        })),
    ]);
    throw new MigrationError(failures);
  }
}
