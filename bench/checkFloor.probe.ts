// Measurement probe (not a benchmark): how close `check` at 100 TLS nodes can get to `redis-cli --cluster check`
// in one Node process. Whole processes, taking turns, medians:
//   node     `node -e 0`: starting Node alone;
//   floor    a Node process that opens the same TLS connections as check (one per node, in parallel, one shared
//            secure context), sends AUTH + PING in one write on each and waits for both replies: no client
//            library, no parsing, nothing else;
//   ours     `node dist/cli.js check`;
//   redis-cli `redis-cli --cluster check`.
// With the CPU time (user + sys) of each. The floor is what any Node check has to pay before its first command.
//   BENCH_CLUSTER_DIR=dir npx tsx bench/checkFloor.probe.ts   (a cluster started with
//   `npm run cluster -- start --masters 50 --base-port N --dir dir`; BENCH_RUNS default 9)
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadClusterInfo } from '../scripts/cluster';
import { cliEnv, tlsArgs } from '../scripts/cluster/nodes';
import { buildCli, cliPath } from '../test/support/cli';
import { median, runBench } from './support';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 9));

// The floor's process, as plain JavaScript so that nothing but Node itself is loaded.
const FLOOR = `
const tls = require('node:tls');
const { readFileSync } = require('node:fs');
const [ca, ...ports] = process.argv.slice(2);
const pw = process.env.FLOOR_PASSWORD;
const secureContext = tls.createSecureContext({ ca: readFileSync(ca) });
const auth = '*2\\r\\n$4\\r\\nAUTH\\r\\n$' + Buffer.byteLength(pw) + '\\r\\n' + pw + '\\r\\n*1\\r\\n$4\\r\\nPING\\r\\n';
Promise.all(ports.map((port) => new Promise((resolve, reject) => {
  const s = tls.connect({ host: '127.0.0.1', port: Number(port), secureContext, servername: 'localhost' }, () => s.write(auth));
  let got = '';
  s.on('data', (d) => { got += d; if (got.split('\\r\\n').length > 2) { s.destroy(); resolve(); } });
  s.on('error', reject);
}))).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
`;

interface Timed {
  ms: number;
  cpuMs: number;
}

/** Runs a whole process; wall time from spawn to exit, CPU time from the kernel's accounting of the child. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${err.slice(-300)}`));
      resolve({ ms, cpuMs: childCpuMs() });
    });
  });
}

let lastChildCpu = 0;
/** CPU (user + sys) of the children that ended since the last call, from /proc/self/stat (cutime, cstime). */
function childCpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const now = (Number(f[13]) + Number(f[14])) * 10; // clock ticks of 10 ms
  const d = now - lastChildCpu;
  lastChildCpu = now;
  return d;
}

async function main(): Promise<number> {
  const dir = process.env.BENCH_CLUSTER_DIR;
  if (!dir) throw new Error('set BENCH_CLUSTER_DIR to a running cluster (see the header)');
  const info = loadClusterInfo(dir);
  if (!info.certs) throw new Error('the probe needs a TLS cluster');
  buildCli();
  childCpuMs();
  const floorJs = path.join(tmpdir(), `rc-check-floor-${process.pid}.js`);
  writeFileSync(floorJs, FLOOR);
  const ports = info.ports.map(String);
  const env = { ...process.env, ...cliEnv(info), [info.passwordEnv]: info.password };
  const contenders: [string, () => Promise<Timed>][] = [
    ['node -e 0', () => timed(process.execPath, ['-e', '0'], env)],
    // The password travels in the environment, never in argv (where ps shows it).
    [
      'floor (TLS + AUTH only)',
      () => timed(process.execPath, [floorJs, info.certs!.ca, ...ports], { ...env, FLOOR_PASSWORD: info.password }),
    ],
    ['ours check', () => timed(process.execPath, [cliPath(), 'check', '--profile', info.profilePath], env)],
    ['redis-cli --cluster check', () => timed('redis-cli', [...tlsArgs(info), '--cluster', 'check', `127.0.0.1:${ports[0]}`], env)],
  ];
  const results = contenders.map(() => [] as Timed[]);
  try {
    for (let r = 0; r < RUNS; r++) for (const [i, [, run]] of contenders.entries()) results[i].push(await run());
  } finally {
    rmSync(floorJs, { force: true });
  }
  console.log(`${ports.length} TLS nodes, ${RUNS} turns each, whole processes`);
  const cli = median(results[3].map((t) => t.ms));
  for (const [i, [name]] of contenders.entries()) {
    const ms = median(results[i].map((t) => t.ms));
    const cpu = median(results[i].map((t) => t.cpuMs));
    console.log(
      `  ${name.padEnd(26)} wall ${ms.toFixed(0).padStart(5)} ms (${(ms / cli).toFixed(2)} of redis-cli), CPU ${cpu.toFixed(0)} ms`,
    );
  }
  return 0;
}

runBench(main);
