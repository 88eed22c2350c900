// What a rebalance costs the clients: a rebalance onto one new empty master while an ioredis cluster client runs
// 4 workers of awaited SET + GET over 100k keys. Contenders: `redis-cli --cluster rebalance
// --cluster-use-empty-masters --cluster-pipeline 100`, ours at --pace fast and at --pace gentle, each mover a
// process of its own (our CLI, like redis-cli). Each run of each contender gets a freshly started private 3+3 TLS
// cluster (+1 spare), contenders take turns, medians of BENCH_RUNS (default 3). Figures over the move: time,
// client throughput kept (vs the 2 s before), client p99 and worst latency of a SET+GET, and work lost
// (operations the client would have done at its earlier rate, in seconds).
// Goals: gentle p99 and worst <= redis-cli's while >= 2x faster; fast >= 5x faster costing <= 1/3 of its lost work.
//   npx tsx bench/impact.bench.ts   (env TEST_PORT_OFFSET; BENCH_RUNS default 3; BENCH_KEYS default 100000;
//                                   BENCH_ONLY=gentle runs only the contenders whose name contains it)
import { readFileSync } from 'node:fs';
import { type ClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { cliEnv, tlsArgs } from '../scripts/cluster/nodes';
import { run } from '../scripts/cluster/proc';
import { connectCluster } from '../src/core/connection/connect';
import type { Pace } from '../src/core/admin/ops/pace';
import { loadProfileFile } from '../src/core/profiles/profile';
import { ClusterSession } from '../src/core/connection/session';
import { countSlots } from '../src/core/topology/slots';
import { address, discoverTopology, masters } from '../src/core/topology/topology';
import { buildCli, runCli } from '../test/support/cli';
import { meetEmptyNode, slotTags, writeKeys } from '../test/support/migrateData';
import { basePort } from '../test/support/ports';
import { Load, WORKERS } from './clientLoad';
import { median, runBench } from './support';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const KEYS = Number(process.env.BENCH_KEYS ?? 100000);
const BASELINE_MS = 2000;

interface Figures {
  moveMs: number;
  kept: number;
  p99: number;
  worst: number;
  lostS: number;
  canaryNote?: string;
}

/** CPU (user + sys) of this process's finished children, ms: /proc/self/stat cutime + cstime, in 10 ms ticks. */
function childrenCpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

function spreadKeys(n: number): string[] {
  const tags = slotTags();
  return Array.from({ length: n }, (_, i) => `i{${tags[i % 16384]}}:${Math.floor(i / 16384)}`);
}

async function once(name: string, info: ClusterInfo, go: () => Promise<void>): Promise<Figures> {
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  const keys = spreadKeys(KEYS);
  await writeKeys(session, keys);
  const spare = await meetEmptyNode(session, `127.0.0.1:${info.sparePorts[0]}`);
  const client = await connectCluster(session.profile, { password: info.password });
  const load = new Load(keys, client);
  try {
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    const from = load.now();
    const cpu0 = childrenCpuMs();
    await go();
    const moverCpuMs = childrenCpuMs() - cpu0;
    const to = load.now();
    await load.stop();
    const topo = await discoverTopology(session);
    const got = countSlots(topo.nodes.find((n) => n.id === spare)?.slots ?? []);
    const sizes = await Promise.all(masters(topo).map(async (n) => Number(await (await session.node(address(n))).dbsize())));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (got !== 4096 || total !== KEYS)
      throw new Error(`${name}: new master holds ${got} slots, ${total} keys in the cluster (expected 4096, ${KEYS})`);
    const calm = load.latencies(from - BASELINE_MS, from);
    const before = calm.length / BASELINE_MS;
    // The worst SET+GET before the move: what this machine does to the client with nothing moving.
    const calmWorst = Math.max(0, ...calm);
    const gcWorst = Math.max(0, ...load.gc.filter((g) => g.at >= from && g.at < to).map((g) => g.ms));
    const lat = load.latencies(from, to).sort((a, b) => a - b);
    const moveMs = to - from;
    const f: Figures = {
      moveMs,
      kept: lat.length / moveMs / before,
      p99: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))] ?? 0,
      worst: lat.at(-1) ?? 0,
      lostS: Math.max(0, before * moveMs - lat.length) / before / 1000,
    };
    if (load.errors) throw new Error(`${name}: ${load.errors} client errors`);
    console.log(
      `    ${name.padEnd(18)} ${(moveMs / 1000).toFixed(2)} s, kept ${(f.kept * 100).toFixed(0)} %, p99 ${f.p99.toFixed(1)} ms, ` +
        `worst ${f.worst.toFixed(0)} ms (before the move ${calmWorst.toFixed(0)} ms; ` +
        `client's longest GC pause ${gcWorst.toFixed(0)} ms), ` +
        `lost ${f.lostS.toFixed(2)} s of client work; the mover used ${(moverCpuMs / 1000).toFixed(2)} s of CPU`,
    );
    return f;
  } finally {
    await load.stop();
    client.disconnect();
    await session.close();
  }
}

// Ours runs as its own process (the CLI), as redis-cli does: in the bench's process, the mover's JavaScript would
// share the clients' event loop, and every pause of it would count as a client stall.
const ours = (pace: Pace) => (info: ClusterInfo) => async (): Promise<void> => {
  const r = await runCli(
    ['rebalance', '--profile', info.profilePath, '--use-empty-masters', '--pace', pace, '--yes'],
    { [info.passwordEnv]: info.password },
    600_000,
  );
  if (r.code !== 0) throw new Error(`rebalance --pace ${pace} exit ${r.code}: ${(r.stderr || r.stdout).slice(-300)}`);
  // The progress lines carry the canary's latency (gentle); the worst one is shown with BENCH_VERBOSE.
  const canary = [...r.stderr.matchAll(/canary ([\d.]+) ms/g)].map((m) => Number(m[1]));
  if (canary.length && process.env.BENCH_VERBOSE) console.log(`      canary worst ${Math.max(...canary).toFixed(1)} ms`);
};

async function main(): Promise<number> {
  const base = basePort('benchImpact');
  buildCli();
  const contenders: { name: string; go: (info: ClusterInfo) => () => Promise<void> }[] = [
    {
      name: 'redis-cli',
      go: (info) => async () => {
        const r = await run(
          'redis-cli',
          [
            ...tlsArgs(info),
            '--cluster',
            'rebalance',
            `127.0.0.1:${info.ports[0]}`,
            '--cluster-use-empty-masters',
            '--cluster-pipeline',
            '100',
          ],
          { timeoutMs: 600000, env: cliEnv(info) },
        );
        if (r.code !== 0) throw new Error(`redis-cli rebalance exit ${r.code}: ${r.stdout.slice(-300)}`);
      },
    },
    { name: 'ours --pace fast', go: ours('fast') },
    { name: 'ours --pace gentle', go: ours('gentle') },
  ];
  // BENCH_ONLY=gentle (a part of a name) runs only the matching contenders; the goals need all three.
  const only = process.env.BENCH_ONLY;
  if (only) contenders.splice(0, contenders.length, ...contenders.filter((c) => c.name.includes(only)));
  const results = contenders.map(() => [] as Figures[]);
  console.log(
    `rebalance onto a new empty master, ${KEYS} keys, client: ioredis cluster, ${WORKERS} ` +
      `workers of awaited SET+GET; ${RUNS} runs each, fresh cluster per run`,
  );
  for (let r = 0; r < RUNS; r++) {
    for (const [i, c] of contenders.entries()) {
      const info = await startCluster({ basePort: base, spares: 1, dir: `/tmp/rc-bench-impact-${base}` });
      try {
        results[i].push(await once(c.name, info, c.go(info)));
      } finally {
        await stopCluster(info);
      }
    }
  }
  const med = results.map((rs) => ({
    moveMs: median(rs.map((x) => x.moveMs)),
    kept: median(rs.map((x) => x.kept)),
    p99: median(rs.map((x) => x.p99)),
    worst: median(rs.map((x) => x.worst)),
    lostS: median(rs.map((x) => x.lostS)),
  }));
  console.log('\nmedians:');
  contenders.forEach((c, i) =>
    console.log(
      `  ${c.name.padEnd(18)} ${(med[i].moveMs / 1000).toFixed(2)} s, kept ${(med[i].kept * 100).toFixed(0)} %, ` +
        `p99 ${med[i].p99.toFixed(1)} ms, worst ${med[i].worst.toFixed(0)} ms, lost ${med[i].lostS.toFixed(2)} s`,
    ),
  );
  if (only) return 0;
  const [cli, fast, gentle] = med;
  const checks = [
    [`gentle p99 ${gentle.p99.toFixed(1)} <= redis-cli ${cli.p99.toFixed(1)} ms`, gentle.p99 <= cli.p99],
    [`gentle worst ${gentle.worst.toFixed(0)} <= redis-cli ${cli.worst.toFixed(0)} ms`, gentle.worst <= cli.worst],
    [`gentle ${(cli.moveMs / gentle.moveMs).toFixed(1)}x faster than redis-cli (>= 2x)`, cli.moveMs / gentle.moveMs >= 2],
    [`fast ${(cli.moveMs / fast.moveMs).toFixed(1)}x faster than redis-cli (>= 5x)`, cli.moveMs / fast.moveMs >= 5],
    [`fast lost work ${(fast.lostS / cli.lostS).toFixed(2)} of redis-cli's (<= 1/3)`, fast.lostS / cli.lostS <= 1 / 3],
  ] as const;
  for (const [text, ok] of checks) console.log(`  ${ok ? 'MET    ' : 'NOT MET'} ${text}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

runBench(main);
