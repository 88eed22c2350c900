// The per-slot migration protocol, run for a group of slots of one source→target pair at a time.
//
// Order, as Redis documents it for clients following MOVED/ASK to never lose a write:
//   1. CLUSTER SETSLOT s IMPORTING <source> on the target   (target accepts ASKING for s)
//   2. CLUSTER SETSLOT s MIGRATING <target> on the source   (source sends ASK for keys it no longer has)
//   3. CLUSTER GETKEYSINSLOT + MIGRATE ... KEYS on the source, until the slot is empty there
//   4. CLUSTER SETSLOT s NODE <target> on the target (a group at once: handOverOnTarget), then on the source,
//      then on the other masters (announce.ts)
// Speed comes from pipelining each step over the whole group: one round trip per step instead of one per
// slot, and SETSLOT's config save + fsync is coalesced by the server into one per event-loop turn. The
// GETKEYSINSLOT after each MIGRATE rides in the same pipeline, so "is the slot empty now?" costs no round trip;
// it is left out where the first listing provably held every key of the slot (see migratingStep).
// MIGRATE carries AUTH2 user password (or AUTH password) and goes node-to-node over the cluster's TLS.
//
// A slot that fails (BUSYKEY, OOM on the target, a node gone) is left open — migrating on the source,
// importing on the target — so no key is dropped; `check` explains it and `fix` finishes it. The other
// slots of the group are still finished, so one bad key never leaves many slots open.
//
// Each protocol step is a Step: the commands it sends plus how it reads their replies, so that steps of
// different groups can share one pipeline. The one runner of groups is migrateLane.ts (the executor and fix
// both use it).
//
// Public API (used by migrateLane.ts, migrate.ts and fix.ts):
//   newGroup(slots), importStep, migratingStep, migrateStep, nodeOnTargetStep, handOverOnTarget, nodeOnSourceStep, send,
//   rollbackImporting — the protocol steps
//   migrateCommand(ctx, keys): (string | Buffer | number)[]
//   class MigrationError { node, slot, command, failures }
import type Redis from 'ioredis';
import { RedisClusterError, errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';

export interface PairNode {
  id: string;
  host: string;
  port: number;
  address: string;
}

export interface PairContext {
  session: ClusterSession;
  source: PairNode;
  target: PairNode;
  /** Keys per GETKEYSINSLOT / MIGRATE. */
  keysPerMigrate: number;
  /** MIGRATE's own I/O timeout, ms. */
  migrateTimeoutMs: number;
  /** MIGRATE ... REPLACE: overwrite a key that already exists on the target (can drop the target's copy). */
  replace: boolean;
  /** Skip step 1-2 for slots that are already open between this pair (fix finishing a half-done move). */
  alreadyOpen?: ReadonlySet<number>;
  onKeys?: (n: number) => void;
}

export interface SlotFailure {
  slot: number;
  node: string;
  command: string;
  error: string;
  /** What state the slot was left in and what to do. */
  advice: string;
}

export interface GroupResult {
  done: number[];
  failed: SlotFailure[];
  keys: number;
  /** Best-effort SETSLOT NODE on other masters that failed (gossip will still spread the change). */
  warnings: string[];
}

export class MigrationError extends RedisClusterError {
  override name = 'MigrationError';
  constructor(
    readonly failures: SlotFailure[],
    readonly summary?: string,
  ) {
    const first = failures[0];
    super(
      'migration',
      `${summary ? `${summary}: ` : ''}${failures.length} slot(s) failed. ` +
        `${first ? `First: slot ${first.slot} on ${first.node}: ${first.command} failed: ${first.error}. ${first.advice}` : ''}`,
      first?.advice ?? 'Run check, then fix',
    );
  }
  get node(): string | undefined {
    return this.failures[0]?.node;
  }
  get slot(): number | undefined {
    return this.failures[0]?.slot;
  }
  get command(): string | undefined {
    return this.failures[0]?.command;
  }
}

type Arg = string | number | Buffer;
type Reply = [Error | null, unknown];

/** Commands for one pipeline and how to read their replies (same count, same order). */
export interface Step {
  cmds: Arg[][];
  take(replies: Reply[]): void;
}

/** Sends several steps in ONE pipeline (one round trip) and hands each its replies. A connection-level failure rejects. */
export async function send(client: Redis, steps: Step[]): Promise<void> {
  const cmds = steps.flatMap((st) => st.cmds);
  if (cmds.length === 0) return steps.forEach((st) => st.take([]));
  const p = client.pipeline();
  for (const [name, ...args] of cmds) p.callBuffer(String(name), ...args);
  const replies = ((await p.exec()) ?? []) as Reply[];
  let at = 0;
  for (const st of steps) {
    st.take(replies.slice(at, at + st.cmds.length));
    at += st.cmds.length;
  }
}

export function migrateCommand(ctx: PairContext, keys: Buffer[]): Arg[] {
  const { username, password } = ctx.session.credentials;
  const auth: Arg[] = password ? (username ? ['AUTH2', username, password] : ['AUTH', password]) : [];
  return [
    'MIGRATE',
    ctx.target.host,
    ctx.target.port,
    '',
    0,
    ctx.migrateTimeoutMs,
    ...(ctx.replace ? ['REPLACE'] : []),
    ...auth,
    'KEYS',
    ...keys,
  ];
}

function keysOf(reply: unknown): Buffer[] {
  return Array.isArray(reply) ? (reply as Buffer[]) : [];
}

function openAdvice(ctx: PairContext): string {
  return (
    `The slot is left open (migrating on ${ctx.source.address}, importing on ${ctx.target.address}); ` +
    `no key was deleted. Run check to see it, then fix to finish it`
  );
}

/** One group of slots on its way through the protocol. */
export interface GroupState {
  slots: number[];
  /** IMPORTING acknowledged by the target. */
  importing: number[];
  /** MIGRATING refused by the source: their IMPORTING must be rolled back (rollbackImporting). */
  rollback: number[];
  /** Open on both sides, keys moving. */
  open: number[];
  pending: Map<number, Buffer[]>;
  /** Pending slots whose listed keys are ALL the slot's keys (see migratingStep): no GETKEYSINSLOT after their MIGRATE. */
  complete: Set<number>;
  broken: Set<number>;
  /** SETSLOT NODE acknowledged by the target. */
  owned: number[];
  result: GroupResult;
}

export function newGroup(slots: number[]): GroupState {
  return {
    slots,
    importing: [],
    rollback: [],
    open: [],
    pending: new Map(),
    complete: new Set(),
    broken: new Set(),
    owned: [],
    result: { done: [], failed: [], keys: 0, warnings: [] },
  };
}

const fail = (g: GroupState, slot: number, node: string, command: string, e: unknown, advice: string) =>
  g.result.failed.push({ slot, node, command, error: errorText(e), advice });

/** 1. IMPORTING on the target. A failure needs no rollback: no client was sent ASK yet. */
export function importStep(ctx: PairContext, g: GroupState): Step {
  const fresh = g.slots.filter((s) => !ctx.alreadyOpen?.has(s));
  g.importing.push(...g.slots.filter((s) => ctx.alreadyOpen?.has(s)));
  return {
    cmds: fresh.map((s) => ['CLUSTER', 'SETSLOT', s, 'IMPORTING', ctx.source.id]),
    take: (r) =>
      r.forEach(([err], i) => {
        if (err)
          fail(
            g,
            fresh[i],
            ctx.target.address,
            `CLUSTER SETSLOT ${fresh[i]} IMPORTING ${ctx.source.id}`,
            err,
            'Nothing was changed for this slot',
          );
        else g.importing.push(fresh[i]);
      }),
  };
}

/** 2. MIGRATING on the source (only once the target said IMPORTING), with the first key names in the same pipeline. */
export function migratingStep(ctx: PairContext, g: GroupState): Step {
  const plan = g.importing.map((s) => ({ s, setslot: !ctx.alreadyOpen?.has(s) }));
  return {
    cmds: plan.flatMap(({ s, setslot }) => [
      ...(setslot ? [['CLUSTER', 'SETSLOT', s, 'MIGRATING', ctx.target.id]] : []),
      ['CLUSTER', 'GETKEYSINSLOT', s, ctx.keysPerMigrate],
    ]),
    take: (r) => {
      let k = 0;
      for (const { s, setslot } of plan) {
        if (setslot) {
          const [err] = r[k++];
          if (err) {
            fail(
              g,
              s,
              ctx.source.address,
              `CLUSTER SETSLOT ${s} MIGRATING ${ctx.target.id}`,
              err,
              'The importing state on the target was rolled back',
            );
            g.rollback.push(s);
            k++;
            continue;
          }
        }
        const [err, keys] = r[k++];
        if (err) {
          fail(g, s, ctx.source.address, `CLUSTER GETKEYSINSLOT ${s}`, err, openAdvice(ctx));
          continue;
        }
        g.open.push(s);
        const listed = keysOf(keys);
        if (listed.length) g.pending.set(s, listed);
        // Fewer keys than asked for, listed right after MIGRATING took effect (same pipeline, same connection):
        // that is every key the slot will ever have on the source. While a slot is MIGRATING, the source creates
        // no key in it: any command naming a key it does not hold is answered -ASK (one key) or -TRYAGAIN (several,
        // some missing) and not run — Redis checks this for every command, inside MULTI/EXEC at EXEC, and for each
        // call a script makes; a key that is logically expired counts as missing. So keys can only leave the slot,
        // never join it (the code already relies on this when an empty listing ends a slot without a second look).
        // MIGRATE ... KEYS then replies OK only when every listed key that still existed was restored on the
        // target and deleted here (NOKEY when none existed; keys deleted or expired meanwhile are skipped), so
        // after OK/NOKEY the slot is empty on the source and the GETKEYSINSLOT after MIGRATE would only say so.
        // Slots opened by an earlier run (alreadyOpen) keep the check: we did not watch MIGRATING take effect.
        if (listed.length && setslot && listed.length < ctx.keysPerMigrate) g.complete.add(s);
      }
    },
  };
}

/** Closes IMPORTING for slots whose MIGRATING failed (or that will not be moved): no client was ever sent there. */
export async function rollbackImporting(ctx: PairContext, slots: number[], warnings: string[]): Promise<void> {
  if (!slots.length) return;
  const dst = await ctx.session.node(ctx.target.address);
  const cmds = slots.map((s) => ['CLUSTER', 'SETSLOT', s, 'STABLE']);
  await send(dst, [
    {
      cmds,
      take: (r) =>
        r.forEach(
          ([err], i) =>
            err && warnings.push(`${ctx.target.address}: CLUSTER SETSLOT ${slots[i]} STABLE failed (${errorText(err)}); run fix`),
        ),
    },
  ]).catch((e: unknown) =>
    warnings.push(`${ctx.target.address}: CLUSTER SETSLOT STABLE for ${slots.length} slot(s) failed (${errorText(e)}); run fix`),
  );
}

/** 3. One MIGRATE round: MIGRATE the known keys of every pending slot, each followed by GETKEYSINSLOT (empty = done). */
export function migrateStep(ctx: PairContext, g: GroupState): Step {
  const batch = [...g.pending].map(([s, keys]) => ({ s, keys, check: !g.complete.delete(s) }));
  g.pending.clear();
  return {
    cmds: batch.flatMap(({ s, keys, check }) => [
      migrateCommand(ctx, keys),
      ...(check ? [['CLUSTER', 'GETKEYSINSLOT', s, ctx.keysPerMigrate]] : []),
    ]),
    take: (r) =>
      batch.reduce((at, { s, keys, check }) => {
        const [mErr, mReply] = r[at];
        const [gErr, next]: Reply = check ? r[at + 1] : [null, []];
        const used = at + (check ? 2 : 1);
        if (mErr) {
          const busy = /BUSYKEY/.test(mErr.message);
          const advice = busy
            ? `A key of this slot already exists on the target; nothing was overwritten or deleted. ` +
              `${openAdvice(ctx)} (fix asks before replacing the target's copy)`
            : openAdvice(ctx);
          fail(g, s, ctx.source.address, `MIGRATE ${ctx.target.address} KEYS (${keys.length} keys of slot ${s})`, mErr, advice);
          g.broken.add(s);
          return used;
        }
        if (String(mReply) !== 'NOKEY') {
          g.result.keys += keys.length;
          ctx.onKeys?.(keys.length);
        }
        if (gErr) {
          fail(g, s, ctx.source.address, `CLUSTER GETKEYSINSLOT ${s}`, gErr, openAdvice(ctx));
          g.broken.add(s);
        } else if (keysOf(next).length) g.pending.set(s, keysOf(next));
        return used;
      }, 0),
  };
}

/** 4a. SETSLOT NODE on the target, one command per slot (it ends importing and bumps its epoch). Only once every key of the slot moved. */
export function nodeOnTargetStep(ctx: PairContext, g: GroupState, slots = g.open.filter((s) => !g.broken.has(s))): Step {
  return {
    cmds: slots.map((s) => ['CLUSTER', 'SETSLOT', s, 'NODE', ctx.target.id]),
    take: (r) =>
      r.forEach(([err], i) => {
        if (err) fail(g, slots[i], ctx.target.address, `CLUSTER SETSLOT ${slots[i]} NODE ${ctx.target.id}`, err, openAdvice(ctx));
        else g.owned.push(slots[i]);
      }),
  };
}

// 4a for a whole group with ONE cluster-bus announcement instead of one per slot.
// SETSLOT NODE on an importing target bumps its config epoch unless it is already the cluster's highest, and
// then broadcasts a PONG to every node, each PONG carrying the target's whole slot bitmap; every receiver walks
// all 16384 slots of it. Per slot that is ~5 PONGs sent plus ~5 full walks, mostly on the source and target,
// which are the two nodes doing the MIGRATE work (cost in bench/README.md).
// So, per group, on the target in one transaction: CLUSTER BUMPEPOCH (the same "bump unless highest" rule SETSLOT
// NODE applies), then for every slot but the last SETSLOT STABLE + SETSLOT NODE <target> (the slot is no longer
// importing, so NODE only takes it: no bump, no PONG); then the last slot alone with a plain SETSLOT NODE, whose
// broadcast PONG announces the whole group at once with the bumped epoch.
// Why this keeps Redis's guarantees:
//   - clients: MULTI/EXEC runs STABLE and NODE with nothing in between, so a slot goes from "importing" straight
//     to "owned by the target", as with one SETSLOT NODE; the source is told afterwards, as before (4b);
//   - no key can be dropped by an ownership conflict: the target holds the highest config epoch before it takes
//     any slot, so its claim wins over the source's (which gives a slot up without bumping), exactly the reason
//     SETSLOT NODE bumps; a node only deletes keys of a slot it loses to a higher epoch, never to a lower one;
//   - a transaction refused when queued (an ACL without BUMPEPOCH, say) runs nothing; those slots then take the
//     per-slot path above.
export async function handOverOnTarget(ctx: PairContext, dst: Redis, g: GroupState): Promise<void> {
  const ready = g.open.filter((s) => !g.broken.has(s));
  if (ready.length < 2) return send(dst, [nodeOnTargetStep(ctx, g, ready)]);
  const quiet = ready.slice(0, -1);
  const last = ready.slice(-1);
  let retry: number[] = [];
  const batch: Step = {
    cmds: [
      ['MULTI'],
      ['CLUSTER', 'BUMPEPOCH'],
      ...quiet.flatMap((s) => [
        ['CLUSTER', 'SETSLOT', s, 'STABLE'],
        ['CLUSTER', 'SETSLOT', s, 'NODE', ctx.target.id],
      ]),
      ['EXEC'],
    ],
    take: (r) => {
      const [execErr, execReply] = r[r.length - 1];
      if (execErr || !Array.isArray(execReply)) {
        retry = quiet;
        return;
      }
      quiet.forEach((s, i) => {
        const err = [execReply[2 + 2 * i], execReply[1 + 2 * i]].find((x): x is Error => x instanceof Error);
        if (err) fail(g, s, ctx.target.address, `CLUSTER SETSLOT ${s} STABLE + NODE ${ctx.target.id} (MULTI)`, err, openAdvice(ctx));
        else g.owned.push(s);
      });
    },
  };
  await send(dst, [batch, nodeOnTargetStep(ctx, g, last)]);
  if (retry.length) await send(dst, [nodeOnTargetStep(ctx, g, retry)]);
}

/** 4b. SETSLOT NODE on the source, only after the target acknowledged it (4a). */
export function nodeOnSourceStep(ctx: PairContext, g: GroupState): Step {
  const owned = [...g.owned];
  return {
    cmds: owned.map((s) => ['CLUSTER', 'SETSLOT', s, 'NODE', ctx.target.id]),
    take: (r) =>
      r.forEach(([err], i) => {
        // A source that gave away its last slot turns itself into a replica of the target (Redis does this when
        // it learns the target's claim by gossip first); becoming a replica closes its open slots, so it is done.
        if (err && /only with masters/i.test(err.message)) g.result.done.push(owned[i]);
        else if (err)
          fail(
            g,
            owned[i],
            ctx.source.address,
            `CLUSTER SETSLOT ${owned[i]} NODE ${ctx.target.id}`,
            err,
            `The target owns the slot, the source still says migrating. Run fix`,
          );
        else g.result.done.push(owned[i]);
      }),
  };
}
