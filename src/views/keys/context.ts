// What key operations need from the extension: the profile, its session and a topology, with one retry on a
// fresh topology when the cached one turned out stale (a slot moved, a failover happened).
import { NoOwnerError } from '../../core/keys';
import type { ClusterProfile } from '../../core/profile';
import type { ClusterSession } from '../../core/session';
import type { Topology } from '../../core/topology';
import type { Services } from '../../services';

export interface KeyContext {
  profile: ClusterProfile;
  session: ClusterSession;
  topology: Topology;
}

async function keyContext(s: Services, name: string, refresh: boolean): Promise<KeyContext> {
  const profile = s.profiles.get(name)?.profile;
  if (!profile) throw new Error(`no valid profile named "${name}"; check redisCluster.profiles`);
  const session = await s.connections.session(name);
  if (refresh || !s.connections.get(name)?.topology) await s.connections.refresh(name);
  const topology = s.connections.get(name)?.topology;
  if (!topology) throw new Error(`cannot read the topology of "${name}": ${s.connections.get(name)?.error?.message ?? 'not connected'}`);
  return { profile, session, topology };
}

const stale = (e: unknown) => e instanceof NoOwnerError || /\b(MOVED|ASK)\b/.test((e as Error)?.message ?? '');

export async function withKeyContext<T>(s: Services, name: string, fn: (ctx: KeyContext) => Promise<T>): Promise<T> {
  try {
    return await fn(await keyContext(s, name, false));
  } catch (e) {
    if (!stale(e)) throw e;
    return fn(await keyContext(s, name, true));
  }
}
