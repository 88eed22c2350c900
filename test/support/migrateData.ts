// Data and topology helpers for the migration tests and benchmark: keys placed per slot, written and read
// back straight at each slot's owner (pipelined, masters in parallel), and joining a spare node as an
// empty master.
import { agreementProblems, readAllViews, waitUntil } from '../../src/core/topology/agreement';
import type { ClusterSession } from '../../src/core/connection/session';
import { SLOT_COUNT, crc16 } from '../../src/core/topology/slots';
import { discoverTopology } from '../../src/core/topology/topology';
import { perOwner } from './perOwner';

let tags: string[] | undefined;

/** A short hash tag for every slot: `{tag}` hashes to that slot. */
export function slotTags(): string[] {
  if (tags) return tags;
  const out = new Array<string>(SLOT_COUNT);
  let found = 0;
  for (let i = 0; found < SLOT_COUNT; i++) {
    const t = i.toString(36);
    const s = crc16(Buffer.from(t)) & (SLOT_COUNT - 1);
    if (out[s] === undefined) {
      out[s] = t;
      found++;
    }
  }
  return (tags = out);
}

/** Keys `p{tag}:i`, `perSlot` per slot for the given slots. */
export function keysForSlots(prefix: string, slots: Iterable<number>, perSlot: number): string[] {
  const t = slotTags();
  const out: string[] = [];
  for (const s of slots) for (let i = 0; i < perSlot; i++) out.push(`${prefix}{${t[s]}}:${i}`);
  return out;
}

export const valueOf = (key: string): string => `value-of-${key}`;

const tagSlot = (k: string): number => {
  const open = k.indexOf('{');
  const close = k.indexOf('}', open + 1);
  return crc16(Buffer.from(open >= 0 && close > open + 1 ? k.slice(open + 1, close) : k)) & (SLOT_COUNT - 1);
};

/** SETs every key to valueOf(key) on its owner. */
export async function writeKeys(session: ClusterSession, keys: string[]): Promise<void> {
  await perOwner(session, keys, tagSlot, async (c, chunk) => {
    const p = c.pipeline();
    for (const k of chunk) p.set(k, valueOf(k));
    const res = (await p.exec()) ?? [];
    const bad = res.find(([e]) => e);
    if (bad?.[0]) throw bad[0];
    return chunk.map(() => true);
  });
}

/** Keys whose value on their current owner is not valueOf(key) (missing keys included). */
export async function wrongKeys(session: ClusterSession, keys: string[], expected: (k: string) => string = valueOf): Promise<string[]> {
  const values = await perOwner(session, keys, tagSlot, async (c, chunk) => {
    const p = c.pipeline();
    for (const k of chunk) p.get(k);
    return ((await p.exec()) ?? []).map(([e, v]) => (e ? `ERR ${e.message}` : (v as string | null)));
  });
  return keys.filter((k) => values.get(k) !== expected(k));
}

/** CLUSTER MEETs an empty node into the cluster and waits until every node knows it and all agree. */
export async function meetEmptyNode(session: ClusterSession, newAddress: string, timeoutMs = 30000): Promise<string> {
  const topo = await discoverTopology(session);
  const seed = topo.nodes.find((n) => n.role === 'master');
  if (!seed) throw new Error('no master to meet');
  const client = await session.node(newAddress);
  const myId = String(await client.cluster('MYID'));
  await client.call('CLUSTER', 'MEET', seed.host, seed.port);
  await waitUntil(
    async () => {
      const t = await discoverTopology(session);
      const views = await readAllViews(session, t);
      if (!views.every((v) => v.nodes?.some((n) => n.id === myId))) return 'not known by all yet';
      return agreementProblems(views, { requireOk: true })[0];
    },
    { timeoutMs, intervalMs: 100, what: `${newAddress} to join` },
  );
  return myId;
}
