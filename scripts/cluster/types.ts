// Shared shapes and defaults of the loopback Redis Cluster launcher.
import * as os from 'node:os';
import * as path from 'node:path';

export type TlsMode = 'tls' | 'mtls' | 'plain';

export interface ClusterOptions {
  /** Node i listens on TLS port basePort+i (plain port when tls='plain'). Default 7100. */
  basePort?: number;
  /** Default 3. */
  masters?: number;
  /** Default 1. */
  replicasPerMaster?: number;
  /** Extra empty cluster-enabled nodes that are NOT joined; their ports follow the members. Default 0. */
  spares?: number;
  /** Default 'tls' (client certificates optional); 'mtls' requires them. */
  tls?: TlsMode;
  /** cluster-node-timeout in ms, default 5000. */
  nodeTimeout?: number;
  /** requirepass = masterauth; default a random hex string per start. */
  password?: string;
  /** Throw-away working dir, default <tmpdir>/redis-cluster-<basePort>. Never inside the repo. */
  dir?: string;
  /** Default true. false: only start empty cluster-enabled nodes, all reported as spares. */
  create?: boolean;
  /** Overall readiness timeout, default 60000. */
  timeoutMs?: number;
  /** Called after each start phase (certs, nodes, create, converge) with its duration in ms. */
  onPhase?: (phase: string, ms: number) => void;
}

export interface CertPaths {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** An unrelated CA that signed nothing the nodes trust. */
  otherCa?: string;
  /** A client certificate signed by otherCa (rejected under mutual TLS). */
  untrustedClientCert?: string;
  untrustedClientKey?: string;
  /** Signed by the real CA, SANs and EKU right, but already expired. */
  expiredCert?: string;
  expiredKey?: string;
  /** Signed by the real CA, but its only SAN is DNS:wronghost. */
  wrongHostCert?: string;
  wrongHostKey?: string;
}

export interface ClusterInfo {
  dir: string;
  password: string;
  tls: TlsMode;
  /** Cluster member ports: masters first, then replicas (roles as created). */
  ports: number[];
  sparePorts: number[];
  certs?: CertPaths;
  /** <dir>/profile.json */
  profilePath: string;
  passwordEnv: string;
  env: Record<string, string>;
}

export const PASSWORD_ENV = 'REDIS_CLUSTER_PASSWORD';
export const PROFILE_ENV = 'REDIS_CLUSTER_PROFILE';
export const HOST = '127.0.0.1';
/** Redis derives the cluster bus port as port + 10000. */
export const BUS_PORT_OFFSET = 10000;

export interface ResolvedOptions {
  basePort: number;
  masters: number;
  replicasPerMaster: number;
  spares: number;
  tls: TlsMode;
  nodeTimeout: number;
  password?: string;
  dir: string;
  create: boolean;
  timeoutMs: number;
  onPhase: (phase: string, ms: number) => void;
}

export function defaultDir(basePort: number): string {
  return path.join(os.tmpdir(), `redis-cluster-${basePort}`);
}

function int(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}-${max}, got ${String(v)}`);
  return n;
}

export function resolveOptions(opts: ClusterOptions = {}): ResolvedOptions {
  const basePort = int('basePort', opts.basePort, 7100, 1024, 65535 - BUS_PORT_OFFSET - 1);
  const create = opts.create ?? true;
  const masters = int('masters', opts.masters, 3, create ? 3 : 0, 50);
  const replicasPerMaster = int('replicasPerMaster', opts.replicasPerMaster, 1, 0, 10);
  const spares = int('spares', opts.spares, 0, 0, 50);
  const tls = opts.tls ?? 'tls';
  if (tls !== 'tls' && tls !== 'mtls' && tls !== 'plain') throw new Error(`tls must be 'tls', 'mtls' or 'plain', got ${String(tls)}`);
  if (opts.password !== undefined && opts.password === '') throw new Error('password must not be empty');
  if (opts.password !== undefined && /[\r\n]/.test(opts.password)) throw new Error('password must not contain line breaks');
  const total = masters * (1 + replicasPerMaster) + spares;
  if (total === 0) throw new Error('nothing to start: masters, replicas and spares are all 0');
  if (basePort + total - 1 > 65535 - BUS_PORT_OFFSET)
    throw new Error(`ports ${basePort}-${basePort + total - 1} leave no room for cluster bus ports (+${BUS_PORT_OFFSET})`);
  return {
    basePort,
    masters,
    replicasPerMaster,
    spares,
    tls,
    nodeTimeout: int('nodeTimeout', opts.nodeTimeout, 5000, 100, 600000),
    password: opts.password,
    dir: path.resolve(opts.dir ?? defaultDir(basePort)),
    create,
    // A 100-node cluster on two busy cores needs minutes to converge.
    timeoutMs: int('timeoutMs', opts.timeoutMs, Math.max(60000, total * 2500), 1000, 3600000),
    onPhase: opts.onPhase ?? ((): void => undefined),
  };
}
