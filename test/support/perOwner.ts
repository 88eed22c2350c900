// The one way the test helpers reach many keys fast: group them by the master that owns their slot and run
// `each` on that master's own connection, in chunks of 5,000, masters in parallel (the routed client would pay a
// MOVED detour per mis-hashed key). Used by seedKeys.ts and migrateData.ts.
import type Redis from 'ioredis';
import type { ClusterSession } from '../../src/core/connection/session';
import { slotOwners } from '../../src/core/monitoring/distribution';
import { address, discoverTopology } from '../../src/core/topology/topology';

const CHUNK = 5000;

/** Runs `each` per owner and chunk; the values it returns (one per key, in order) come back keyed by key. */
export async function perOwner<T>(
  session: ClusterSession,
  keys: string[],
  slotOf: (key: string) => number,
  each: (client: Redis, chunk: string[]) => Promise<T[]>,
): Promise<Map<string, T>> {
  const topo = await discoverTopology(session);
  const owners = slotOwners(topo);
  const addrOf = new Map(topo.nodes.map((n) => [n.id, address(n)]));
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const owner = owners[slotOf(k)];
    const a = owner && addrOf.get(owner);
    if (!a) throw new Error(`slot ${slotOf(k)} of key ${k} has no owner`);
    const g = groups.get(a) ?? [];
    g.push(k);
    groups.set(a, g);
  }
  const out = new Map<string, T>();
  await Promise.all(
    [...groups].map(async ([a, list]) => {
      const client = await session.node(a);
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list.slice(i, i + CHUNK);
        (await each(client, chunk)).forEach((v, j) => out.set(chunk[j], v));
      }
    }),
  );
  return out;
}
