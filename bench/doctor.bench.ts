// Diagnose on a 60-node TLS cluster (30 masters x 1 replica, 100k keys plus a few big values): the whole run,
// in-process (diagnose) and through the CLI (`node dist/cli.js doctor`, process start and exit included).
// Goal: <= 5 s. Not part of the tests: starting 60 nodes takes a while.
//   npx tsx bench/doctor.bench.ts     (env TEST_PORT_OFFSET; BENCH_KEYS, default 100000; BENCH_ROUNDS, default 3;
//                                      BENCH_KEEP=1 leaves the cluster running)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startCluster, stopCluster } from '../scripts/cluster';
import { diagnose } from '../src/core/diagnose';
import { loadProfileFile } from '../src/core/profiles/profile';
import { ClusterSession } from '../src/core/connection/session';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { basePort as portBlock } from '../test/support/ports';
import { runBench } from './support';

const GOAL_S = 5;
const exec = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<number> {
  const basePort = portBlock('benchDoctor');
  const keyCount = Number(process.env.BENCH_KEYS ?? 100000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const t0 = Date.now();
  const info = await startCluster({ basePort, masters: 30, replicasPerMaster: 1, timeoutMs: 240000 });
  console.log(`60-node cluster (30+30 TLS) on ${basePort}-${basePort + 59} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  let worst = 0;
  try {
    await seedKeys(session, namespacedKeys('bench:doctor', keyCount));
    const c = await session.cluster();
    for (let i = 0; i < 3; i++) await c.set(`bench:doctor:big:${i}`, Buffer.alloc(1536 * 1024, i));
    const inProcess: number[] = [];
    const cli: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const s = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
      const a = performance.now();
      const report = await diagnose(s);
      inProcess.push((performance.now() - a) / 1000);
      await s.close();
      if (r === 0)
        console.log(
          `  findings: ${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.info} note(s); ` +
            `${report.nodes.reachable}/${report.nodes.total} nodes; ` +
            `big keys found: ${report.findings.filter((f) => f.id === 'memory.big-key').length}`,
        );
      const b = performance.now();
      await exec('node', ['dist/cli.js', 'doctor', '--profile', info.profilePath, '--json'], {
        env: { ...process.env, ...info.env },
        maxBuffer: 1 << 24,
      }).catch((e: { code?: number }) => {
        if (e.code !== 1) throw e;
      });
      cli.push((performance.now() - b) / 1000);
    }
    worst = Math.max(...inProcess, ...cli);
    console.log(`  diagnose in-process: median ${median(inProcess).toFixed(2)} s (runs ${inProcess.map((x) => x.toFixed(2)).join(', ')})`);
    console.log(`  CLI doctor end to end: median ${median(cli).toFixed(2)} s (runs ${cli.map((x) => x.toFixed(2)).join(', ')})`);
    console.log(`  goal <= ${GOAL_S} s: ${worst <= GOAL_S ? 'met' : 'MISSED'} (worst run ${worst.toFixed(2)} s)`);
  } finally {
    await session.close();
    if (process.env.BENCH_KEEP) console.log(`  kept running: npx tsx scripts/cluster.ts stop --base-port ${basePort}`);
    else await stopCluster(info);
  }
  return worst <= GOAL_S ? 0 : 1;
}

runBench(main);
