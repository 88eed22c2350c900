// The one message protocol between the dashboard host (extension) and the dashboard app (webview).
// Both sides import these types; every message is a member of a discriminated union, checked at runtime on
// arrival (isWebviewMessage), so no handler ever sees an untyped value.
import type { MetricsSnapshot } from '../core/monitoring/metrics';
import type { SlowlogEntry } from '../core/monitoring/slowlog';

export type { ClusterLevel, LatencyStats, MetricsSnapshot, NodeMetrics } from '../core/monitoring/metrics';
export type { SlowlogEntry } from '../core/monitoring/slowlog';

export type TabId = 'distribution' | 'metrics';

export interface MasterView {
  id: string;
  address: string;
  keys: number;
  slots: number;
  error?: string;
}

export interface OwnerRange {
  start: number;
  end: number;
  /** Index into DistributionView.masters. */
  master: number;
}

export interface OpenSlotView {
  slot: number;
  kind: 'migrating' | 'importing';
  node: string;
  peer: string;
}

export interface TopSlotView {
  slot: number;
  keys: number;
  owner?: string;
}

export interface DistributionView {
  fetchedAt: number;
  elapsedMs: number;
  /** 16384 key counts, index = slot. */
  counts: number[];
  masters: MasterView[];
  ranges: OwnerRange[];
  open: OpenSlotView[];
  total: number;
  imbalance: number;
  top: TopSlotView[];
  complete: boolean;
  /**
   * Load layers of the heat map from CLUSTER SLOT-STATS (Valkey 8+, Redis 8.2+ with slot stats enabled): the
   * difference between this count and the previous one, index = slot. Absent, `layersNote` says why.
   */
  layers?: { cpuUsec?: number[]; netBytes?: number[] };
  /** The slots that used the most CPU between the last two counts. */
  hottest?: { slot: number; cpuUsec: number; owner?: string }[];
  layersNote?: string;
}

export interface SlowlogView {
  fetchedAt: number;
  entries: SlowlogEntry[];
  errors: { node: string; error: string }[];
}

// ---- extension → webview -------------------------------------------------------------------------

export type HostMessage =
  | { type: 'init'; profile: string; intervalSeconds: number; historyMinutes: number }
  | { type: 'distribution'; data: DistributionView }
  | { type: 'metrics'; data: MetricsSnapshot }
  | { type: 'slowlog'; data: SlowlogView }
  | { type: 'sample'; requestId: number; slot: number; keys: string[]; owner?: string; error?: string }
  | { type: 'status'; busy: boolean; text: string; error?: string }
  | { type: 'showTab'; tab: TabId };

// ---- webview → extension -------------------------------------------------------------------------

/** What the webview actually drew, for tests and diagnostics. */
export interface RenderReport {
  tab: TabId;
  heatmapCells: number;
  heatmapTotal: number;
  heatmapMs: number;
  masterRows: number;
  topRows: number;
  nodeRows: number;
  /** A metric value as rendered in the nodes table (first node's ops/sec cell text). */
  sampleMetric?: string;
  chartSeries: number;
  slowlogRows: number;
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh'; what: 'distribution' | 'metrics' | 'slowlog' | 'all' }
  | { type: 'sampleKeys'; requestId: number; slot: number }
  | { type: 'rendered'; report: RenderReport }
  | { type: 'tabChanged'; tab: TabId }
  | { type: 'error'; message: string };

/** State the webview persists with setState (restored by the panel serializer after a reload). */
export interface DashboardState {
  profile: string;
  tab: TabId;
  pinnedSlot?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isTab = (v: unknown): v is TabId => v === 'distribution' || v === 'metrics';

/** Runtime guard for messages arriving from the webview (they cross a trust boundary). */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'refresh':
      return v.what === 'distribution' || v.what === 'metrics' || v.what === 'slowlog' || v.what === 'all';
    case 'sampleKeys':
      return isInt(v.requestId) && isInt(v.slot) && v.slot >= 0 && v.slot < 16384;
    case 'rendered':
      return isRecord(v.report) && isTab(v.report.tab) && isInt(v.report.heatmapCells);
    case 'tabChanged':
      return isTab(v.tab);
    case 'error':
      return typeof v.message === 'string';
    default:
      return false;
  }
}

/** Runtime guard for state handed back by the serializer. */
export function isDashboardState(v: unknown): v is DashboardState {
  return isRecord(v) && typeof v.profile === 'string' && isTab(v.tab) && (v.pinnedSlot === undefined || isInt(v.pinnedSlot));
}
