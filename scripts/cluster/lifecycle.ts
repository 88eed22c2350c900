// startCluster / stopCluster / status and single-node fault helpers over a throw-away dir.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateCerts } from './certs';
import {
  assertPortsFree,
  cliEnv,
  livePid,
  pidfilePorts,
  readPid,
  redisCliWithTimeout,
  signalNode,
  startNodeProcess,
  terminate,
  tlsArgs,
  writeNodeConfig,
} from './nodes';
import { joinCluster } from './join';
import { findOnPath, isRedisOnPort, requireTool, runOk } from './proc';
import {
  HOST,
  PASSWORD_ENV,
  PROFILE_ENV,
  resolveOptions,
  type CertPaths,
  type ClusterInfo,
  type ClusterOptions,
  type TlsMode,
} from './types';
import { parseClusterNodes, waitForClusterReady } from './wait';

/** Present in every dir this script owns, so a start never wipes a dir it did not create. */
const MARKER = '.redis-cluster-launcher';
/**
 * The checkout or installed extension this runs from: the nearest folder above it with a package.json (scripts/cluster
 * under tsx, dist/ when bundled), never a fixed number of levels up.
 */
function findRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) return from;
  }
}
const REPO_ROOT = findRoot(__dirname);
/** Above this many members, redis-cli --cluster create is too slow to join them (see join.ts). */
const BIG_CLUSTER = 24;

function assertSafeDir(dir: string): void {
  const rel = path.relative(REPO_ROOT, dir);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new Error(`refusing to use ${dir}: cluster data must live outside the repository (${REPO_ROOT})`);
  }
  if (dir === path.parse(dir).root) throw new Error(`refusing to use ${dir} as a cluster dir`);
}

/** Stops whatever an earlier run left in dir, then empties it. */
async function prepareDir(dir: string): Promise<void> {
  assertSafeDir(dir);
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length && !entries.includes(MARKER)) {
      throw new Error(`refusing to use ${dir}: it is not empty and was not created by scripts/cluster.ts; pass another --dir`);
    }
    await stopCluster(dir);
    for (const e of entries) rmSync(path.join(dir, e), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, MARKER), 'Throw-away Redis Cluster dir; scripts/cluster.ts empties it on start.\n');
}

function writeJson(file: string, value: unknown, mode = 0o644): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode });
}

function profileFor(tls: TlsMode, basePort: number, seeds: number[]): Record<string, unknown> {
  const profile: Record<string, unknown> = {
    name: `local-${tls}-${basePort}`,
    nodes: seeds.slice(0, 3).map((p) => `${HOST}:${p}`),
    passwordEnv: PASSWORD_ENV,
  };
  // Relative to the profile's own folder.
  if (tls === 'tls') profile.tls = { ca: 'certs/ca.crt', servername: 'localhost' };
  if (tls === 'mtls') profile.tls = { ca: 'certs/ca.crt', cert: 'certs/client.crt', key: 'certs/client.key', servername: 'localhost' };
  return profile;
}

function writeInfoFiles(info: ClusterInfo, basePort: number): void {
  writeJson(path.join(info.dir, 'cluster.json'), info, 0o600); // holds the password
  writeFileSync(path.join(info.dir, 'password'), info.password, { mode: 0o600 });
  writeJson(info.profilePath, profileFor(info.tls, basePort, info.ports.length ? info.ports : info.sparePorts));
}

function makeInfo(dir: string, password: string, tls: TlsMode, ports: number[], sparePorts: number[], certs?: CertPaths): ClusterInfo {
  const profilePath = path.join(dir, 'profile.json');
  const seeds = (ports.length ? ports : sparePorts).map((p) => `${HOST}:${p}`);
  return {
    dir,
    password,
    tls,
    ports,
    sparePorts,
    certs,
    profilePath,
    passwordEnv: PASSWORD_ENV,
    env: { [PASSWORD_ENV]: password, [PROFILE_ENV]: profilePath, REDIS_CLUSTER_DIR: dir, REDIS_CLUSTER_NODES: seeds.join(',') },
  };
}

/** Members in role order as created: masters by port, then replicas by port. */
async function membersInRoleOrder(info: ClusterInfo, ports: number[]): Promise<number[]> {
  const nodes = parseClusterNodes(await redisCliWithTimeout(info, ports[0], 10000, ['CLUSTER', 'NODES']));
  const role = new Map(nodes.map((n) => [n.port, n.role]));
  const by = (r: string): number[] => ports.filter((p) => role.get(p) === r).sort((a, b) => a - b);
  const ordered = [...by('master'), ...by('replica')];
  return ordered.length === ports.length ? ordered : ports;
}

export async function startCluster(opts?: ClusterOptions): Promise<ClusterInfo> {
  const o = resolveOptions(opts);
  requireTool('redis-server');
  requireTool('redis-cli');
  if (o.tls !== 'plain') requireTool('openssl');
  const deadline = Date.now() + o.timeoutMs;
  const left = (): number => Math.max(1000, deadline - Date.now());
  let mark = Date.now();
  const phase = (name: string): void => {
    const now = Date.now();
    o.onPhase(name, now - mark);
    mark = now;
  };

  const memberCount = o.create ? o.masters * (1 + o.replicasPerMaster) : 0;
  const total = o.masters * (1 + o.replicasPerMaster) + o.spares;
  const all = Array.from({ length: total }, (_, i) => o.basePort + i);
  const members = all.slice(0, memberCount);
  const spares = all.slice(memberCount);

  await prepareDir(o.dir);
  await assertPortsFree(all, o.dir);
  phase('prepare');
  // Certificates are cheap (EC keys); plain clusters get them too when openssl exists, for TLS-to-plain negative tests.
  const certs = o.tls !== 'plain' || findOnPath('openssl') ? await generateCerts(path.join(o.dir, 'certs'), left()) : undefined;
  const password = o.password ?? randomBytes(16).toString('hex');
  let info = makeInfo(o.dir, password, o.tls, members, spares, certs);
  for (const port of all) writeNodeConfig({ dir: o.dir, port, tls: o.tls, password, nodeTimeout: o.nodeTimeout, certs });
  writeInfoFiles(info, o.basePort);
  phase('certs');

  try {
    await Promise.all(all.map((p) => startNodeProcess(info, p, Math.min(20000, left()))));
    phase('nodes');
    if (members.length > BIG_CLUSTER) {
      await joinCluster(info, members.slice(0, o.masters), members.slice(o.masters), left());
      phase('create');
    } else if (members.length) {
      await runOk(
        'redis-cli',
        [
          ...tlsArgs(info),
          '--cluster',
          'create',
          ...members.map((p) => `${HOST}:${p}`),
          '--cluster-replicas',
          String(o.replicasPerMaster),
          '--cluster-yes',
        ],
        { timeoutMs: left(), env: cliEnv(info) },
      );
      info = makeInfo(o.dir, password, o.tls, await membersInRoleOrder(info, members), spares, certs);
      writeInfoFiles(info, o.basePort);
      phase('create');
    }
    await waitForClusterReady(info, undefined, left());
    phase('converge');
  } catch (e) {
    await stopCluster(o.dir).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n(nodes stopped; logs kept in ${o.dir})`);
  }
  return info;
}

export function loadClusterInfo(dir: string): ClusterInfo {
  const file = path.join(path.resolve(dir), 'cluster.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no cluster info at ${file}; start a cluster there first`);
  }
  const v = JSON.parse(text) as ClusterInfo;
  if (!v || typeof v.dir !== 'string' || !Array.isArray(v.ports) || typeof v.password !== 'string')
    throw new Error(`${file} is not a cluster.json written by scripts/cluster.ts`);
  return v;
}

/** Stops exactly the redis-server PIDs recorded in the dir's pidfiles; deletes nothing. */
export async function stopCluster(dirOrInfo: string | ClusterInfo): Promise<void> {
  const dir = path.resolve(typeof dirOrInfo === 'string' ? dirOrInfo : dirOrInfo.dir);
  const pids = pidfilePorts(dir)
    .map((port) => livePid(dir, port))
    .filter((pid) => pid > 0);
  await Promise.all(pids.map((pid) => terminate(pid)));
}

export async function clusterStatus(
  dir: string,
): Promise<{ nodes: { port: number; pid: number; alive: boolean; role?: string; state?: string }[] }> {
  const abs = path.resolve(dir);
  let info: ClusterInfo | undefined;
  try {
    info = loadClusterInfo(abs);
  } catch {
    info = undefined;
  }
  const ports = [...new Set([...(info ? [...info.ports, ...info.sparePorts] : []), ...pidfilePorts(abs)])];
  const nodes = await Promise.all(
    ports.map(async (port) => {
      const pid = readPid(abs, port);
      const alive = pid > 0 && isRedisOnPort(pid, port);
      const node: { port: number; pid: number; alive: boolean; role?: string; state?: string } = { port, pid, alive };
      if (alive && info) {
        const i = info;
        const [role, ci] = await Promise.all([
          redisCliWithTimeout(i, port, 3000, ['ROLE']).catch(() => ''),
          redisCliWithTimeout(i, port, 3000, ['CLUSTER', 'INFO']).catch(() => ''),
        ]);
        node.role = role.split('\n')[0]?.trim() || undefined;
        node.state = /^cluster_state:(\S+)/m.exec(ci)?.[1];
      }
      return node;
    }),
  );
  return { nodes };
}

/** (Re)starts one node from its original config; does not wait for the cluster to converge. */
export async function startNode(info: ClusterInfo, port: number): Promise<void> {
  await startNodeProcess(info, port, 20000);
}

/** Signals one node (default SIGKILL) and waits until it is dead (or stopped, for SIGSTOP). */
export async function killNode(info: ClusterInfo, port: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  await signalNode(info.dir, port, signal);
}
