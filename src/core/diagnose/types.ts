// Diagnose: data gathered once from every node, and the findings that pure rules derive from it.
// Gathered data holds no secret: the profile password is judged while gathering and only the verdict is kept.
import type { SlowlogEntry } from '../monitoring/slowlog';
import type { ClusterInfo, ClusterNode } from '../topology/topology';

export type Severity = 'error' | 'warning' | 'info';

/** A command the editor (or the CLI user) can run to repair a finding; args go to that command as one object. */
export interface FindingFix {
  command: string;
  args: Record<string, string | number | boolean>;
  /** What the fix does, for a button or a CLI hint. */
  label: string;
}

export interface Finding {
  /** Stable rule id plus a discriminator, e.g. "security.tls-replication". */
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  /** host:port of every node the finding is about (may be empty for cluster-wide findings). */
  nodes: string[];
  fix?: FindingFix;
}

export interface LatencyEvent {
  event: string;
  /** Unix seconds of the latest spike. */
  time: number;
  latestMs: number;
  maxMs: number;
  /** Spikes kept in LATENCY HISTORY for this event (up to 160), when read. */
  samples?: number;
}

export interface AclLogEntry {
  count: number;
  reason: string;
  context: string;
  object: string;
  username: string;
  ageSeconds: number;
  clientInfo: string;
}

export interface DefaultUser {
  on: boolean;
  nopass: boolean;
}

/** Everything read from one node. Absent fields were not read (the reason is in `denied` or `errors`). */
export interface NodeProbe {
  address: string;
  reachable: boolean;
  /** Why the node could not be read at all (connect failure, no reply in time). */
  error?: string;
  pingMs?: number;
  /** The node's own view: CLUSTER NODES and CLUSTER INFO. */
  view?: ClusterNode[];
  clusterInfo?: ClusterInfo;
  /** Failure reports this node holds, per node id it knows of (only ids flagged fail/pfail by it). */
  failureReports?: Record<string, number>;
  /** INFO fields (server, clients, memory, stats, replication, keyspace) flattened. */
  info?: Record<string, string>;
  /** CONFIG GET of the parameters the rules look at. */
  config?: Record<string, string>;
  latency?: LatencyEvent[];
  slowlog?: SlowlogEntry[];
  aclLog?: AclLogEntry[];
  defaultUser?: DefaultUser;
  /** Probes refused by ACL (NOPERM), by name, e.g. "CONFIG GET". */
  denied: string[];
  /** Other probe failures that did not make the node unreadable. */
  errors: string[];
}

export interface BigKey {
  key: string;
  bytes: number;
  type?: string;
}

export interface BigKeyScan {
  node: string;
  sampled: number;
  /** False when the time or key budget ran out before SCAN finished (the scan is a sample then). */
  complete: boolean;
  largest: BigKey[];
  error?: string;
}

export interface UserProbe {
  username: string;
  /** Dangerous commands this user may run, as ACL DRYRUN answered. */
  allowed: string[];
  /** Why the check could not be made (e.g. ACL itself denied). */
  error?: string;
}

export interface PasswordVerdict {
  set: boolean;
  /** Why the password is weak (well-known, short, one character class); absent when it is not. */
  weakness?: string;
}

export interface Gathered {
  profile: { name: string; username: string; seeds: string[]; tls: boolean };
  nodes: NodeProbe[];
  user?: UserProbe;
  password: PasswordVerdict;
  bigKeys: BigKeyScan[];
  /** Limits the gatherer worked under, echoed for the report. */
  limits: { timeoutMs: number; bigKeyBytes: number; scanBudgetMs: number; scanMaxKeys: number };
  startedAt: number;
  elapsedMs: number;
}

export interface DoctorReport {
  profile: string;
  ok: boolean;
  counts: Record<Severity, number>;
  findings: Finding[];
  nodes: { reachable: number; total: number };
  /** Server label ("Valkey 8.0.1") → addresses running it, most common first. */
  servers?: { label: string; nodes: string[] }[];
  startedAt: number;
  elapsedMs: number;
}

/** A rule: gathered data in, findings out. No I/O. */
export type Rule = (g: Gathered) => Finding[];
