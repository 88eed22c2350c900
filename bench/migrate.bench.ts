// Slot migration: our engine against `redis-cli --cluster` on the same data, each contender on a freshly
// started private TLS cluster (3 masters + 3 replicas) so all face the same state.
//   1. rebalance onto a new empty master, 200k keys: ours vs `--cluster rebalance --cluster-use-empty-masters
//      --cluster-pipeline {10,100,1000}` (best). Goal: >= 5x.
//   2. dense reshard, 1000 slots x ~120 keys: ours vs `--cluster reshard --cluster-pipeline {10,100,1000}`
//      (best). Goal: >= 2x.
// Our time covers what the CLI does: topology, guard (agreement, open slots), admin lock, moves, settling.
//   npx tsx bench/migrate.bench.ts     (env BENCH_BASE_PORT default 7560, BENCH_KEYS default 200000,
//                                       BENCH_PIPELINES default 10,100,1000, BENCH_ONLY=rebalance|reshard)
import { type ClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { cliEnv, tlsArgs } from '../scripts/cluster/nodes';
import { run } from '../scripts/cluster/proc';
import { ClusterSession } from '../src/core/session';
import { loadProfileFile } from '../src/core/profile';
import { countSlots } from '../src/core/slots';
import { discoverTopology } from '../src/core/topology';
import { planRebalance } from '../src/core/plan/rebalance';
import { planReshard } from '../src/core/plan/reshard';
import { type ExecuteOptions, executePlan } from '../src/core/ops/migrate';
import { keysForSlots, meetEmptyNode, slotTags, writeKeys } from '../test/support/migrateData';

const BASE = Number(process.env.BENCH_BASE_PORT ?? 7560);
const KEYS = Number(process.env.BENCH_KEYS ?? 200000);
const PIPELINES = (process.env.BENCH_PIPELINES ?? '10,100,1000').split(',').filter((x) => x !== 'none').map(Number);
const ONLY = process.env.BENCH_ONLY;
const RESHARD_SLOTS = 1000;
const RESHARD_PER_SLOT = 120;

interface Prepared {
  info: ClusterInfo;
  session: ClusterSession;
  /** Ids of the masters, in port order, and of the spare once met. */
  masters: string[];
  spare?: string;
}

/** n keys spread evenly: key i lands in slot i % 16384. */
function spreadKeys(n: number): string[] {
  const tags = slotTags();
  return Array.from({ length: n }, (_, i) => `b{${tags[i % 16384]}}:${Math.floor(i / 16384)}`);
}

async function prepare(kind: 'rebalance' | 'reshard'): Promise<Prepared> {
  const info = await startCluster({ basePort: BASE, spares: kind === 'rebalance' ? 1 : 0, dir: `/tmp/rc-bench-migrate-${BASE}` });
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  const t0 = performance.now();
  const keys = kind === 'rebalance' ? spreadKeys(KEYS) : keysForSlots('d', Array.from({ length: RESHARD_SLOTS }, (_, s) => s), RESHARD_PER_SLOT);
  await writeKeys(session, keys);
  const topo = await discoverTopology(session);
  const masters = info.ports.slice(0, 3).map((p) => topo.nodes.find((n) => n.port === p)?.id ?? '');
  let spare: string | undefined;
  if (kind === 'rebalance') spare = await meetEmptyNode(session, `127.0.0.1:${info.sparePorts[0]}`);
  console.log(`  [${kind}] cluster ready, ${keys.length} keys seeded in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return { info, session, masters, spare };
}

async function dispose(p: Prepared): Promise<void> {
  await p.session.close();
  await stopCluster(p.info);
}

async function totalKeys(p: Prepared): Promise<number> {
  const topo = await discoverTopology(p.session);
  const sizes = await Promise.all(topo.nodes.filter((n) => n.role === 'master').map(async (n) => Number(await (await p.session.node(`${n.host}:${n.port}`)).dbsize())));
  return sizes.reduce((a, b) => a + b, 0);
}

async function contender(kind: 'rebalance' | 'reshard', name: string, expectSlots: number, go: (p: Prepared) => Promise<number>): Promise<number> {
  const p = await prepare(kind);
  try {
    const before = await totalKeys(p);
    const ms = await go(p);
    const after = await totalKeys(p);
    const topo = await discoverTopology(p.session);
    const target = kind === 'rebalance' ? p.spare : p.masters[1];
    const got = countSlots(topo.nodes.find((n) => n.id === target)?.slots ?? []);
    if (after !== before) throw new Error(`${name}: ${before} keys before, ${after} after`);
    if (got !== expectSlots) throw new Error(`${name}: target holds ${got} slots, expected ${expectSlots}`);
    console.log(`  ${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   (${after} keys intact, target ${got} slots)`);
    return ms;
  } finally {
    await dispose(p);
  }
}

async function ours(p: Prepared, plan: (p: Prepared) => ReturnType<typeof planRebalance>): Promise<number> {
  const t0 = performance.now();
  const marks: string[] = [];
  let last = '';
  const r = await executePlan(p.session, plan(p), {
    // BENCH_OPTS: JSON ExecuteOptions overrides, for tuning experiments.
    ...(process.env.BENCH_OPTS ? (JSON.parse(process.env.BENCH_OPTS) as ExecuteOptions) : {}),
    onProgress: (pr) => {
      if (pr.phase !== last) marks.push(`${pr.phase}@${Math.round(performance.now() - t0)}ms`);
      last = pr.phase;
    },
  });
  const ms = performance.now() - t0;
  if (process.env.BENCH_VERBOSE) console.log(`    phases: ${marks.join(' ')} end@${Math.round(ms)}ms`);
  console.log(`    ours: ${r.slotsMoved} slots, ${r.keysMoved} keys, ${Math.round((r.keysMoved * 1000) / ms)} keys/s${r.warnings.length ? `, warnings: ${r.warnings.join('; ')}` : ''}`);
  return ms;
}

async function bench(kind: 'rebalance' | 'reshard', goal: number): Promise<{ ratio: number; goal: number }> {
  console.log(`\n${kind === 'rebalance' ? `Rebalance onto a new empty master (${KEYS} keys)` : `Dense reshard (${RESHARD_SLOTS} slots x ${RESHARD_PER_SLOT} keys)`}`);
  const expect = kind === 'rebalance' ? 4096 : 5462 + RESHARD_SLOTS;
  const planOf = (p: Prepared) => async () => {
    const topo = await discoverTopology(p.session);
    return kind === 'rebalance' ? planRebalance(topo, { useEmptyMasters: true }) : planReshard(topo, { from: [p.masters[0]], to: p.masters[1], slots: RESHARD_SLOTS });
  };
  const oursMs = await contender(kind, 'ours (plan + guard + lock + move)', expect, async (p) => {
    const t0 = performance.now();
    const plan = await planOf(p)();
    const planMs = performance.now() - t0;
    return planMs + (await ours(p, () => plan));
  });
  const cli: number[] = [];
  for (const pipe of PIPELINES) {
    cli.push(await contender(kind, `redis-cli --cluster-pipeline ${pipe}`, expect, (p) => kind === 'rebalance'
      ? redisCliClusterArgs(p, ['rebalance', `127.0.0.1:${p.info.ports[0]}`, '--cluster-use-empty-masters', '--cluster-pipeline', String(pipe)])
      : redisCliClusterArgs(p, ['reshard', `127.0.0.1:${p.info.ports[0]}`, '--cluster-from', p.masters[0], '--cluster-to', p.masters[1], '--cluster-slots', String(RESHARD_SLOTS), '--cluster-yes', '--cluster-pipeline', String(pipe)])));
  }
  const best = Math.min(...cli);
  const ratio = best / oursMs;
  console.log(`  => best redis-cli ${(best / 1000).toFixed(2)} s / ours ${(oursMs / 1000).toFixed(2)} s = ${ratio.toFixed(1)}x (goal >= ${goal}x: ${ratio >= goal ? 'MET' : 'NOT MET'})`);
  return { ratio, goal };
}

async function redisCliClusterArgs(p: Prepared, args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await run('redis-cli', [...tlsArgs(p.info), '--cluster', ...args], { timeoutMs: 600000, env: cliEnv(p.info) });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`redis-cli --cluster ${args[0]} exit ${r.code}: ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
  return ms;
}

async function main(): Promise<void> {
  const results: string[] = [];
  if (!ONLY || ONLY === 'rebalance') {
    const r = await bench('rebalance', 5);
    results.push(`rebalance ratio ${r.ratio.toFixed(1)}x (goal ${r.goal}x)`);
  }
  if (!ONLY || ONLY === 'reshard') {
    const r = await bench('reshard', 2);
    results.push(`reshard ratio ${r.ratio.toFixed(1)}x (goal ${r.goal}x)`);
  }
  console.log(`\n${results.join('; ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
