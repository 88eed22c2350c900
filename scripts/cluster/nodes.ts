// One redis-server per port: its config file, its pidfile, starting, signalling and talking to it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { isAlive, isRedisOnPort, isStopped, pollUntil, run, runOk, sleep } from './proc';
import { BUS_PORT_OFFSET, HOST, type ClusterInfo, type TlsMode } from './types';

export const confPath = (dir: string, port: number): string => path.join(dir, `redis-${port}.conf`);
export const pidPath = (dir: string, port: number): string => path.join(dir, `redis-${port}.pid`);
export const logPath = (dir: string, port: number): string => path.join(dir, `redis-${port}.log`);

/** Redis config string quoting: double quotes with backslash escapes. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface NodeConfigInput {
  dir: string;
  port: number;
  tls: TlsMode;
  password: string;
  nodeTimeout: number;
  certs?: { ca: string; serverCert: string; serverKey: string };
}

export function nodeConfig(c: NodeConfigInput): string {
  const lines = [
    `bind ${HOST}`,
    'protected-mode yes',
    ...(c.tls === 'plain'
      ? [`port ${c.port}`]
      : [
          'port 0',
          `tls-port ${c.port}`,
          'tls-cluster yes',
          'tls-replication yes',
          `tls-cert-file ${q(c.certs?.serverCert ?? '')}`,
          `tls-key-file ${q(c.certs?.serverKey ?? '')}`,
          `tls-ca-cert-file ${q(c.certs?.ca ?? '')}`,
          `tls-auth-clients ${c.tls === 'mtls' ? 'yes' : 'optional'}`,
        ]),
    `requirepass ${q(c.password)}`,
    `masterauth ${q(c.password)}`,
    'cluster-enabled yes',
    `cluster-config-file nodes-${c.port}.conf`,
    `cluster-node-timeout ${c.nodeTimeout}`,
    `dir ${q(c.dir)}`,
    // A shared dir with one dump.rdb would make a restarted node load another node's data.
    `dbfilename dump-${c.port}.rdb`,
    'appendonly no',
    'save ""',
    // The 5 s default delays every full sync of a replica by 5 s.
    'repl-diskless-sync-delay 0',
    'enable-debug-command local',
    'daemonize yes',
    `pidfile ${q(pidPath(c.dir, c.port))}`,
    `logfile ${q(logPath(c.dir, c.port))}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function writeNodeConfig(c: NodeConfigInput): void {
  // Holds the password: owner-only.
  writeFileSync(confPath(c.dir, c.port), nodeConfig(c), { mode: 0o600 });
}

export function readPid(dir: string, port: number): number {
  try {
    const n = Number(readFileSync(pidPath(dir, port), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/** Ports that have a pidfile in dir, whatever cluster.json says (covers half-finished starts). */
export function pidfilePorts(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => /^redis-(\d+)\.pid$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** PID of our live redis-server on this port, or 0. */
export function livePid(dir: string, port: number): number {
  const pid = readPid(dir, port);
  return pid && isRedisOnPort(pid, port) ? pid : 0;
}

function tailLog(dir: string, port: number, lines = 6): string {
  try {
    return readFileSync(logPath(dir, port), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** redis-cli TLS flags for this cluster (none for plain). */
export function tlsArgs(info: Pick<ClusterInfo, 'tls' | 'certs'>): string[] {
  if (info.tls === 'plain' || !info.certs) return [];
  return ['--tls', '--cacert', info.certs.ca, '--cert', info.certs.clientCert, '--key', info.certs.clientKey];
}

/** redis-cli connection flags; the password travels in REDISCLI_AUTH (cliEnv), never in argv. */
export function cliArgs(info: Pick<ClusterInfo, 'tls' | 'certs'>, port: number): string[] {
  return ['-h', HOST, '-p', String(port), ...tlsArgs(info)];
}

export function cliEnv(info: Pick<ClusterInfo, 'password'>): NodeJS.ProcessEnv {
  return { ...process.env, REDISCLI_AUTH: info.password };
}

/** Runs one redis-cli command (-e: error replies give a non-zero exit and reject). Resolves with stdout. */
export async function redisCliWithTimeout(info: ClusterInfo, port: number, timeoutMs: number, args: string[]): Promise<string> {
  const r = await run('redis-cli', ['-e', ...cliArgs(info, port), ...args], { timeoutMs, env: cliEnv(info) });
  if (r.code !== 0) {
    const msg = `${r.stderr.trim()} ${r.stdout.trim()}`.trim().split('\n').slice(-3).join(' ');
    throw new Error(`${HOST}:${port} ${args.slice(0, 2).join(' ')}: ${msg || `redis-cli exit ${r.code}`}`);
  }
  return r.stdout;
}

export function redisCli(info: ClusterInfo, port: number, ...args: string[]): Promise<string> {
  return redisCliWithTimeout(info, port, 15000, args);
}

export async function ping(info: ClusterInfo, port: number, timeoutMs = 3000): Promise<boolean> {
  try {
    return (await redisCliWithTimeout(info, port, timeoutMs, ['PING'])).trim() === 'PONG';
  } catch {
    return false;
  }
}

/** Starts the node from its config file and waits until its pidfile is live and it answers PING. */
export async function startNodeProcess(info: ClusterInfo, port: number, timeoutMs = 15000): Promise<void> {
  const { dir } = info;
  if (!existsSync(confPath(dir, port))) throw new Error(`no config for port ${port} in ${dir}; was it started by this script?`);
  if (livePid(dir, port)) return;
  rmSync(pidPath(dir, port), { force: true }); // stale, from a SIGKILLed run
  const deadline = Date.now() + timeoutMs;
  await runOk('redis-server', [confPath(dir, port)], { timeoutMs, cwd: dir });
  for (;;) {
    const pid = readPid(dir, port);
    if (pid && !isAlive(pid))
      throw new Error(`redis-server on port ${port} exited during start; ${logPath(dir, port)}:\n${tailLog(dir, port)}`);
    if (pid && (await ping(info, port, Math.max(500, Math.min(3000, deadline - Date.now()))))) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `redis-server on port ${port} did not answer PING within ${timeoutMs} ms; ${logPath(dir, port)}:\n${tailLog(dir, port)}`,
      );
    }
    if (!pid && /aborting|Fatal|FATAL|Can't|Failed listening/.test(tailLog(dir, port, 20))) {
      throw new Error(`redis-server on port ${port} failed to start; ${logPath(dir, port)}:\n${tailLog(dir, port)}`);
    }
    await sleep(50);
  }
}

/**
 * Signals our node. Stop signals wait until the process is stopped; SIGCONT returns at once;
 * everything else waits until it is dead. Bounded by timeoutMs.
 */
export async function signalNode(dir: string, port: number, signal: NodeJS.Signals, timeoutMs = 10000): Promise<void> {
  const pid = livePid(dir, port);
  if (!pid) throw new Error(`no live redis-server of ${dir} on port ${port}`);
  process.kill(pid, signal);
  if (signal === 'SIGCONT') return;
  const stop = signal === 'SIGSTOP' || signal === 'SIGTSTP';
  const ok = await pollUntil(() => (stop ? isStopped(pid) : !isAlive(pid)), timeoutMs, 25);
  if (!ok)
    throw new Error(`redis-server pid ${pid} (port ${port}) did not ${stop ? 'stop' : 'exit'} within ${timeoutMs} ms after ${signal}`);
}

/** SIGTERM (plus SIGCONT in case it was frozen), then SIGKILL if it has not exited in graceMs. */
export async function terminate(pid: number, graceMs = 5000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
    process.kill(pid, 'SIGCONT');
  } catch {
    return;
  }
  if (await pollUntil(() => !isAlive(pid), graceMs, 25)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await pollUntil(() => !isAlive(pid), 5000, 25))) throw new Error(`redis-server pid ${pid} survived SIGKILL`);
}

/** True if nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: HOST, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: number[], dir: string): Promise<void> {
  for (const p of ports) {
    for (const port of [p, p + BUS_PORT_OFFSET]) {
      if (!(await portFree(port))) {
        throw new Error(
          `port ${port} on ${HOST} is in use by another process (not a node started from ${dir}); stop it or choose another --base-port`,
        );
      }
    }
  }
}
