// The shapes of live metrics and slow-log entries as the dashboard receives them. Types only, with no import, so
// the webview (a browser bundle) can name them through src/shared/protocol.ts without pulling Node or ioredis in;
// metrics.ts and slowlog.ts fill them. (server.ts is browser-safe too: no imports.)
import type { ServerIdentity } from '../topology/server';

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
export interface ClusterLevel {
  /** cluster_state, and the slot and node counts of the same CLUSTER INFO (topology.ts's ClusterInfo). */
  state: string;
  slotsAssigned: number;
  slotsOk: number;
  slotsPfail: number;
  slotsFail: number;
  knownNodes: number;
  size: number;
  currentEpoch: number;
  /** Address of the node whose CLUSTER INFO is shown. */
  source?: string;
  /** False when answering nodes report different cluster_state values. */
  agree: boolean;
}

export interface MetricsSnapshot {
  at: number;
  elapsedMs: number;
  cluster: ClusterLevel;
  nodes: NodeMetrics[];
}

export interface SlowlogEntry {
  node: string;
  nodeId: string;
  id: number;
  /** Unix time in seconds. */
  time: number;
  durationUs: number;
  args: string[];
  client?: string;
  clientName?: string;
}
