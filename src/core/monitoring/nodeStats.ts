// Per-node figures for the explorer: key count (DBSIZE), used memory, and replication health (INFO replication).
// One pipelined round trip per node, all nodes in parallel, each bounded by its own timeout so one slow node
// shows as slow instead of holding back the others.
import type { ServerIdentity } from '../topology/server';
import { CancelledError, errorText } from '../common/errors';
import { parseInfo } from './info';
import type { ClusterSession } from '../connection/session';
import { address } from '../common/format';

export interface ReplicaLink {
  /** host:port as the master reports it (the replica's announced port, the TLS port on TLS clusters). */
  address: string;
  state: string;
  offset: number;
  /** Seconds since the replica's last acknowledgement. */
  lagSeconds: number;
}

export interface ReplicationInfo {
  role: 'master' | 'replica' | 'unknown';
  /** This node's replication offset (master_repl_offset on a master, slave_repl_offset on a replica). */
  offset?: number;
  /** Replica side. */
  masterAddress?: string;
  linkStatus?: 'up' | 'down';
  lastIoSecondsAgo?: number;
  linkDownSinceSeconds?: number;
  syncInProgress?: boolean;
  /** Master side: its replicas as it sees them. */
  replicas: ReplicaLink[];
}

export interface NodeStats {
  address: string;
  keys?: number;
  usedMemory?: number;
  usedMemoryHuman?: string;
  replication?: ReplicationInfo;
  /** Server name and version, when the read included INFO's server section (the Monitor's light poll does). */
  server?: ServerIdentity;
  /** Set when the node did not answer in time or refused; the other fields are then absent. */
  error?: string;
  /** Round trip of the stats pipeline in ms. */
  ms: number;
  at: number;
}

export interface ReplicaLag {
  bytes?: number;
  seconds?: number;
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** "ip=127.0.0.1,port=7905,state=online,offset=0,lag=0" → fields. */
function parseReplicaLine(value: string): ReplicaLink | undefined {
  const f: Record<string, string> = {};
  for (const part of value.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) f[part.slice(0, i)] = part.slice(i + 1);
  }
  if (!f.ip || !f.port) return undefined;
  return {
    address: address({ host: f.ip, port: Number(f.port) }),
    state: f.state ?? 'unknown',
    offset: num(f.offset) ?? 0,
    lagSeconds: num(f.lag) ?? 0,
  };
}

export function parseReplication(text: string): ReplicationInfo {
  const f = parseInfo(text);
  const role = f.role === 'master' ? 'master' : f.role === 'slave' ? 'replica' : 'unknown';
  const info: ReplicationInfo = { role, replicas: [] };
  if (role === 'master') {
    info.offset = num(f.master_repl_offset);
    for (const [k, v] of Object.entries(f)) {
      if (/^slave\d+$/.test(k)) {
        const link = parseReplicaLine(v);
        if (link) info.replicas.push(link);
      }
    }
  } else if (role === 'replica') {
    info.offset = num(f.slave_repl_offset);
    if (f.master_host && f.master_port) info.masterAddress = address({ host: f.master_host, port: Number(f.master_port) });
    info.linkStatus = f.master_link_status === 'up' ? 'up' : 'down';
    info.lastIoSecondsAgo = num(f.master_last_io_seconds_ago);
    info.linkDownSinceSeconds = num(f.master_link_down_since_seconds);
    info.syncInProgress = f.master_sync_in_progress === '1';
  }
  return info;
}

/**
 * How far a replica trails its master: bytes from the offsets, seconds from the master's view of the link
 * (the replica's own figures are used when the master did not list it).
 */
export function replicaLag(master: NodeStats | undefined, replica: NodeStats | undefined, replicaAddress: string): ReplicaLag {
  const link = master?.replication?.replicas.find((r) => r.address === replicaAddress);
  const masterOffset = master?.replication?.role === 'master' ? master.replication.offset : undefined;
  const replicaOffset = replica?.replication?.offset ?? link?.offset;
  const bytes = masterOffset !== undefined && replicaOffset !== undefined ? Math.max(0, masterOffset - replicaOffset) : undefined;
  const seconds = link?.lagSeconds ?? replica?.replication?.lastIoSecondsAgo;
  return { bytes, seconds };
}

export interface NodeStatsOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each node answers (or fails), so a view can fill in progressively. */
  onNode?: (stats: NodeStats) => void;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    const onAbort = () => reject(new CancelledError(`(${what})`));
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/** Reads one node's figures with a single pipeline: DBSIZE, INFO memory, INFO replication. Never throws. */
export async function readNodeStats(session: ClusterSession, address: string, opts: NodeStatsOptions = {}): Promise<NodeStats> {
  const t0 = Date.now();
  const timeoutMs = opts.timeoutMs ?? 3000;
  try {
    const run = async () => {
      const client = await session.node(address);
      const results = await client.pipeline().dbsize().info('memory').info('replication').exec();
      if (!results) throw new Error('no reply to DBSIZE/INFO');
      for (const [err] of results) if (err) throw err;
      return results.map(([, v]) => v);
    };
    const [keys, memText, replText] = await withTimeout(run(), timeoutMs, `${address}: DBSIZE/INFO`, opts.signal);
    const mem = parseInfo(String(memText));
    return {
      address,
      keys: Number(keys),
      usedMemory: num(mem.used_memory),
      usedMemoryHuman: mem.used_memory_human,
      replication: parseReplication(String(replText)),
      ms: Date.now() - t0,
      at: Date.now(),
    };
  } catch (e) {
    return {
      address,
      error: errorText(e).replace(new RegExp(`^${address.replace(/[[\]]/g, '\\$&')}: `), ''),
      ms: Date.now() - t0,
      at: Date.now(),
    };
  }
}

/** Reads every node's figures in parallel; a slow or dead node costs at most timeoutMs and does not delay the others' onNode. */
export async function readAllNodeStats(
  session: ClusterSession,
  addresses: string[],
  opts: NodeStatsOptions = {},
): Promise<Map<string, NodeStats>> {
  const all = await Promise.all(
    addresses.map(async (a) => {
      const s = await readNodeStats(session, a, opts);
      opts.onNode?.(s);
      return s;
    }),
  );
  return new Map(all.map((s) => [s.address, s]));
}
