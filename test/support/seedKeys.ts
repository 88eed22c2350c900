// Writes and deletes many keys fast: each key goes straight to its slot's owner, pipelined per master.
// Used by the distribution tests and benchmark (the routed client would pay a MOVED detour per mis-hashed key).
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { perOwner } from './perOwner';

/** One pipeline per owner and chunk; a refused command fails the whole write. */
async function pipelined(
  session: ClusterSession,
  keys: string[],
  each: (pipe: ReturnType<import('ioredis').default['pipeline']>, key: string) => void,
): Promise<void> {
  await perOwner(session, keys, keySlot, async (client, chunk) => {
    const pipe = client.pipeline();
    for (const k of chunk) each(pipe, k);
    const res = (await pipe.exec()) ?? [];
    const err = res.find(([e]) => e);
    if (err?.[0]) throw new Error(`${String(client.options.host)}:${String(client.options.port)}: ${err[0].message}`);
    return [];
  });
}

export function seedKeys(session: ClusterSession, keys: string[]): Promise<void> {
  return pipelined(session, keys, (pipe, k) => pipe.set(k, 'v'));
}

export function deleteKeys(session: ClusterSession, keys: string[]): Promise<void> {
  return pipelined(session, keys, (pipe, k) => pipe.del(k));
}

export function namespacedKeys(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
}
