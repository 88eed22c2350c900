// Key distribution: our full refresh (topology + COUNTKEYSINSLOT pipelined per owner, masters in parallel)
// against the naive count (one awaited round trip per slot, each sent to its owner's client), on a private
// 3+3 TLS cluster holding 200k keys. Goal: naive / ours >= 25.
//   npx tsx bench/distribution.bench.ts      (env TEST_PORT_OFFSET; BENCH_KEYS, default 200000)
import { startCluster, stopCluster } from '../scripts/cluster';
import { type CountMethod, countKeysPerSlot, slotOwners } from '../src/core/monitoring/distribution';
import { loadProfileFile } from '../src/core/profiles/profile';
import { ClusterSession } from '../src/core/connection/session';
import { SLOT_COUNT } from '../src/core/topology/slots';
import { address, discoverTopology } from '../src/core/topology/topology';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { basePort as portBlock } from '../test/support/ports';
import { median, runBench } from './support';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseSlotStats } from '../src/core/monitoring/slotStats';

const GOAL = 25;

async function naiveCount(session: ClusterSession): Promise<Uint32Array> {
  const topo = await discoverTopology(session);
  const owners = slotOwners(topo);
  const addrOf = new Map(topo.nodes.map((n) => [n.id, address(n)]));
  const counts = new Uint32Array(SLOT_COUNT);
  for (let s = 0; s < SLOT_COUNT; s++) {
    const owner = owners[s];
    if (!owner) continue;
    const client = await session.node(addrOf.get(owner) ?? '');
    counts[s] = Number(await client.call('CLUSTER', 'COUNTKEYSINSLOT', s));
  }
  return counts;
}

async function ourRefresh(session: ClusterSession, method: CountMethod = 'auto'): Promise<Uint32Array> {
  const topo = await discoverTopology(session);
  return (await countKeysPerSlot(session, topo, { method })).slots;
}

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/**
 * CLUSTER SLOT-STATS cannot run here (Redis 7.0): on the captured Valkey 8 replies (test/unit/fixtures/servers),
 * what the client pays for one master's reply, RESP2-shaped as ioredis hands it over, against the count script's
 * reply (one integer per slot). Round trips are the same: one per master either way.
 */
function slotStatsShape(): void {
  const dir = 'test/unit/fixtures/servers/valkey-8.0.1';
  const raw = JSON.parse(gunzipSync(readFileSync(`${dir}/healthy-cluster-slot-stats-7950.json.gz`)).toString()) as [number, object][];
  const resp2 = raw.map(([slot, o]) => [slot, Object.entries(o).flat()]);
  const respBytes = (v: unknown): number =>
    Array.isArray(v)
      ? 4 + v.reduce((t: number, x) => t + respBytes(x), 0)
      : typeof v === 'number'
        ? 3 + String(v).length
        : 6 + String(v).length;
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    parseSlotStats(resp2);
    runs.push(performance.now() - t0);
  }
  const script = respBytes(raw.map(([, o]) => (o as Record<string, number>)['key-count']));
  console.log(
    `SLOT-STATS on the Valkey capture (${raw.length} slots, stats enabled): reply ~${(respBytes(resp2) / 1024).toFixed(0)} KiB, ` +
      `parse median ${median(runs).toFixed(2)} ms; the count script's reply for the same slots ~${(script / 1024).toFixed(0)} KiB`,
  );
}

async function main(): Promise<number> {
  slotStatsShape();
  const basePort = portBlock('benchDistribution');
  const keyCount = Number(process.env.BENCH_KEYS ?? 200000);
  const info = await startCluster({ basePort });
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const seeded = await time(() => seedKeys(session, namespacedKeys('bench:dist', keyCount)));
    console.log(`cluster 3+3 TLS on ${basePort}-${basePort + 5}; seeded ${keyCount} keys in ${(seeded.ms / 1000).toFixed(1)} s`);
    // Warm both paths so that neither pays for TLS handshakes inside the measurement.
    await ourRefresh(session);
    await ourRefresh(session, 'pipeline');
    // Interleaved rounds, so that load from other processes hits every variant alike.
    const ours: number[] = [];
    const piped: number[] = [];
    const naive: number[] = [];
    let last: Uint32Array = new Uint32Array(0);
    let lastPiped: Uint32Array = new Uint32Array(0);
    let naiveCounts: Uint32Array = new Uint32Array(0);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) {
        const r = await time(() => ourRefresh(session));
        ours.push(r.ms);
        last = r.value;
        const p = await time(() => ourRefresh(session, 'pipeline'));
        piped.push(p.ms);
        lastPiped = p.value;
      }
      const n = await time(() => naiveCount(session));
      naive.push(n.ms);
      naiveCounts = n.value;
    }
    const total = last.reduce((a, b) => a + b, 0);
    const same = naiveCounts.every((v, i) => v === last[i] && v === lastPiped[i]);
    const ratio = median(naive) / median(ours);
    const runs = (xs: number[]) => `median ${median(xs).toFixed(0)} ms  runs ${xs.map((x) => x.toFixed(0)).join(' ')}`;
    console.log(`ours, default (topology + server-side loop, pipelined per owner): ${runs(ours)}`);
    console.log(`ours, fallback (topology + COUNTKEYSINSLOT pipelined per owner):  ${runs(piped)}`);
    console.log(`naive (1 awaited COUNTKEYSINSLOT round trip per slot, owner's client): ${runs(naive)}`);
    console.log(`counted ${total} keys; naive, default and fallback agree on every slot: ${same}`);
    console.log(`ratio naive/fallback = ${(median(naive) / median(piped)).toFixed(1)}x`);
    console.log(`RATIO naive/ours = ${ratio.toFixed(1)}x (goal >= ${GOAL}x) ${ratio >= GOAL ? 'PASS' : 'FAIL'}`);
    return same && total === keyCount && ratio >= GOAL ? 0 : 1;
  } finally {
    await session.close();
    await stopCluster(info);
  }
}

runBench(main);
