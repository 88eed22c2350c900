// Two groups of three masters that never met: group A owns slots 0-8191, group B 8192-16383, each group's nodes
// know only each other. cluster-require-full-coverage is off everywhere, so each half keeps serving its keys
// (the way a split cluster takes writes on both sides). For the Diagnose/Merge tests.
import { waitUntil } from '../../src/core/topology/agreement';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { parseClusterInfo, parseClusterNodes } from '../../src/core/topology/topology';

export const HALVES = [
  [
    [0, 2730],
    [2731, 5460],
    [5461, 8191],
  ],
  [
    [8192, 10922],
    [10923, 13652],
    [13653, 16383],
  ],
];

/** A key whose slot is in the first range of the given half (owned by that half's first node). */
export function keyInHalf(half: number, prefix = 'split'): string {
  const [lo, hi] = HALVES[half][0];
  for (let i = 0; ; i++) {
    const slot = keySlot(`${prefix}:${half}:${i}`);
    if (slot >= lo && slot <= hi) return `${prefix}:${half}:${i}`;
  }
}

/** Forms the two groups out of six empty cluster-enabled nodes (host:port, TLS ports with bus at +10000). */
export async function formSplit(session: ClusterSession, six: string[]): Promise<void> {
  for (const [g, group] of [six.slice(0, 3), six.slice(3)].entries()) {
    for (const [i, a] of group.entries()) {
      const c = await session.node(a);
      await c.call('CLUSTER', 'ADDSLOTSRANGE', HALVES[g][i][0], HALVES[g][i][1]);
      // Distinct epochs on both sides, as two clusters created apart would rarely have them equal.
      await c.call('CLUSTER', 'SET-CONFIG-EPOCH', 1 + 3 * g + i);
      await c.config('SET', 'cluster-require-full-coverage', 'no');
    }
    const first = await session.node(group[0]);
    for (const a of group.slice(1)) {
      const port = Number(a.split(':')[1]);
      await first.call('CLUSTER', 'MEET', a.split(':')[0], port, port + 10000);
    }
    await waitUntil(
      async () => {
        for (const a of group) {
          const c = await session.node(a);
          const known = parseClusterNodes(String(await c.call('CLUSTER', 'NODES'))).filter((n) => !n.flags.includes('handshake'));
          if (known.length !== 3) return `${a} knows ${known.length}`;
          if (parseClusterInfo(String(await c.call('CLUSTER', 'INFO'))).state !== 'ok') return `${a} not ok`;
        }
        return undefined;
      },
      { timeoutMs: 30000, intervalMs: 200, what: 'each half to form' },
    );
  }
}
