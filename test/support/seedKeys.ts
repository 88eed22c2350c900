// Writes and deletes many keys fast: each key goes straight to its slot's owner, pipelined per master.
// Used by the distribution tests and benchmark (the routed client would pay a MOVED detour per mis-hashed key).
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { slotOwners } from '../../src/core/monitoring/distribution';

async function perOwner(
  session: ClusterSession,
  keys: string[],
  each: (pipe: ReturnType<import('ioredis').default['pipeline']>, key: string) => void,
): Promise<void> {
  const topo = await discoverTopology(session);
  const owners = slotOwners(topo);
  const byAddr = new Map<string, string[]>();
  const addrOf = new Map(topo.nodes.map((n) => [n.id, address(n)]));
  for (const k of keys) {
    const owner = owners[keySlot(k)];
    if (!owner) throw new Error(`slot ${keySlot(k)} of key ${k} has no owner`);
    const a = addrOf.get(owner) ?? '';
    let list = byAddr.get(a);
    if (!list) byAddr.set(a, (list = []));
    list.push(k);
  }
  await Promise.all(
    [...byAddr].map(async ([a, list]) => {
      const client = await session.node(a);
      for (let i = 0; i < list.length; i += 5000) {
        const pipe = client.pipeline();
        for (const k of list.slice(i, i + 5000)) each(pipe, k);
        const res = (await pipe.exec()) ?? [];
        const err = res.find(([e]) => e);
        if (err?.[0]) throw new Error(`${a}: ${err[0].message}`);
      }
    }),
  );
}

export function seedKeys(session: ClusterSession, keys: string[]): Promise<void> {
  return perOwner(session, keys, (pipe, k) => pipe.set(k, 'v'));
}

export function deleteKeys(session: ClusterSession, keys: string[]): Promise<void> {
  return perOwner(session, keys, (pipe, k) => pipe.del(k));
}

export function namespacedKeys(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
}
