// Shared plumbing of the lifecycle operations (create, add/remove/forget node, failover): progress reports
// and per-node views read from an explicit address list. The read-only refusal (assertWritable) and the
// cancellation (throwIfAborted) are in errors.ts, the admin lock (withAdminLock) in lock.ts.
//
// API
//   interface LifecycleProgress { op; phase; message; done?; total?; elapsedMs }
//   interface LifecycleOptions { onProgress?(p); signal?: AbortSignal; timeoutMs?: number }
//   progressReporter(op, opts)              (phase, message, done?, total?) => void, with elapsed time
//   sleep(ms, signal?)                      abortable delay
//   readViewsOf(session, addresses)         CLUSTER NODES + INFO of each address, in parallel (NodeView[])
//   replicaLinkStatus(session, address)     master_link_status from INFO replication ('up', 'down', ...)
//   bindableIp(host)                        an IP for CLUSTER MEET (7.0 refuses host names)
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InputError, errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';

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

// Re-exported so the lifecycle operations take all their helpers from this one module.
export { readViewsOf } from '../../topology/agreement';

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
    throw new InputError(`cannot resolve host "${host}" for CLUSTER MEET (${errorText(e)})`, 'Give the node as ip:port');
  }
}
