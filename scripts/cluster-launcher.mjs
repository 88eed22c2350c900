// Starts/stops the shared test cluster through the cluster script's CLI (so plain .mjs runners need no TS loader).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const TSX = ['node_modules/.bin/tsx', 'scripts/cluster.ts'];

export async function startCluster(args = []) {
  const { stdout } = await exec(TSX[0], [TSX[1], 'start', '--json', ...args], { timeout: 120000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.slice(stdout.indexOf('{')));
}

export async function stopCluster(info) {
  await exec(TSX[0], [TSX[1], 'stop', '--dir', info.dir], { timeout: 60000 });
}
