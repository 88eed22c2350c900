// The per-slot migration protocol, run for a group of slots of one source→target pair at a time.
//
// Order, as Redis documents it for clients following MOVED/ASK to never lose a write:
//   1. CLUSTER SETSLOT s IMPORTING <source> on the target   (target accepts ASKING for s)
//   2. CLUSTER SETSLOT s MIGRATING <target> on the source   (source sends ASK for keys it no longer has)
//   3. CLUSTER GETKEYSINSLOT + MIGRATE ... KEYS on the source, until the slot is empty there
//   4. CLUSTER SETSLOT s NODE <target> on the target, then on the source, then on the other masters
// Speed comes from pipelining each step over the whole group: one round trip per step instead of one per
// slot, and SETSLOT's config save + fsync is coalesced by the server into one per event-loop turn. The
// GETKEYSINSLOT after each MIGRATE rides in the same pipeline, so "is the slot empty now?" costs nothing.
// MIGRATE carries AUTH2 user password (or AUTH password) and goes node-to-node over the cluster's TLS.
//
// A slot that fails (BUSYKEY, OOM on the target, a node gone) is left open — migrating on the source,
// importing on the target — so no key is dropped; `check` explains it and `fix` finishes it. The other
// slots of the group are still finished, so one bad key never leaves many slots open.
//
// Public API (used by migrate.ts; exported for fix.ts):
//   migrateGroup(ctx: PairContext, slots: number[]): Promise<GroupResult>
//   migrateCommand(ctx, keys): (string | Buffer | number)[]
//   class MigrationError { node, slot, command, failures }
import type Redis from 'ioredis';
import { errorText } from '../errors';
import type { ClusterSession } from '../session';

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
  /** Addresses of the other masters, told the new owner last (best effort). */
  others: string[];
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

export class MigrationError extends Error {
  constructor(readonly failures: SlotFailure[], readonly summary?: string) {
    const first = failures[0];
    super(`${summary ? `${summary}: ` : ''}${failures.length} slot(s) failed. ${first ? `First: slot ${first.slot} on ${first.node}: ${first.command} failed: ${first.error}. ${first.advice}` : ''}`);
    this.name = 'MigrationError';
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

async function pipe(client: Redis, cmds: Arg[][], buffers = false): Promise<Reply[]> {
  if (cmds.length === 0) return [];
  const p = client.pipeline();
  for (const [name, ...args] of cmds) {
    if (buffers) p.callBuffer(String(name), ...args);
    else p.call(String(name), ...args);
  }
  return ((await p.exec()) ?? []) as Reply[];
}

export function migrateCommand(ctx: PairContext, keys: Buffer[]): Arg[] {
  const { username, password } = ctx.session.credentials;
  const auth: Arg[] = password ? (username ? ['AUTH2', username, password] : ['AUTH', password]) : [];
  return ['MIGRATE', ctx.target.host, ctx.target.port, '', 0, ctx.migrateTimeoutMs, ...(ctx.replace ? ['REPLACE'] : []), ...auth, 'KEYS', ...keys];
}

function keysOf(reply: unknown): Buffer[] {
  return Array.isArray(reply) ? (reply as Buffer[]) : [];
}

function openAdvice(ctx: PairContext): string {
  return `The slot is left open (migrating on ${ctx.source.address}, importing on ${ctx.target.address}); no key was deleted. Run check to see it, then fix to finish it`;
}

/** Moves `slots` from ctx.source to ctx.target. Never throws for a slot-level failure: see GroupResult.failed. */
export async function migrateGroup(ctx: PairContext, slots: number[]): Promise<GroupResult> {
  const { session, source, target } = ctx;
  const result: GroupResult = { done: [], failed: [], keys: 0, warnings: [] };
  const fail = (slot: number, node: string, command: string, e: unknown, advice: string) =>
    result.failed.push({ slot, node, command, error: errorText(e), advice });
  const [src, dst] = await Promise.all([session.node(source.address), session.node(target.address)]);
  const fresh = slots.filter((s) => !ctx.alreadyOpen?.has(s));

  // 1. IMPORTING on the target. A failure here is rolled back at once: no client was sent ASK yet.
  const imp = await pipe(dst, fresh.map((s) => ['CLUSTER', 'SETSLOT', s, 'IMPORTING', source.id]));
  const importing: number[] = [...slots.filter((s) => ctx.alreadyOpen?.has(s))];
  imp.forEach(([err], i) => {
    if (err) fail(fresh[i], target.address, `CLUSTER SETSLOT ${fresh[i]} IMPORTING ${source.id}`, err, 'Nothing was changed for this slot');
    else importing.push(fresh[i]);
  });

  // 2. MIGRATING on the source, with the first batch of key names in the same pipeline.
  const pending = new Map<number, Buffer[]>();
  const open: number[] = [];
  const mig = await pipe(src, importing.flatMap((s) => [
    ...(ctx.alreadyOpen?.has(s) ? [] : [['CLUSTER', 'SETSLOT', s, 'MIGRATING', target.id]]),
    ['CLUSTER', 'GETKEYSINSLOT', s, ctx.keysPerMigrate],
  ]), true);
  let k = 0;
  const rollback: number[] = [];
  for (const s of importing) {
    if (!ctx.alreadyOpen?.has(s)) {
      const [err] = mig[k++];
      if (err) {
        fail(s, source.address, `CLUSTER SETSLOT ${s} MIGRATING ${target.id}`, err, 'The importing state on the target was rolled back');
        rollback.push(s);
        k++;
        continue;
      }
    }
    const [err, keys] = mig[k++];
    if (err) {
      fail(s, source.address, `CLUSTER GETKEYSINSLOT ${s}`, err, openAdvice(ctx));
      continue;
    }
    open.push(s);
    if (keysOf(keys).length) pending.set(s, keysOf(keys));
  }
  if (rollback.length) {
    const rb = await pipe(dst, rollback.map((s) => ['CLUSTER', 'SETSLOT', s, 'STABLE'])).catch((e: unknown) => rollback.map((): Reply => [e as Error, null]));
    rb.forEach(([err], i) => {
      if (err) result.warnings.push(`${target.address}: CLUSTER SETSLOT ${rollback[i]} STABLE failed (${errorText(err)}); run fix`);
    });
  }

  // 3. Move keys until GETKEYSINSLOT comes back empty for every open slot.
  const broken = new Set<number>();
  while (pending.size) {
    const batch = [...pending];
    pending.clear();
    const replies = await pipe(src, batch.flatMap(([s, keys]) => [migrateCommand(ctx, keys), ['CLUSTER', 'GETKEYSINSLOT', s, ctx.keysPerMigrate]]), true);
    batch.forEach(([s, keys], i) => {
      const [mErr, mReply] = replies[2 * i];
      const [gErr, next] = replies[2 * i + 1];
      if (mErr) {
        const busy = /BUSYKEY/.test(mErr.message);
        const advice = busy
          ? `A key of this slot already exists on the target; nothing was overwritten or deleted. ${openAdvice(ctx)} (fix asks before replacing the target's copy)`
          : openAdvice(ctx);
        fail(s, source.address, `MIGRATE ${target.address} KEYS (${keys.length} keys of slot ${s})`, mErr, advice);
        broken.add(s);
        return;
      }
      if (String(mReply) !== 'NOKEY') {
        result.keys += keys.length;
        ctx.onKeys?.(keys.length);
      }
      if (gErr) {
        fail(s, source.address, `CLUSTER GETKEYSINSLOT ${s}`, gErr, openAdvice(ctx));
        broken.add(s);
      } else if (keysOf(next).length) pending.set(s, keysOf(next));
    });
  }

  // 4. Hand the slots over: target first (it ends importing and bumps its epoch), then source, then the rest.
  const ready = open.filter((s) => !broken.has(s));
  const onTarget = await pipe(dst, ready.map((s) => ['CLUSTER', 'SETSLOT', s, 'NODE', target.id]));
  const owned: number[] = [];
  onTarget.forEach(([err], i) => {
    if (err) fail(ready[i], target.address, `CLUSTER SETSLOT ${ready[i]} NODE ${target.id}`, err, openAdvice(ctx));
    else owned.push(ready[i]);
  });
  const tell = (addr: string) => session.node(addr).then((c) => pipe(c, owned.map((s) => ['CLUSTER', 'SETSLOT', s, 'NODE', target.id])));
  const [onSource, ...onOthers] = await Promise.all([tell(source.address), ...ctx.others.map((a) => tell(a).catch((e: unknown) => owned.map((): Reply => [e as Error, null])))]);
  onSource.forEach(([err], i) => {
    // A source that gave away its last slot turns itself into a replica of the target (Redis does this when
    // it learns the target's claim by gossip first); becoming a replica closes its open slots, so it is done.
    if (err && /only with masters/i.test(err.message)) {
      result.done.push(owned[i]);
      return;
    }
    if (err) fail(owned[i], source.address, `CLUSTER SETSLOT ${owned[i]} NODE ${target.id}`, err, `The target owns the slot, the source still says migrating. Run fix`);
    else result.done.push(owned[i]);
  });
  onOthers.forEach((replies, j) => {
    const bad = replies.filter(([err]) => err);
    if (bad.length) result.warnings.push(`${ctx.others[j]}: SETSLOT NODE failed for ${bad.length} slot(s) (${errorText(bad[0][0])}); the change still spreads by gossip`);
  });
  return result;
}
