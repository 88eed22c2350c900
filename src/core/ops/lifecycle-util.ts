// Shared plumbing of the lifecycle operations (create, add/remove/forget node, failover): progress reports,
// cancellation, the read-only guard, and per-node views read from an explicit address list.
//
// API
//   interface LifecycleProgress { op; phase; message; done?; total?; elapsedMs }
//   interface LifecycleOptions { onProgress?(p); signal?: AbortSignal; timeoutMs?: number }
//   class AdminRefusedError                 a precondition failed; nothing was changed
//   assertAdminAllowed(profile, action)     throws AdminRefusedError for readOnly profiles
//   progressReporter(op, opts)              (phase, message, done?, total?) => void, with elapsed time
//   throwIfAborted(signal, where)           stops at a safe point with a message naming where
//   sleep(ms, signal?)                      abortable delay
//   readViewsOf(session, addresses)         CLUSTER NODES + INFO of each address, in parallel (NodeView[])
//   replicaLinkStatus(session, address)     master_link_status from INFO replication ('up', 'down', ...)
//   bindableIp(host)                        an IP for CLUSTER MEET (7.0 refuses host names)
//   takeAdminLock(session, op, report, required)  the cluster-wide admin lock (lock.ts); see below
//   releaseAdminLock(lock)                  release, waiting at most 2 s (the lock's TTL covers the rest)
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { errorText } from '../errors';
import type { ClusterProfile } from '../profile';
import type { ClusterSession } from '../session';
import { type AdminLock, AdminLockedError, acquireAdminLock } from './lock';

export interface LifecycleProgress {
  /** 'create' | 'add-node' | 'del-node' | 'forget' | 'failover' */
  op: string;
  /** Machine-readable step name, e.g. 'check', 'meet', 'replicate', 'wait-agreement'. */
  phase: string;
  message: string;
  done?: number;
  total?: number;
  elapsedMs: number;
}

export interface LifecycleOptions {
  onProgress?: (p: LifecycleProgress) => void;
  /** Checked between steps; an operation never stops half-way through one step. */
  signal?: AbortSignal;
  /** Upper bound for the whole operation's waits. Each operation documents its default. */
  timeoutMs?: number;
}

/** A precondition failed before anything was changed. The message says what to do instead. */
export class AdminRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminRefusedError';
  }
}

export function assertAdminAllowed(profile: ClusterProfile, action: string): void {
  if (profile.readOnly) {
    throw new AdminRefusedError(`profile "${profile.name}" is read-only: ${action} refused. Remove "readOnly" from the profile to allow admin actions`);
  }
}

export type Report = (phase: string, message: string, done?: number, total?: number) => void;

export function progressReporter(op: string, opts: LifecycleOptions): Report {
  const t0 = Date.now();
  return (phase, message, done, total) => {
    try {
      opts.onProgress?.({ op, phase, message, done, total, elapsedMs: Date.now() - t0 });
    } catch {
      // A failing progress sink must not break the operation half-way.
    }
  };
}

export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new Error(`cancelled ${where}`);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

// Kept here too, where the lifecycle operations import their helpers from.
export { readViewsOf } from '../agreement';

export async function replicaLinkStatus(session: ClusterSession, addr: string): Promise<string> {
  const client = await session.node(addr);
  const info = String(await client.info('replication'));
  return /^master_link_status:(\S+)/m.exec(info)?.[1] ?? 'unknown';
}

export async function bindableIp(host: string): Promise<string> {
  if (isIP(host)) return host;
  try {
    return (await lookup(host)).address;
  } catch (e) {
    throw new Error(`cannot resolve host "${host}" for CLUSTER MEET (${errorText(e)}); give the node as ip:port`);
  }
}

/**
 * Takes the cluster-wide admin lock. Another holder always refuses (AdminLockedError). When the lock cannot
 * be written at all (e.g. CLUSTERDOWN for its slot), `required` operations fail, while recovery operations
 * (forget, forced failover) carry on without it: they are what brings a broken cluster back.
 */
export async function takeAdminLock(session: ClusterSession, op: string, report: Report, required: boolean): Promise<AdminLock | undefined> {
  try {
    return await acquireAdminLock(session, { op });
  } catch (e) {
    if (e instanceof AdminLockedError || required) {
      if (e instanceof AdminLockedError) throw e;
      throw new Error(`${op}: cannot take the cluster's admin lock (${errorText(e)}); nothing was changed. Check that the cluster is ok`);
    }
    report('lock', `warning: running without the admin lock (${errorText(e)})`);
    return undefined;
  }
}

/**
 * Releasing must not hold an operation's result hostage: when the lock's slot owner is stuck, the release
 * command still reaches it later (or the TTL expires), so wait at most 2 s for it.
 */
export async function releaseAdminLock(lock: AdminLock | undefined): Promise<void> {
  if (!lock) return;
  await Promise.race([lock.release().catch(() => undefined), sleep(2000)]);
}
