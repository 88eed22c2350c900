// At scale: a 100-node TLS loopback cluster (50 masters + 50 replicas) and, for the pure parts, a
// synthetic 1000-node topology. Contenders run side by side in the same run, taking turns, scored by medians.
//   1. `topology` and `check`, whole process (node dist/cli.js), vs `redis-cli --cluster check`. Goal: ours <=.
//   2. distribution (per-slot counts on the held topology, as the dashboard recounts) on 50 masters, warm session.
//      Goal: <= 100 ms. With a fresh topology read first, reported too.
//   3. connections: after topology, check and distribution on one session, at most one of its connections per
//      node (CLIENT LIST TYPE normal on every node, less the counting session's own).
//   4. rebalance onto one new empty master: ours 50 -> 51 masters (whole process, `rebalance --use-empty-masters
//      --yes`), then redis-cli 51 -> 52 on the same cluster (nearly the same work: 321 vs 315 slots). Goal: >= 5x.
//      The new masters are two replicas taken out of the cluster and reset, so all 100 nodes stay in the port block.
//   5. the pure parts at 1000 nodes (bench/scaleModel.ts), with timings.
//   npx tsx bench/scale.bench.ts   (env TEST_PORT_OFFSET; BENCH_KEYS default 50000; BENCH_RUNS default 5;
//                                   BENCH_CLUSTER_DIR=dir reuses a cluster started with
//                                   `npm run cluster -- start --masters 50 --base-port N` and leaves it running)
// Never in tests: starting 100 nodes takes 1-2 minutes on two busy cores.
import { type ClusterInfo, loadClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { cliEnv, tlsArgs } from '../scripts/cluster/nodes';
import { run } from '../scripts/cluster/proc';
import { countKeysPerSlot } from '../src/core/monitoring/distribution';
import { checkCluster } from '../src/core/admin/ops/check';
import { loadProfileFile } from '../src/core/profiles/profile';
import { ClusterSession } from '../src/core/connection/session';
import { countSlots } from '../src/core/topology/slots';
import { address, discoverTopology, masters } from '../src/core/topology/topology';
import { buildCli, runCli } from '../test/support/cli';
import { meetEmptyNode } from '../test/support/migrateData';
import { basePort } from '../test/support/ports';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { modelTimings } from './scaleModel';
import { median, runBench } from './support';

const KEYS = Number(process.env.BENCH_KEYS ?? 50000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms (runs ${xs.map((x) => x.toFixed(0)).join(' ')})`;
const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');

async function timed(what: string, f: () => Promise<{ code: number | null; stderr?: string; stdout?: string }>): Promise<number> {
  const t0 = performance.now();
  const r = await f();
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${(r.stderr ?? '').slice(-400)} ${(r.stdout ?? '').slice(-400)}`);
  return ms;
}

function redisCliCluster(info: ClusterInfo, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run('redis-cli', [...tlsArgs(info), '--cluster', ...args], { timeoutMs: 600000, env: cliEnv(info) });
}

/** Normal-client connections per node, less the counting session's own one. */
async function connectionsPerNode(info: ClusterInfo, ports: number[]): Promise<Map<number, number>> {
  const observer = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const counts = await Promise.all(
      ports.map(async (p) => {
        const text = String(await (await observer.node(`127.0.0.1:${p}`)).call('CLIENT', 'LIST', 'TYPE', 'normal'));
        return [p, text.split('\n').filter((l) => l.trim()).length - 1] as [number, number];
      }),
    );
    return new Map(counts);
  } finally {
    await observer.close();
  }
}

async function main(): Promise<number> {
  const reuse = process.env.BENCH_CLUSTER_DIR;
  const t0 = performance.now();
  const info = reuse ? loadClusterInfo(reuse) : await startCluster({ basePort: basePort('benchScale'), masters: 50 });
  const env = { REDIS_CLUSTER_PASSWORD: info.password };
  const profile = info.profilePath;
  const failures: string[] = [];
  console.log(
    `cluster: ${info.ports.length} nodes, TLS, ports ${info.ports[0]}-${info.ports.at(-1)}` +
      ` (${reuse ? 'reused' : `started in ${((performance.now() - t0) / 1000).toFixed(0)} s`}); load average ${await loadAvg()}`,
  );
  const seeder = new ClusterSession(loadProfileFile(profile), { password: info.password });
  try {
    buildCli();
    await seedKeys(seeder, namespacedKeys('bench:scale', KEYS));
    await seeder.close();

    // 1. Whole processes, taking turns.
    const topo: number[] = [];
    const check: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      topo.push(await timed('topology', () => runCli(['topology', '--profile', profile], env, 120000)));
      check.push(await timed('check', () => runCli(['check', '--profile', profile], env, 120000)));
      cli.push(await timed('redis-cli --cluster check', () => redisCliCluster(info, ['check', `127.0.0.1:${info.ports[0]}`])));
    }
    console.log(`\n1. whole process, ${RUNS} turns each (same run, load from other processes hits all alike)`);
    console.log(`  ours topology            ${fmt(topo)}`);
    console.log(`  ours check               ${fmt(check)}`);
    console.log(`  redis-cli --cluster check ${fmt(cli)}`);
    const topoOk = median(topo) <= median(cli);
    const checkOk = median(check) <= median(cli);
    console.log(
      `  => topology/redis-cli ${(median(topo) / median(cli)).toFixed(2)} (goal <= 1: ${verdict(topoOk)}); ` +
        `check/redis-cli ${(median(check) / median(cli)).toFixed(2)} (goal <= 1: ${verdict(checkOk)})`,
    );
    if (!topoOk) failures.push('topology slower than redis-cli check');
    if (!checkOk) failures.push('check slower than redis-cli check');

    // 2 and 3. One session, as the explorer holds it.
    const session = new ClusterSession(loadProfileFile(profile), { password: info.password });
    try {
      let c0 = performance.now();
      const t = await discoverTopology(session);
      await checkCluster(session);
      const coldMs = performance.now() - c0;
      c0 = performance.now();
      await checkCluster(session);
      const warmMs = performance.now() - c0;
      await countKeysPerSlot(session, t);
      const dist: number[] = [];
      const withTopo: number[] = [];
      let counted = 0;
      for (let i = 0; i < RUNS; i++) {
        c0 = performance.now();
        const d = await countKeysPerSlot(session, t);
        dist.push(performance.now() - c0);
        counted = d.total;
        c0 = performance.now();
        await countKeysPerSlot(session, await discoverTopology(session));
        withTopo.push(performance.now() - c0);
      }
      console.log(
        `\n2. in-process session: check cold (opens ${t.nodes.length} connections in parallel) ` +
          `${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms`,
      );
      const distOk = median(dist) <= 100 && counted === KEYS;
      // The dashboard recounts on the topology it holds (the monitor keeps it fresh); a fresh read is shown too.
      console.log(
        `  distribution on ${masters(t).length} masters, warm, on the held topology (the dashboard's recount): ${fmt(dist)}; ` +
          `${counted} keys counted (goal <= 100 ms: ${verdict(distOk)})`,
      );
      console.log(`  the same with a fresh topology read first (seed + every master's own line): ${fmt(withTopo)}`);
      if (!distOk) failures.push(`distribution ${median(dist).toFixed(0)} ms or count ${counted} != ${KEYS}`);
      const conns = await connectionsPerNode(
        info,
        t.nodes.map((n) => n.port),
      );
      const worst = Math.max(...conns.values());
      const total = [...conns.values()].reduce((a, b) => a + b, 0);
      console.log(
        `\n3. connections of that session after topology, 2 checks and ${RUNS + 1} distribution ` +
          `refreshes: ${total} over ${conns.size} nodes, ` +
          `at most ${worst} per node (goal <= 1: ${verdict(worst <= 1)})`,
      );
      if (worst > 1) failures.push(`${worst} connections on one node`);
    } finally {
      await session.close();
    }

    // 4. Rebalance onto a new empty master.
    // The last two replicas (a reused cluster may have had earlier ones taken out already).
    const probe = new ClusterSession(loadProfileFile(profile), { password: info.password });
    const replicaPorts = (await discoverTopology(probe)).nodes
      .filter((n) => n.role === 'replica')
      .map((n) => n.port)
      .sort((a, b) => a - b);
    await probe.close();
    const [spareA, spareB] = replicaPorts.slice(-2);
    const ourMs = await rebalanceOnto(info, spareA, (p) =>
      timed('ours rebalance', () => runCli(['rebalance', '--profile', p, '--use-empty-masters', '--yes'], env, 600000)),
    );
    const cliMs = await rebalanceOnto(info, spareB, () =>
      timed('redis-cli rebalance', () =>
        redisCliCluster(info, ['rebalance', `127.0.0.1:${info.ports[0]}`, '--cluster-use-empty-masters', '--cluster-pipeline', '100']),
      ),
    );
    const ratio = cliMs / ourMs;
    const m = replicaPorts.length;
    console.log(
      `\n4. rebalance onto a new empty master (${KEYS} keys): ours ${100 - m}->${101 - m} ` +
        `masters ${(ourMs / 1000).toFixed(2)} s (whole process), ` +
        `redis-cli ${101 - m}->${102 - m} ${(cliMs / 1000).toFixed(2)} s => ${ratio.toFixed(1)}x (goal >= 5x: ${verdict(ratio >= 5)})`,
    );
    if (ratio < 5) failures.push(`rebalance ratio ${ratio.toFixed(1)}x`);
  } finally {
    await seeder.close();
    if (!reuse) await stopCluster(info);
  }

  console.log('\n5. pure parts on a synthetic 1000-node topology (500 masters + 500 replicas + 1 empty master), warm medians of 7:');
  for (const m of modelTimings(500)) console.log(`  ${m.ms.toFixed(1).padStart(7)} ms  ${m.what}`);
  console.log(failures.length ? `\nNOT MET: ${failures.join('; ')}` : '\nall goals met');
  return failures.length ? 1 : 0;
}

/** Takes a replica out (del-node, then a hard reset for a fresh id the others have not forgotten). */
async function freeReplica(info: ClusterInfo, port: number): Promise<void> {
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const node = (await discoverTopology(session)).nodes.find((n) => n.port === port);
    if (!node || node.role !== 'replica') throw new Error(`127.0.0.1:${port} is not a replica of the cluster`);
    const del = await redisCliCluster(info, ['del-node', `127.0.0.1:${info.ports[0]}`, node.id]);
    if (del.code !== 0) throw new Error(`del-node ${port}: ${del.stdout.slice(-300)} ${del.stderr.slice(-300)}`);
    const client = await session.node(`127.0.0.1:${port}`);
    await client.flushall();
    await client.call('CLUSTER', 'RESET', 'HARD');
  } finally {
    await session.close();
  }
}

/** Frees a replica, meets it as an empty master, runs `go`, and checks the keys and that it got its share. */
async function rebalanceOnto(info: ClusterInfo, sparePort: number, go: (profile: string) => Promise<number>): Promise<number> {
  await freeReplica(info, sparePort);
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  try {
    const id = await meetEmptyNode(session, `127.0.0.1:${sparePort}`, 120000);
    const keysBefore = await totalKeys(session);
    const ms = await go(info.profilePath);
    const topo = await discoverTopology(session);
    const got = countSlots(topo.nodes.find((n) => n.id === id)?.slots ?? []);
    const keysAfter = await totalKeys(session);
    if (keysAfter !== keysBefore) throw new Error(`rebalance lost keys: ${keysBefore} before, ${keysAfter} after`);
    const share = Math.floor(16384 / masters(topo).length);
    if (got < share - 1) throw new Error(`the new master holds ${got} slots, expected about ${share}`);
    return ms;
  } finally {
    await session.close();
  }
}

async function totalKeys(session: ClusterSession): Promise<number> {
  const topo = await discoverTopology(session);
  const sizes = await Promise.all(masters(topo).map(async (n) => Number(await (await session.node(address(n))).dbsize())));
  return sizes.reduce((a, b) => a + b, 0);
}

async function loadAvg(): Promise<string> {
  const os = await import('node:os');
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

runBench(main);
