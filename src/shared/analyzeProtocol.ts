// Messages between the Analyze Keyspace panel (extension) and its report app (webview). Both sides import these
// types; messages from the webview are checked at runtime (isAnalyzeWebviewMessage) before any handler sees them.
import type { AnalyzeProgress, AnalyzeReport } from '../core/analyze/report';
import type { ExportFormat } from '../core/analyze/report';

export type { AnalyzeProgress, AnalyzeReport, NamespaceView, TopKey } from '../core/analyze/report';
export type { ExportFormat } from '../core/analyze/report';

/** The panel's persisted state: enough to say which profile it was for after a reload. */
export interface AnalyzeState {
  profile: string;
}

export type AnalyzeHostMessage =
  | { type: 'start'; profile: string; options: AnalyzeReport['options'] }
  | { type: 'progress'; progress: AnalyzeProgress }
  | { type: 'report'; report: AnalyzeReport }
  | { type: 'failed'; error: string };

/** What the webview drew, for tests. */
export interface AnalyzeRenderReport {
  partial: boolean;
  namespaceRows: number;
  topRows: number;
  auditItems: number;
}

export type AnalyzeWebviewMessage =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'openNamespace'; match: string }
  | { type: 'openKey'; base64: string }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rendered'; report: AnalyzeRenderReport };

const FORMATS: readonly string[] = ['json', 'csv', 'markdown'];

export function isAnalyzeWebviewMessage(m: unknown): m is AnalyzeWebviewMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  switch (r.type) {
    case 'ready':
    case 'cancel':
      return true;
    case 'openNamespace':
      return typeof r.match === 'string' && r.match.length > 0 && r.match.length < 4096;
    case 'openKey':
      return typeof r.base64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(r.base64);
    case 'export':
      return typeof r.format === 'string' && FORMATS.includes(r.format);
    case 'rendered': {
      const x = r.report as Record<string, unknown> | undefined;
      return typeof x === 'object' && x !== null && typeof x.partial === 'boolean' && typeof x.topRows === 'number';
    }
    default:
      return false;
  }
}
