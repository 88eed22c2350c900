// What key operations need from the extension: the profile, its session and a topology, with one retry on a
// fresh topology when the cached one turned out stale (a slot moved, a failover happened).
import { NoOwnerError } from '../core/keys/keys';
import type { BaseServices } from './base';
import type { ClusterTarget } from './connections';

const stale = (e: unknown) => e instanceof NoOwnerError || /\b(MOVED|ASK)\b/.test((e as Error)?.message ?? '');

export async function withKeyContext<T>(s: BaseServices, name: string, fn: (ctx: ClusterTarget) => Promise<T>): Promise<T> {
  try {
    return await fn(await s.connections.target(name));
  } catch (e) {
    if (!stale(e)) throw e;
    return fn(await s.connections.target(name, { fresh: true }));
  }
}
