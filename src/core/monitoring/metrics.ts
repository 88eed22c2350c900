// Live node metrics: INFO and CLUSTER INFO per node, PING latency, a cluster-level summary.
// Every node is polled in parallel under its own deadline: a slow node is marked and left behind, never awaited.
import { type ServerIdentity, serverIdentity } from '../topology/server';
import type Redis from 'ioredis';
import { DeadlineError, withDeadline } from '../common/deadline';
import { errorText } from '../common/errors';
import { parseInfo } from './info';
import type { ClusterSession } from '../connection/session';
import { type ClusterInfo, type ClusterNode, type Topology, address, parseClusterInfo } from '../topology/topology';

export interface LatencyStats {
  minMs: number;
  avgMs: number;
  maxMs: number;
  samples: number;
}

export interface NodeMetrics {
  id: string;
  address: string;
  role: 'master' | 'replica';
  masterId?: string;
  /** False when the node failed or missed its deadline; the numbers are then zero. */
  ok: boolean;
  timedOut: boolean;
  error?: string;
  usedMemory: number;
  usedMemoryPeak: number;
  maxMemory: number;
  opsPerSec: number;
  connectedClients: number;
  keys: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses), null before the first lookup. */
  hitRatio: number | null;
  expired: number;
  evicted: number;
  replOffset: number;
  /** Replicas: bytes behind their master; masters: undefined. */
  lagBytes?: number;
  /** Replicas: seconds since the master last heard from them (master's view), else since last I/O. */
  lagSeconds?: number;
  linkStatus?: string;
  busSent: number;
  busReceived: number;
  clusterState?: string;
  latency: LatencyStats | null;
  /** Server name and version, from INFO's server section (absent when INFO was not read). */
  server?: ServerIdentity;
}

/** The cluster-level figures of one node's CLUSTER INFO, plus where they came from and whether all nodes concur. */
export type ClusterLevel = Pick<
  ClusterInfo,
  'state' | 'slotsAssigned' | 'slotsOk' | 'slotsPfail' | 'slotsFail' | 'knownNodes' | 'size' | 'currentEpoch'
> & {
  /** Address of the node whose CLUSTER INFO is shown. */
  source?: string;
  /** False when answering nodes report different cluster_state values. */
  agree: boolean;
};

export interface MetricsSnapshot {
  at: number;
  elapsedMs: number;
  cluster: ClusterLevel;
  nodes: NodeMetrics[];
}

export interface PollOptions {
  /** Deadline per node for the whole poll of that node. */
  timeoutMs?: number;
  /** PINGs per node per poll (sequential, each timed). */
  pingSamples?: number;
  signal?: AbortSignal;
}

export const DEFAULT_POLL_TIMEOUT_MS = 3000;

/** `a=1,b=x` (keyspace and slaveN fields) → map. */
export function parseInfoList(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (value ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function num(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

export function latencyStats(samplesMs: number[]): LatencyStats | null {
  if (samplesMs.length === 0) return null;
  const sum = samplesMs.reduce((a, b) => a + b, 0);
  return { minMs: Math.min(...samplesMs), avgMs: sum / samplesMs.length, maxMs: Math.max(...samplesMs), samples: samplesMs.length };
}

export function emptyMetrics(node: ClusterNode, error?: string, timedOut = false): NodeMetrics {
  return {
    id: node.id,
    address: address(node),
    role: node.role,
    masterId: node.masterId,
    ok: false,
    timedOut,
    error,
    usedMemory: 0,
    usedMemoryPeak: 0,
    maxMemory: 0,
    opsPerSec: 0,
    connectedClients: 0,
    keys: 0,
    hits: 0,
    misses: 0,
    hitRatio: null,
    expired: 0,
    evicted: 0,
    replOffset: 0,
    busSent: 0,
    busReceived: 0,
    latency: null,
  };
}

/** One node's metrics from its INFO and CLUSTER INFO replies (pure; lag is filled in by fillReplicationLag). */
export function nodeMetrics(node: ClusterNode, infoText: string, clusterInfoText: string, pingMs: number[]): NodeMetrics {
  const info = parseInfo(infoText);
  const ci = parseInfo(clusterInfoText);
  const hits = num(info.keyspace_hits);
  const misses = num(info.keyspace_misses);
  const keys = Object.keys(info)
    .filter((k) => /^db\d+$/.test(k))
    .reduce((a, k) => a + num(parseInfoList(info[k]).keys), 0);
  const replica = info.role === 'slave';
  return {
    ...emptyMetrics(node),
    role: info.role ? (replica ? 'replica' : 'master') : node.role,
    ok: true,
    usedMemory: num(info.used_memory),
    usedMemoryPeak: num(info.used_memory_peak),
    maxMemory: num(info.maxmemory),
    opsPerSec: num(info.instantaneous_ops_per_sec),
    connectedClients: num(info.connected_clients),
    keys,
    hits,
    misses,
    hitRatio: hits + misses > 0 ? hits / (hits + misses) : null,
    expired: num(info.expired_keys),
    evicted: num(info.evicted_keys),
    replOffset: replica ? num(info.slave_repl_offset ?? info.master_repl_offset) : num(info.master_repl_offset),
    linkStatus: replica ? info.master_link_status : undefined,
    lagSeconds: replica && info.master_last_io_seconds_ago !== undefined ? num(info.master_last_io_seconds_ago) : undefined,
    busSent: num(ci.cluster_stats_messages_sent),
    busReceived: num(ci.cluster_stats_messages_received),
    clusterState: ci.cluster_state,
    latency: latencyStats(pingMs),
    server: serverIdentity(info),
  };
}

/**
 * Replica lag in bytes (master offset − replica offset) and, where the master lists the replica in its INFO,
 * the master's own `lag` seconds for it. Mutates and returns `nodes`.
 */
export function fillReplicationLag(nodes: NodeMetrics[], masterInfo: Map<string, Record<string, string>>): NodeMetrics[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    if (n.role !== 'replica' || !n.ok || !n.masterId) continue;
    const master = byId.get(n.masterId);
    if (master?.ok) n.lagBytes = Math.max(0, master.replOffset - n.replOffset);
    const info = masterInfo.get(n.masterId);
    if (!info) continue;
    for (const [k, v] of Object.entries(info)) {
      if (!/^slave\d+$/.test(k)) continue;
      const s = parseInfoList(v);
      if (s.ip && address({ host: s.ip, port: Number(s.port) }) === n.address && s.lag !== undefined) n.lagSeconds = num(s.lag);
    }
  }
  return nodes;
}

/** Cluster-level view: a master's CLUSTER INFO when one answered; `agree` tells whether all nodes concur. */
export function clusterLevel(nodes: NodeMetrics[], infos: Map<string, ClusterInfo>): ClusterLevel {
  const answered = nodes.filter((n) => infos.has(n.id));
  const pick = answered.find((n) => n.role === 'master') ?? answered[0];
  const ci = pick ? infos.get(pick.id) : undefined;
  const states = new Set(answered.map((n) => infos.get(n.id)?.state));
  return {
    state: ci?.state ?? 'unknown',
    slotsAssigned: ci?.slotsAssigned ?? 0,
    slotsOk: ci?.slotsOk ?? 0,
    slotsPfail: ci?.slotsPfail ?? 0,
    slotsFail: ci?.slotsFail ?? 0,
    knownNodes: ci?.knownNodes ?? 0,
    size: ci?.size ?? 0,
    currentEpoch: Math.max(0, ...[...infos.values()].map((i) => i.currentEpoch)),
    source: pick?.address,
    agree: states.size <= 1,
  };
}

async function pingSamples(client: Redis, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.ping();
    out.push(performance.now() - t0);
  }
  return out;
}

interface NodePoll {
  metrics: NodeMetrics;
  info?: Record<string, string>;
  cluster?: ClusterInfo;
}

async function pollNode(session: ClusterSession, node: ClusterNode, samples: number): Promise<NodePoll> {
  const client = await session.node(address(node));
  const [infoText, clusterText] = await Promise.all([client.info(), client.call('CLUSTER', 'INFO')]);
  const pings = await pingSamples(client, samples);
  const metrics = nodeMetrics(node, infoText, String(clusterText), pings);
  return { metrics, info: parseInfo(infoText), cluster: parseClusterInfo(String(clusterText)) };
}

/** Polls every known node in parallel; nodes that fail or miss the deadline are marked, not awaited. */
export async function pollMetrics(session: ClusterSession, topo: Topology, opts: PollOptions = {}): Promise<MetricsSnapshot> {
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const nodes = topo.nodes.filter((n) => !n.flags.includes('handshake') && !n.flags.includes('noaddr'));
  const polls = await Promise.all(
    nodes.map(async (node): Promise<NodePoll> => {
      try {
        return await withDeadline(pollNode(session, node, opts.pingSamples ?? 3), timeoutMs, `${address(node)}: INFO/PING`, opts.signal);
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        const slow = e instanceof DeadlineError;
        return {
          metrics: emptyMetrics(
            node,
            slow
              ? `${errorText(e)}; marked slow, shown without data until it answers`
              : `${errorText(e)}. Check the node, then wait for the next poll`,
            slow,
          ),
        };
      }
    }),
  );
  const metrics = polls.map((p) => p.metrics);
  const masterInfo = new Map(polls.filter((p) => p.info && p.metrics.role === 'master').map((p) => [p.metrics.id, p.info ?? {}]));
  fillReplicationLag(metrics, masterInfo);
  const infos = new Map(polls.filter((p) => p.cluster).map((p) => [p.metrics.id, p.cluster as ClusterInfo]));
  return { at: Date.now(), elapsedMs: performance.now() - t0, cluster: clusterLevel(metrics, infos), nodes: metrics };
}
