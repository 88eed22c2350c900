// Cluster-wide admin lock: a second admin operation on the same cluster (from this CLI, another CLI, or the
// VS Code extension on another machine) is refused with a message naming the holder.
//
// Why a key: the lock must live in the cluster itself so every client sees it, and SET NX PX is the one
// atomic "create if absent, with expiry" Redis offers in cluster mode. The key `{rc-admin-lock}` is a
// single hash-tagged key; its value names the holder (operation, host, pid, start time) plus a random
// token. The holder refreshes the expiry every ttl/3 with a compare-and-pexpire script, and releases it
// with compare-and-delete, so a holder whose lock expired (e.g. a long pause) can never delete another's.
// A crashed holder's lock disappears after the TTL (30 s by default).
// A lock this very process left behind — its release failed because the node holding the key was down, as
// when a migration stops on a dead node — is taken over at once by this process's next operation (fix,
// typically), instead of blocking it until the TTL runs out: the value carries a per-process random id, and
// the process knows which of its locks are still in use.
// The key travels with its slot if a migration moves that slot (MIGRATE keeps the TTL); it goes through
// the routed cluster client, which follows MOVED/ASK during such a move.
//
// Public API:
//   acquireAdminLock(session, { op, holder?, ttlMs? }): Promise<AdminLock>  — throws AdminLockedError if held
//   readAdminLock(session): Promise<AdminLockInfo | undefined>             — who holds it, for display
//   interface AdminLock { info; lost: boolean; lostReason?; release(): Promise<void> }
//   ADMIN_LOCK_KEY
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorText } from '../errors';
import type { ClusterSession } from '../session';

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

export class AdminLockedError extends Error {
  constructor(readonly holder: AdminLockInfo) {
    const age = Math.round((Date.now() - holder.since) / 1000);
    super(`another admin operation is running on this cluster: ${holder.op} by ${holder.holder}, started ${age} s ago` +
      `${holder.expiresInMs !== undefined ? ` (lock expires in ${Math.ceil(holder.expiresInMs / 1000)} s unless its holder refreshes it)` : ''}. ` +
      'Wait for it to finish; a crashed holder\'s lock expires by itself');
    this.name = 'AdminLockedError';
  }
}

const PROCESS_ID = randomBytes(8).toString('hex');
/** Tokens of the locks this process holds and has not released. */
const inUse = new Set<string>();

const TAKE_OVER = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end";
const REFRESH = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

function parseInfo(value: string | null): AdminLockInfo | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as Partial<AdminLockInfo>;
    return { op: String(v.op ?? 'unknown'), holder: String(v.holder ?? 'unknown'), since: Number(v.since ?? 0), token: String(v.token ?? ''), ...(v.proc ? { proc: String(v.proc) } : {}) };
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
  const info: AdminLockInfo = { op: opts.op, holder: opts.holder ?? `${hostname()} pid ${process.pid}`, since: Date.now(), token: randomBytes(12).toString('hex'), proc: PROCESS_ID };
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
    throw new AdminLockedError(holder ?? { op: 'unknown', holder: 'unknown (the lock vanished while being read; retry)', since: Date.now(), token: '' });
  }
  inUse.add(info.token);
  let lost = false;
  let lostReason: string | undefined;
  let released = false;
  const timer = setInterval(() => {
    cluster.eval(REFRESH, 1, ADMIN_LOCK_KEY, value, ttl).then((r) => {
      if (Number(r) !== 1 && !released) {
        lost = true;
        lostReason = 'the admin lock expired or was taken by another operation';
      }
    }, (e: unknown) => {
      // One failed refresh is not fatal: the TTL leaves two more tries before the lock expires.
      lostReason = `refreshing the admin lock failed: ${errorText(e)}`;
    });
  }, Math.max(100, Math.floor(ttl / 3)));
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
      // Bounded: a stuck owner of the lock's slot must not hold the operation's result hostage; the TTL
      // frees the lock anyway.
      await Promise.race([
        cluster.eval(RELEASE, 1, ADMIN_LOCK_KEY, value).catch(() => undefined),
        new Promise((r) => setTimeout(r, 2000).unref()),
      ]);
    },
  };
}
