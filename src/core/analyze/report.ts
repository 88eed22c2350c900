// Analyze Keyspace: options (with their defaults defined once), the facts read per key, and the report model.
// The report is plain JSON: the CLI prints it, the webview renders it, the exporters write it. No imports: the
// webview's browser bundle reads these shapes (scripts/eslint-layers.mjs lists this module as browser-safe).

/** The pace of ops/pace.ts (types.ts checks the two stay equal). */
export type Pace = 'gentle' | 'fast';

/** The export formats of the report (export.ts writes them). */
export type ExportFormat = 'json' | 'csv' | 'markdown';

export const KEY_TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream'] as const;
export type KeyType = (typeof KEY_TYPES)[number] | 'other';

export type ReadFrom = 'masters' | 'replicas';

export interface AnalyzeOptions {
  /** SCAN MATCH glob (bytes passed through). */
  match?: string;
  /** SCAN TYPE filter. */
  type?: (typeof KEY_TYPES)[number];
  /** Namespace delimiter (one or more bytes). */
  delimiter: string;
  /** How many keys the top-by-memory list keeps. */
  top: number;
  on: ReadFrom;
  pace: Pace;
  /** Analyse only these shards (master ids); all when empty. */
  shards?: string[];
  /** Namespace tree limits: levels, children per namespace, namespaces in all. */
  maxDepth: number;
  maxWidth: number;
  maxNamespaces: number;
}

export const ANALYZE_DEFAULTS: Omit<AnalyzeOptions, 'pace'> = {
  delimiter: ':',
  top: 100,
  on: 'masters',
  maxDepth: 4,
  maxWidth: 100,
  maxNamespaces: 3000,
};

/** Values above this are flagged (the seed's best practice: no values over 1 MB). */
export const BIG_VALUE_BYTES = 1024 * 1024;
/** Key names longer than this are flagged. */
export const LONG_NAME_BYTES = 128;
/** Audit lists keep this many examples; their counts stay exact. */
export const AUDIT_EXAMPLES = 50;

export interface Tally {
  keys: number;
  bytes: number;
}

export interface TopKey {
  key: string;
  base64: string;
  type: KeyType;
  bytes: number;
  ttlMs: number;
  elements: number;
  slot: number;
  node: string;
}

export interface NamespaceView {
  /** Full prefix without the trailing delimiter, e.g. "user:*" (id-like segments shown as *). */
  name: string;
  /** SCAN MATCH glob selecting its keys, e.g. "user:*:*". */
  match: string;
  keys: number;
  bytes: number;
  maxBytes: number;
  maxKey?: string;
  noTtl: number;
  types: Partial<Record<KeyType, number>>;
  /** Children that did not fit the width or total cap are summed here. */
  otherKeys?: number;
  children: NamespaceView[];
}

export interface ShardTotals {
  shard: string;
  master: string;
  /** The node the keys were read from (the master, or a replica with --on replicas). */
  readFrom: string;
  role: 'master' | 'replica';
  keys: number;
  bytes: number;
  done: boolean;
  error?: string;
}

export interface SplitFamilies {
  /** e.g. "user:*" for families such as user:1000:* */
  pattern: string;
  families: number;
  /** Families whose keys sit in more than one slot. */
  split: number;
  examples: { family: string; keys: number; slots: number }[];
}

export interface AuditList {
  count: number;
  examples: { key: string; base64: string; bytes?: number; nameBytes?: number }[];
}

export interface AnalyzeReport {
  profile: string;
  startedAt: string;
  elapsedMs: number;
  options: { match?: string; type?: string; delimiter: string; top: number; on: ReadFrom; pace: Pace; shards?: string[] };
  partial: boolean;
  partialReason?: string;
  failedNodes: { node: string; error: string }[];
  notes: string[];
  totals: Tally & { noTtl: number };
  shards: ShardTotals[];
  types: Record<KeyType, Tally>;
  ttl: Record<TtlBucket, Tally>;
  namespaces: NamespaceView;
  top: TopKey[];
  audit: {
    bigValues: AuditList;
    noDelimiter: AuditList;
    longNames: AuditList;
    mixedTtl: { namespace: string; match: string; keys: number; noTtl: number }[];
    splitFamilies: SplitFamilies[];
  };
  migration: { unsettledSlots: number; recountedKeys: number };
}

export const TTL_BUCKETS = ['none', 'lt1h', 'lt1d', 'lt1w', 'longer'] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];

export interface AnalyzeProgress {
  keys: number;
  /** Keys per second over the run so far. */
  keysPerSec: number;
  /** Keys the analysed nodes hold (DBSIZE at the start); undefined with --match/--type, where it says nothing. */
  expected?: number;
  etaSeconds?: number;
  nodesDone: number;
  nodes: number;
  /** Gentle pace: the canary's latency against its budget. */
  latencyMs?: number;
  budgetMs?: number;
  phase: 'scan' | 'settle' | 'done';
}
