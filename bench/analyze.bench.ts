// Analyze Keyspace against `redis-cli --memkeys` run on every master in parallel (which reports only the biggest key
// per type, one command per key): N mixed keys (strings of varied sizes, hashes, lists, sets, zsets, streams; 40 %
// with a TTL) on a private 3+3 TLS cluster. Whole processes, contenders taking turns, medians of BENCH_RUNS.
// Then: client p99 while `analyze --pace gentle` runs, against the p99 of the seconds just before (the impact
// bench's client load), and the analysing process' peak RSS (GNU time's %M).
// Goals: ≥ 2× faster than the reference and ≤ 10 s at 2M keys; gentle p99 ≤ 1.5× baseline.
//   npx tsx bench/analyze.bench.ts   (env TEST_PORT_OFFSET; BENCH_RUNS default 3; BENCH_KEYS default 2000000)
import { startCluster, stopCluster, type ClusterInfo } from '../scripts/cluster';
import { cliArgs, cliEnv } from '../scripts/cluster/nodes';
import { run } from '../scripts/cluster/proc';
import { connectCluster } from '../src/core/connection/connect';
import { ClusterSession } from '../src/core/connection/session';
import { slotOwners } from '../src/core/monitoring/distribution';
import { loadProfileFile } from '../src/core/profiles/profile';
import { keySlot } from '../src/core/topology/slots';
import { address, discoverTopology } from '../src/core/topology/topology';
import { buildCli, cliPath } from '../test/support/cli';
import { basePort } from '../test/support/ports';
import { Load } from './clientLoad';
import { median, runBench } from './support';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const KEYS = Number(process.env.BENCH_KEYS ?? 2_000_000);
const BASELINE_MS = 3000;

/** Mixed keys written straight to their owners, pipelined per master. */
export async function seed(session: ClusterSession, n: number): Promise<void> {
  const topo = await discoverTopology(session);
  const owners = slotOwners(topo);
  const addr = new Map(topo.nodes.map((x) => [x.id, address(x)]));
  const CHUNK = 20000;
  for (let from = 0; from < n; from += CHUNK) {
    const pipes = new Map<string, ReturnType<Awaited<ReturnType<ClusterSession['node']>>['pipeline']>>();
    for (let i = from; i < Math.min(n, from + CHUNK); i++) {
      const kind = i % 100;
      const key =
        kind < 70
          ? `str:${i % 997}:${i}`
          : kind < 80
            ? `hash:${i}`
            : kind < 87
              ? `list:${i}`
              : kind < 93
                ? `set:${i}`
                : kind < 98
                  ? `zset:${i}`
                  : `stream:${i}`;
      const a = addr.get(owners[keySlot(key)] ?? '') ?? '';
      let p = pipes.get(a);
      if (!p) pipes.set(a, (p = (await session.node(a)).pipeline()));
      if (kind < 70) p.set(key, 'x'.repeat(10 + (i % 500)));
      else if (kind < 80) p.hset(key, ...Array.from({ length: 5 + (i % 15) }, (_, j) => [`f${j}`, `v${j}`]).flat());
      else if (kind < 87) p.rpush(key, ...Array.from({ length: 3 + (i % 20) }, (_, j) => `e${j}`));
      else if (kind < 93) p.sadd(key, ...Array.from({ length: 3 + (i % 20) }, (_, j) => `m${j}`));
      else if (kind < 98) p.zadd(key, ...Array.from({ length: 3 + (i % 20) }, (_, j) => [j, `m${j}`]).flat());
      else p.xadd(key, '*', 'f', 'v');
      if (i % 5 < 2) p.expire(key, 600 + (i % 1_000_000));
    }
    await Promise.all([...pipes.values()].map((p) => p.exec()));
  }
}

/** Wall time (ms) and peak RSS (KiB, GNU time %M) of one process. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; rssKb: number; stdout: string }> {
  const t0 = performance.now();
  const r = await run('/usr/bin/time', ['-f', 'RSS_KB %M', cmd, ...args], { timeoutMs: 900_000, env });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${cmd} exit ${r.code}: ${r.stderr.slice(-400)}`);
  return { ms, rssKb: Number(/RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0), stdout: r.stdout };
}

async function memkeys(info: ClusterInfo, masters: number[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(masters.map((p) => run('redis-cli', [...cliArgs(info, p), '--memkeys'], { timeoutMs: 900_000, env: cliEnv(info) })));
  return performance.now() - t0;
}

async function ours(info: ClusterInfo, pace: 'fast' | 'gentle'): Promise<{ ms: number; rssKb: number; keys: number }> {
  const env = { ...process.env, [info.passwordEnv]: info.password };
  const r = await timed(process.execPath, [cliPath(), 'analyze', '--profile', info.profilePath, '--pace', pace, '--json'], env);
  return { ms: r.ms, rssKb: r.rssKb, keys: (JSON.parse(r.stdout) as { totals: { keys: number } }).totals.keys };
}

async function main(): Promise<number> {
  buildCli();
  const info = await startCluster({ basePort: basePort('benchAnalyze') });
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const t0 = performance.now();
    await seed(session, KEYS);
    console.log(`seeded ${KEYS} mixed keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const topo = await discoverTopology(session);
    const masterPorts = topo.nodes.filter((n) => n.role === 'master' && n.slots.length).map((n) => n.port);
    const ref: number[] = [];
    const fast: { ms: number; rssKb: number; keys: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      ref.push(await memkeys(info, masterPorts));
      fast.push(await ours(info, 'fast'));
      if (fast[i].keys !== KEYS) throw new Error(`analyze counted ${fast[i].keys} keys, expected ${KEYS}`);
      console.log(
        `  run ${i + 1}: redis-cli --memkeys ×${masterPorts.length} ${(ref[i] / 1000).toFixed(2)} s; ` +
          `analyze ${(fast[i].ms / 1000).toFixed(2)} s, peak RSS ${(fast[i].rssKb / 1024).toFixed(0)} MiB`,
      );
    }
    const r = median(ref);
    const f = median(fast.map((x) => x.ms));
    const rss = Math.max(...fast.map((x) => x.rssKb)) / 1024;
    console.log(
      `${KEYS} keys: redis-cli --memkeys ${(r / 1000).toFixed(2)} s, analyze ${(f / 1000).toFixed(2)} s ` +
        `(${(r / f).toFixed(1)}× faster), peak RSS ${rss.toFixed(0)} MiB`,
    );
    // Client impact of the gentle pace: the impact bench's load, p99 over the run against the p99 just before.
    const client = await connectCluster(session.profile, { password: info.password });
    const keys = Array.from({ length: 10000 }, (_, i) => `load:${i}`);
    const load = new Load(keys, client);
    let gentle: { ms: number; rssKb: number; keys: number };
    let from: number;
    let to: number;
    try {
      await new Promise((res) => setTimeout(res, BASELINE_MS));
      from = load.now();
      gentle = await ours(info, 'gentle');
      to = load.now();
    } finally {
      await load.stop();
      client.disconnect();
    }
    const p99 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? 0;
    const before = p99(load.latencies(from - BASELINE_MS, from));
    const during = p99(load.latencies(from, to));
    console.log(
      `gentle: ${(gentle.ms / 1000).toFixed(2)} s; client p99 ${during.toFixed(2)} ms during vs ${before.toFixed(2)} ms before ` +
        `(${(during / before).toFixed(2)}×)`,
    );
    const goals: [string, boolean][] = [
      [`fast ≥ 2× faster than redis-cli --memkeys (${(r / f).toFixed(1)}×)`, r / f >= 2],
      [`fast ≤ 10 s (${(f / 1000).toFixed(2)} s)`, f <= 10_000],
      [`gentle p99 ≤ 1.5× baseline (${(during / before).toFixed(2)}×)`, during <= 1.5 * before],
    ];
    for (const [text, ok] of goals) console.log(`  ${ok ? 'PASS' : 'MISS'} ${text}`);
    return 0;
  } finally {
    await session.close();
    await stopCluster(info);
  }
}

runBench(main);
