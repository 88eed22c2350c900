// Child processes with hard timeouts, and liveness checks for daemonized redis-server PIDs.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TlsMode } from './types';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, then stdin is closed. */
  input?: string;
}

const INSTALL_HINT: Record<string, string> = {
  'redis-server': 'Redis 7+ (Debian/Ubuntu: sudo apt-get install -y redis-server redis-tools; macOS: brew install redis)',
  'redis-cli': 'Redis 7+ (Debian/Ubuntu: sudo apt-get install -y redis-server redis-tools; macOS: brew install redis)',
  openssl: 'OpenSSL (Debian/Ubuntu: sudo apt-get install -y openssl; macOS: brew install openssl)',
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function findOnPath(tool: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, tool);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The tools a start needs that are not on PATH, each with its install hint. */
export function missingTools(tls: TlsMode): { tool: string; install: string }[] {
  const needed = ['redis-server', 'redis-cli', ...(tls === 'plain' ? [] : ['openssl'])];
  return needed.filter((t) => !findOnPath(t)).map((tool) => ({ tool, install: INSTALL_HINT[tool] ?? `install ${tool}` }));
}

export function requireTool(tool: string): void {
  if (!findOnPath(tool)) throw new Error(`${tool} not found. Install it: ${INSTALL_HINT[tool] ?? `install ${tool}`}`);
}

/** Runs a command without a shell. Resolves with its exit code; rejects only on spawn failure or timeout. */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (err: Error | undefined, res?: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else if (res) resolve(res);
    };
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        finish(new Error(`${cmd} ${args.slice(0, 3).join(' ')}... timed out after ${opts.timeoutMs} ms`));
      },
      Math.max(1, opts.timeoutMs),
    );
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') finish(new Error(`${cmd} not found. Install it: ${INSTALL_HINT[cmd] ?? `install ${cmd}`}`));
      else finish(new Error(`cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => finish(undefined, { code: code ?? (signal ? 128 : 1), stdout, stderr }));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Like run(), but a non-zero exit is an error that quotes the command's output. */
export async function runOk(cmd: string, args: string[], opts: RunOptions): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const out = `${r.stderr.trim()}\n${r.stdout.trim()}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${cmd} ${args[0] ?? ''} failed (exit ${r.code}): ${out}`);
  }
  return r.stdout;
}

const HAVE_PROC = existsSync('/proc/self/stat');

/** True if the PID exists and is not a zombie (daemons killed here may never be reaped by PID 1). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!HAVE_PROC) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function isStopped(pid: number): boolean {
  if (!HAVE_PROC) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'T' || state === 't';
  } catch {
    return false;
  }
}

/**
 * Guards against PID reuse: the process must be a redis-server whose title names this port
 * (redis sets it to "redis-server 127.0.0.1:<port> [cluster]").
 */
export function isRedisOnPort(pid: number, port: number): boolean {
  if (!isAlive(pid)) return false;
  if (!HAVE_PROC) return true;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return cmdline.includes('redis-server') && cmdline.includes(`:${port}`);
  } catch {
    return false;
  }
}

/** Polls until cond() is true; false when the deadline passes first. */
export async function pollUntil(cond: () => boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
