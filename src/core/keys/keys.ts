// Key-level helpers that talk to the server.
import type Redis from 'ioredis';
import { NodeCommandError, RedisClusterError } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { keySlot } from '../topology/slots';
import { type ClusterNode, type Topology, address, isFailing } from '../topology/topology';

/** The server's CLUSTER KEYSLOT for each key, pipelined on one node (any node answers it). */
export async function serverKeySlots(session: ClusterSession, keys: Uint8Array[]): Promise<number[]> {
  const { client, address: seed } = await session.anySeed();
  const pipe = client.pipeline();
  for (const k of keys) pipe.call('CLUSTER', 'KEYSLOT', Buffer.from(k));
  const results = (await pipe.exec()) ?? [];
  return results.map(([err, v], i) => {
    if (err) throw new NodeCommandError(seed, `CLUSTER KEYSLOT failed for key #${i + 1}: ${err.message}`, err);
    return Number(v);
  });
}

/** The master serving a slot in this topology view, if any. */
export function ownerOfSlot(topology: Topology, slot: number): ClusterNode | undefined {
  return topology.nodes.find((n) => n.role === 'master' && !isFailing(n) && n.slots.some(([a, b]) => slot >= a && slot <= b));
}

export function replicasOf(topology: Topology, master: ClusterNode): ClusterNode[] {
  return topology.nodes.filter((n) => n.role === 'replica' && n.masterId === master.id);
}

export class NoOwnerError extends RedisClusterError {
  override name = 'NoOwnerError';
  constructor(readonly slot: number) {
    const hint = 'Check the cluster with "topology", fix coverage, then retry.';
    super('no-owner', `slot ${slot} has no serving master in the current topology (unassigned, or its master is failing). ${hint}`, hint);
  }
}

/** The owner of a key's slot and a pooled client for it; key commands go straight to the owner, never routed. */
export async function ownerClient(
  session: ClusterSession,
  topology: Topology,
  key: Uint8Array,
): Promise<{ node: ClusterNode; address: string; client: Redis; slot: number }> {
  const slot = keySlot(key);
  const node = ownerOfSlot(topology, slot);
  if (!node) throw new NoOwnerError(slot);
  const addr = address(node);
  return { node, address: addr, client: await session.node(addr), slot };
}
