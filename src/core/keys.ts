// Key-level helpers that talk to the server.
import type { ClusterSession } from './session';

/** The server's CLUSTER KEYSLOT for each key, pipelined on one node (any node answers it). */
export async function serverKeySlots(session: ClusterSession, keys: Uint8Array[]): Promise<number[]> {
  const { client } = await session.anySeed();
  const pipe = client.pipeline();
  for (const k of keys) pipe.call('CLUSTER', 'KEYSLOT', Buffer.from(k));
  const results = (await pipe.exec()) ?? [];
  return results.map(([err, v], i) => {
    if (err) throw new Error(`CLUSTER KEYSLOT failed for key #${i + 1}: ${err.message}`);
    return Number(v);
  });
}
