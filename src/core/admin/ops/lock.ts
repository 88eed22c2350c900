// Cluster-wide admin lock: a second admin operation on the same cluster (from this CLI, another CLI, or the
// VS Code extension on another machine) is refused with a message naming the holder.
//
// The lock is the hash-tagged key `{rc-admin-lock}` in the cluster itself, so every client sees it, taken with
// SET NX PX (the one atomic "create if absent, with expiry" in cluster mode). Its value names the holder plus a
// random token; the holder refreshes it every ttl/3 with compare-and-pexpire and releases it with
// compare-and-delete, so a holder whose lock expired (a long pause) can never delete another's. A crashed
// holder's lock expires after the TTL; one this process left behind (its release failed on a dead node) is
// taken over at once by its next operation, since the value carries a per-process id. The key goes through the
// routed client, so it follows MOVED/ASK when a migration moves its slot (MIGRATE keeps the TTL).
// Taking, the repair operations' "carry on without it" rule and the bounded release live in adminLock / withAdminLock.
//
// Public API:
//   withAdminLock(session, op, use, fn, opts?)  — runs fn under the lock (taken, or held by the caller)
//   adminLock(session, op, use, opts?): LockHandle — starts taking it now, for callers that overlap the wait
//   type LockUse = 'take' | { held: AdminLock }
//   acquireAdminLock(session, { op, holder?, ttlMs? }): Promise<AdminLock>  — throws AdminLockedError if held
//   readAdminLock(session): Promise<AdminLockInfo | undefined>             — who holds it, for display
//   interface AdminLock { info; lost: boolean; lostReason?; release(): Promise<void> }  — release waits <= 2 s
//   ADMIN_LOCK_KEY
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { RedisClusterError, errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';

export const ADMIN_LOCK_KEY = '{rc-admin-lock}';
export const DEFAULT_LOCK_TTL_MS = 30000;

export interface AdminLockInfo {
  op: string;
  holder: string;
  since: number;
  token: string;
  /** Random id of the holding process (not its pid: pids repeat across hosts and restarts). */
  proc?: string;
  /** Milliseconds until the lock expires unless refreshed (from PTTL). */
  expiresInMs?: number;
}

export interface AdminLock {
  info: AdminLockInfo;
  /** True once a refresh found the lock gone or taken: the operation should stop at its next safe point. */
  readonly lost: boolean;
  readonly lostReason?: string;
  release(): Promise<void>;
}

export class AdminLockedError extends RedisClusterError {
  override name = 'AdminLockedError';
  constructor(readonly holder: AdminLockInfo) {
    const age = Math.round((Date.now() - holder.since) / 1000);
    const hint = "Wait for it to finish; a crashed holder's lock expires by itself";
    super(
      'locked',
      `another admin operation is running on this cluster: ${holder.op} by ${holder.holder}, started ${age} s ago` +
        (holder.expiresInMs !== undefined
          ? ` (lock expires in ${Math.ceil(holder.expiresInMs / 1000)} s unless its holder refreshes it)`
          : '') +
        `. ${hint}`,
      hint,
    );
  }
}

const PROCESS_ID = randomBytes(8).toString('hex');
/** Tokens of the locks this process holds and has not released. */
const inUse = new Set<string>();

const TAKE_OVER =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end";
const REFRESH = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

function parseInfo(value: string | null): AdminLockInfo | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as Partial<AdminLockInfo>;
    return {
      op: String(v.op ?? 'unknown'),
      holder: String(v.holder ?? 'unknown'),
      since: Number(v.since ?? 0),
      token: String(v.token ?? ''),
      ...(v.proc ? { proc: String(v.proc) } : {}),
    };
  } catch {
    return { op: 'unknown', holder: `unparseable lock value`, since: 0, token: '' };
  }
}

export async function readAdminLock(session: ClusterSession): Promise<AdminLockInfo | undefined> {
  const cluster = await session.cluster();
  const [value, pttl] = await Promise.all([cluster.get(ADMIN_LOCK_KEY), cluster.pttl(ADMIN_LOCK_KEY)]);
  const info = parseInfo(value);
  if (info && pttl >= 0) info.expiresInMs = pttl;
  return info;
}

export async function acquireAdminLock(session: ClusterSession, opts: { op: string; holder?: string; ttlMs?: number }): Promise<AdminLock> {
  const ttl = opts.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const info: AdminLockInfo = {
    op: opts.op,
    holder: opts.holder ?? `${hostname()} pid ${process.pid}`,
    since: Date.now(),
    token: randomBytes(12).toString('hex'),
    proc: PROCESS_ID,
  };
  const value = JSON.stringify(info);
  const cluster = await session.cluster();
  let ok: string | null = await cluster.set(ADMIN_LOCK_KEY, value, 'PX', ttl, 'NX');
  if (ok !== 'OK') {
    const current = await cluster.get(ADMIN_LOCK_KEY);
    const left = parseInfo(current);
    // Our own leftover (a release that could not reach the key's node): take it over, compare-and-set.
    if (current && left?.proc === PROCESS_ID && !inUse.has(left.token)) {
      ok = String(await cluster.eval(TAKE_OVER, 1, ADMIN_LOCK_KEY, current, value, ttl).catch(() => null));
    }
  }
  if (ok !== 'OK') {
    const holder = await readAdminLock(session);
    throw new AdminLockedError(
      holder ?? { op: 'unknown', holder: 'unknown (the lock vanished while being read; retry)', since: Date.now(), token: '' },
    );
  }
  inUse.add(info.token);
  let lost = false;
  let lostReason: string | undefined;
  let released = false;
  const timer = setInterval(
    () => {
      cluster.eval(REFRESH, 1, ADMIN_LOCK_KEY, value, ttl).then(
        (r) => {
          if (Number(r) !== 1 && !released) {
            lost = true;
            lostReason = 'the admin lock expired or was taken by another operation';
          }
        },
        (e: unknown) => {
          // One failed refresh is not fatal: the TTL leaves two more tries before the lock expires.
          lostReason = `refreshing the admin lock failed: ${errorText(e)}`;
        },
      );
    },
    Math.max(100, Math.floor(ttl / 3)),
  );
  timer.unref();
  return {
    info,
    get lost() {
      return lost;
    },
    get lostReason() {
      return lostReason;
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      inUse.delete(info.token);
      // Bounded: a stuck owner of the lock's slot must not hold the operation's result hostage; the release
      // still reaches it later, or the TTL frees the lock.
      await Promise.race([
        cluster.eval(RELEASE, 1, ADMIN_LOCK_KEY, value).catch(() => undefined),
        new Promise((r) => setTimeout(r, RELEASE_WAIT_MS).unref()),
      ]);
    },
  };
}

const RELEASE_WAIT_MS = 2000;

/** Take the lock for this operation (the default), or run under one the caller already holds (removeNode's drain). */
export type LockUse = 'take' | { held: AdminLock };

export interface LockOptions {
  /**
   * Default true: failing to write the lock (CLUSTERDOWN for its slot, say) stops the operation before it
   * changes anything. Repair operations (fix, forget, a forced failover) pass false and carry on without it,
   * after onUnlocked: they are what brings a broken cluster back. Another holder always refuses.
   */
  required?: boolean;
  onUnlocked?: (reason: string) => void;
}

export interface LockHandle {
  /** The lock (undefined: running without one, see LockOptions.required); rejects with AdminLockedError. */
  readonly lock: Promise<AdminLock | undefined>;
  /** Gives back a lock this handle took (a held one stays with its owner), waiting at most 2 s. Never throws. */
  release(): Promise<void>;
}

/** Starts taking the lock now, so a caller can overlap the wait with its own reads; always call release(). */
export function adminLock(session: ClusterSession, op: string, use: LockUse = 'take', opts: LockOptions = {}): LockHandle {
  if (use !== 'take') return { lock: Promise.resolve(use.held), release: async () => undefined };
  const lock = acquireAdminLock(session, { op }).catch((e: unknown) => {
    if (e instanceof AdminLockedError) throw e;
    if (opts.required ?? true) {
      const hint = 'Check that the cluster is ok';
      const message = `${op}: cannot take the cluster's admin lock (${errorText(e)}); nothing was changed. ${hint}`;
      throw new RedisClusterError('lock-unavailable', message, hint, { cause: e });
    }
    opts.onUnlocked?.(`running without the admin lock (${errorText(e)}); make sure no other admin operation runs`);
    return undefined;
  });
  // Marked handled now: a caller reading the cluster meanwhile awaits it only later.
  lock.catch(() => undefined);
  return {
    lock,
    release: () =>
      lock.then(
        (l) => l?.release(),
        () => undefined,
      ),
  };
}

/** Runs `fn` under the admin lock (see adminLock) and always gives a lock it took back. */
export function withAdminLock<T>(
  session: ClusterSession,
  op: string,
  use: LockUse | undefined,
  fn: (lock: AdminLock) => Promise<T>,
): Promise<T>;
export function withAdminLock<T>(
  session: ClusterSession,
  op: string,
  use: LockUse | undefined,
  fn: (lock: AdminLock | undefined) => Promise<T>,
  opts: LockOptions,
): Promise<T>;
export async function withAdminLock<T>(
  session: ClusterSession,
  op: string,
  use: LockUse | undefined,
  fn: (lock: AdminLock) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const handle = adminLock(session, op, use, opts);
  try {
    // Undefined only when opts.required is false, which only the second overload allows.
    return await fn((await handle.lock) as AdminLock);
  } finally {
    await handle.release();
  }
}
