// The network bench: whole CLI processes against a 3+3 TLS cluster whose nodes announce the ports of a
// DelayForwarder, at RTT 0, 2, 20 and 80 ms; ours and redis-cli's in one table, with our round trips counted.
// Then a rebalance of 100,000 keys onto an empty master, ours at each RTT and redis-cli's with a time limit.
// Knobs: BENCH_RTTS=0,2,20,80  BENCH_RUNS=3  BENCH_KEYS=100000  BENCH_REBALANCE_RTTS=0,20  BENCH_CLI_LIMIT_S=120
//        BENCH_ONLY=cli|rebalance
import { spawn } from 'node:child_process';
import { type ClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { ClusterSession } from '../src/core/connection/session';
import { loadProfileFile } from '../src/core/profiles/profile';
import { runCli } from '../test/support/cli';
import { meetEmptyNode } from '../test/support/migrateData';
import { basePort } from '../test/support/ports';
import { remoteCluster, type RemoteCluster } from '../test/support/remoteCluster';
import { CLI_CASES, countCli } from '../test/support/roundTrips';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { median, runBench } from './support';

const list = (v: string | undefined, dflt: string) => (v ?? dflt).split(',').filter(Boolean).map(Number);
const RTTS = list(process.env.BENCH_RTTS, '0,2,20,80');
const REBALANCE_RTTS = list(process.env.BENCH_REBALANCE_RTTS, '0,20');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const CLI_LIMIT_MS = Number(process.env.BENCH_CLI_LIMIT_S ?? 120) * 1000;
const ONLY = process.env.BENCH_ONLY;

function session(info: ClusterInfo): ClusterSession {
  return new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
}

/** A fresh cluster with KEYS keys (and one empty master met, for a rebalance) behind a forwarder. */
async function setUp(withSpare: boolean): Promise<RemoteCluster> {
  const info = await startCluster({ basePort: basePort('remoteRtt'), spares: withSpare ? 1 : 0 });
  const s = session(info);
  try {
    await seedKeys(s, [...namespacedKeys('net', KEYS - 1), 'remote:probe']);
    if (withSpare) await meetEmptyNode(s, `127.0.0.1:${info.sparePorts[0]}`);
  } finally {
    await s.close();
  }
  return remoteCluster(info, basePort('remoteForwarders'), 0, withSpare);
}

async function tearDown(remote: RemoteCluster): Promise<void> {
  await remote.stop();
  await stopCluster(remote.info);
}

/** redis-cli --cluster SUB through the forwarder's first port; ms, or undefined past the limit. */
function redisCliCluster(remote: RemoteCluster, args: string[], limitMs: number): Promise<{ ms?: number; code: number | null }> {
  const certs = remote.info.certs;
  const tls = certs ? ['--tls', '--cacert', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey] : [];
  const [sub, ...rest] = args;
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('redis-cli', [...tls, '--cluster', sub, `127.0.0.1:${remote.ports[0]}`, ...rest], {
      env: { ...process.env, REDISCLI_AUTH: remote.info.password },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: signal ? undefined : Date.now() - t0, code });
    });
  });
}

async function cliTable(): Promise<void> {
  const remote = await setUp(false);
  const rows: string[] = ['| RTT | command | ours ms (median) | ours round trips (min) | redis-cli ms (median) |', '|---|---|---|---|---|'];
  const base = new Map<string, number>();
  try {
    for (const rtt of RTTS) {
      remote.setDelay(rtt / 2);
      for (const c of CLI_CASES) {
        const ms: number[] = [];
        const trips: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const r = await countCli(remote, c, remote.info.env);
          if (r.code !== 0) throw new Error(`${c.name} at RTT ${rtt}: exit ${r.code}: ${r.stderr}`);
          ms.push(r.ms);
          trips.push(r.roundTrips);
        }
        let theirs = '';
        if (c.name === 'check') {
          const t: number[] = [];
          for (let i = 0; i < RUNS; i++) t.push((await redisCliCluster(remote, ['check'], CLI_LIMIT_MS)).ms ?? NaN);
          theirs = String(median(t));
        }
        const m = median(ms);
        if (rtt === 0) base.set(c.name, m);
        // The round trips a user pays, from the clock: (time at this RTT − time at RTT 0) / RTT.
        const fromClock = rtt > 0 && base.has(c.name) ? ` (clock: ${((m - (base.get(c.name) ?? 0)) / rtt).toFixed(1)})` : '';
        const counted = rtt >= 2 ? String(Math.min(...trips)) : '—';
        rows.push(`| ${rtt} | ${c.name} | ${m}${fromClock} | ${counted} | ${theirs} |`);
        console.log(rows[rows.length - 1]);
      }
    }
  } finally {
    await tearDown(remote);
  }
  console.log(`\n${rows.join('\n')}`);
}

async function rebalanceRow(rtt: number, who: 'ours' | 'redis-cli'): Promise<string> {
  const remote = await setUp(true);
  try {
    remote.setDelay(rtt / 2);
    if (who === 'ours') {
      const r = await runCli(['rebalance', '--profile', remote.profilePath, '--use-empty-masters', '--yes'], remote.info.env, 600_000);
      if (r.code !== 0) throw new Error(`rebalance at RTT ${rtt}: exit ${r.code}: ${r.stderr.slice(-500)}`);
      return `| ${rtt} | ours | ${r.ms} |`;
    }
    const r = await redisCliCluster(remote, ['rebalance', '--cluster-use-empty-masters', '--cluster-pipeline', '100'], CLI_LIMIT_MS);
    return `| ${rtt} | redis-cli | ${r.ms ?? `not done within ${CLI_LIMIT_MS / 1000} s`} |`;
  } finally {
    await tearDown(remote);
  }
}

runBench(async () => {
  if (ONLY !== 'rebalance') await cliTable();
  if (ONLY === 'cli') return;
  const rows = ['| RTT | mover | rebalance of the keys onto an empty master, ms |', '|---|---|---|'];
  for (const rtt of REBALANCE_RTTS) {
    rows.push(await rebalanceRow(rtt, 'ours'));
    console.log(rows[rows.length - 1]);
  }
  const cliRtt = REBALANCE_RTTS.find((r) => r > 0);
  if (cliRtt !== undefined) rows.push(await rebalanceRow(cliRtt, 'redis-cli'));
  console.log(`\n${rows.join('\n')}`);
});
