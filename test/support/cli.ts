// The one way tests run the command-line tool: the built dist/cli.js (what users run), rebuilt once per test
// process so it is the source under test, as a child process bounded in time (a hang fails, it does not stall).
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** The built CLI's path (buildCli first). */
export function cliPath(): string {
  return CLI;
}

let built = false;
/** Builds dist/ once per test process; runCli calls it, suites may call it in `before` to keep the build out of a test's time. */
export function buildCli(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`);
  built = true;
}

export interface CliRun {
  /** Exit code; null when killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** True when the bound was hit and the process was killed. */
  killed: boolean;
}

/** Runs `node dist/cli.js ...args` with process.env plus `env`; killed after `boundMs`. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, boundMs = 30_000): Promise<CliRun> {
  buildCli();
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, boundMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0, killed });
    });
  });
}
