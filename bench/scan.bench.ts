// Key browser scan, on a private 3+3 TLS cluster holding 300k keys:
//  1. first page latency: scanPage(1000 keys) from a fresh combined cursor, topology known (as in the tree).
//     Goal: median <= 50 ms.
//  2. full scan throughput of scanCluster (COUNT 1000) against a raw parallel SCAN COUNT 1000 loop over the
//     masters (ioredis scanBuffer, one loop per master), interleaved in the same run. Goal: ours/raw >= 0.8.
//   npx tsx bench/scan.bench.ts     (env TEST_PORT_OFFSET; BENCH_KEYS, default 300000; BENCH_ROUNDS, default 5)
import { startCluster, stopCluster } from '../scripts/cluster';
import { loadProfileFile } from '../src/core/profiles/profile';
import { newScanCursor, scanCluster, scanPage } from '../src/core/keys/scan';
import { ClusterSession } from '../src/core/connection/session';
import { address, discoverTopology, masters } from '../src/core/topology/topology';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { basePort as portBlock } from '../test/support/ports';
import { median, runBench } from './support';

const FIRST_PAGE_GOAL_MS = 50;
const RATIO_GOAL = 0.8;

/** The baseline: what a careful script would do by hand. */
async function rawParallelScan(session: ClusterSession, addrs: string[]): Promise<number> {
  const counts = await Promise.all(
    addrs.map(async (a) => {
      const client = await session.node(a);
      let cursor = '0';
      let n = 0;
      do {
        const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
        cursor = next.toString();
        n += keys.length;
      } while (cursor !== '0');
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function ourScan(session: ClusterSession, topology: Awaited<ReturnType<typeof discoverTopology>>): Promise<number> {
  let n = 0;
  for await (const batch of scanCluster(session, { topology, count: 1000 })) n += batch.length;
  return n;
}

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<number> {
  const basePort = portBlock('benchScan');
  const keyCount = Number(process.env.BENCH_KEYS ?? 300000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const info = await startCluster({ basePort });
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const seeded = await time(() => seedKeys(session, namespacedKeys('bench:scan', keyCount)));
    console.log(`cluster 3+3 TLS on ${basePort}-${basePort + 5}; seeded ${keyCount} keys in ${(seeded.ms / 1000).toFixed(1)} s`);
    const topology = await discoverTopology(session);
    const addrs = masters(topology).map(address);
    // Warm every connection so no measurement pays a TLS handshake.
    await rawParallelScan(session, addrs);
    await ourScan(session, topology);

    const firstPage: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await time(() => scanPage(session, newScanCursor(topology), 1000));
      if (r.value.keys.length < 1000) throw new Error(`first page had only ${r.value.keys.length} keys`);
      firstPage.push(r.ms);
    }

    const raw: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const a = await time(() => rawParallelScan(session, addrs));
      const b = await time(() => ourScan(session, topology));
      if (a.value !== keyCount || b.value !== keyCount)
        throw new Error(`key counts differ: raw ${a.value}, ours ${b.value}, seeded ${keyCount}`);
      raw.push(a.ms);
      ours.push(b.ms);
    }
    const fp = median(firstPage);
    const rawRate = keyCount / (median(raw) / 1000);
    const ourRate = keyCount / (median(ours) / 1000);
    const ratio = ourRate / rawRate;
    const sorted = [...firstPage].sort((x, y) => x - y);
    console.log(
      `first page (1000 keys): median ${fp.toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, ` +
        `max ${sorted[sorted.length - 1].toFixed(1)} ms (goal <= ${FIRST_PAGE_GOAL_MS} ms)`,
    );
    console.log(
      `full scan, ${keyCount} keys, median of ${rounds}: ` +
        `raw parallel SCAN COUNT 1000 ${median(raw).toFixed(0)} ms (${Math.round(rawRate)} keys/s), ` +
        `scanCluster ${median(ours).toFixed(0)} ms (${Math.round(ourRate)} keys/s)`,
    );
    console.log(`ratio ours/raw = ${ratio.toFixed(2)} (goal >= ${RATIO_GOAL})`);
    const ok = fp <= FIRST_PAGE_GOAL_MS && ratio >= RATIO_GOAL;
    console.log(ok ? 'PASS' : 'FAIL');
    return ok ? 0 : 1;
  } finally {
    await session.close();
    await stopCluster(info);
  }
}

runBench(main);
