// The Analyze Keyspace report panel: one per profile, showing a run's progress and then its report. The webview
// asks for actions (open a namespace in the key browser, open a key, export, cancel) through typed messages only.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type ExportFormat, exportReport } from '../../core/analyze/export';
import type { AnalyzeProgress, AnalyzeReport } from '../../core/analyze/types';
import { keyFromBase64 } from '../../core/keys/keyName';
import type { BaseServices } from '../../services/base';
import {
  type AnalyzeHostMessage,
  type AnalyzeRenderReport,
  type AnalyzeWebviewMessage,
  isAnalyzeWebviewMessage,
} from '../../shared/analyzeProtocol';
import { localResourceRoots } from '../dashboard/html';

export const ANALYZE_VIEW_TYPE = 'redisCluster.analyzeKeyspace';

/** What the panel needs from the key browser and key documents (handed in, so this view imports no command). */
export interface AnalyzeActions {
  openNamespace(profile: string, match: string): Promise<void>;
  openKey(profile: string, key: Buffer): Promise<void>;
}

function analyzeHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const n = randomBytes(18).toString('base64').replace(/[+/=]/g, '');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${esc(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(asset('analyze.css'))}" nonce="${n}">
<title>${esc(title)}</title>
</head>
<body data-l10n="${esc(JSON.stringify(vscode.l10n.bundle ?? {}))}">
<main id="app" aria-live="polite"></main>
<script nonce="${n}" src="${esc(asset('analyze.js'))}"></script>
</body>
</html>`;
}

export class AnalyzePanel implements vscode.Disposable {
  private report: AnalyzeReport | undefined;
  private progress: AnalyzeProgress | undefined;
  private failed: string | undefined;
  private start: Extract<AnalyzeHostMessage, { type: 'start' }> | undefined;
  private abort: AbortController | undefined;
  /** What the webview last drew (tests read it). */
  lastRender: AnalyzeRenderReport | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly s: BaseServices,
    readonly profile: string,
    private readonly actions: AnalyzeActions,
    onDispose: () => void,
  ) {
    panel.webview.html = analyzeHtml(panel.webview, s.context.extensionUri, panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isAnalyzeWebviewMessage(m)) void this.handle(m);
      }),
      panel.onDidDispose(() => {
        this.abort?.abort();
        onDispose();
        this.subs.forEach((d) => d.dispose());
      }),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** A new run: its options, and the signal the panel's Cancel button aborts. */
  begin(options: AnalyzeReport['options'], abort: AbortController): void {
    // One run per panel: a new one stops the previous one (its partial report would only be replaced).
    this.abort?.abort();
    this.abort = abort;
    this.report = undefined;
    this.failed = undefined;
    this.progress = undefined;
    this.start = { type: 'start', profile: this.profile, options };
    void this.post(this.start);
  }

  /** Updates from a run the panel no longer shows (a newer one began) are dropped. */
  setProgress(p: AnalyzeProgress, run: AbortController): void {
    if (run !== this.abort) return;
    this.progress = p;
    void this.post({ type: 'progress', progress: p });
  }

  setReport(r: AnalyzeReport, run: AbortController): void {
    if (run !== this.abort) return;
    this.report = r;
    this.abort = undefined;
    void this.post({ type: 'report', report: r });
  }

  setFailed(error: string, run: AbortController): void {
    if (run !== this.abort) return;
    this.failed = error;
    this.abort = undefined;
    void this.post({ type: 'failed', error });
  }

  get lastReport(): AnalyzeReport | undefined {
    return this.report;
  }

  private post(m: AnalyzeHostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private async handle(m: AnalyzeWebviewMessage): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
          // A (re)loaded webview gets the whole state again.
          if (this.start) await this.post(this.start);
          if (this.report) await this.post({ type: 'report', report: this.report });
          else if (this.failed) await this.post({ type: 'failed', error: this.failed });
          else if (this.progress) await this.post({ type: 'progress', progress: this.progress });
          return;
        case 'cancel':
          this.abort?.abort();
          return;
        case 'openNamespace':
          return await this.actions.openNamespace(this.profile, m.match);
        case 'openKey':
          return await this.actions.openKey(this.profile, keyFromBase64(m.base64));
        case 'export':
          await this.export(m.format);
          return;
        case 'rendered':
          this.lastRender = m.report;
          return;
      }
    } catch (e) {
      void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0}', (e as Error).message));
    }
  }

  /** Saves the report; `path` skips the dialog (tests, scripted callers). */
  async export(format: ExportFormat, path?: string): Promise<string | undefined> {
    if (!this.report) return undefined;
    const ext = { json: 'json', csv: 'csv', markdown: 'md' }[format];
    let target = path;
    if (!target) {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
      const uri = await vscode.window.showSaveDialog({
        title: l10n.t('Export the keyspace report'),
        defaultUri: vscode.Uri.joinPath(base, `keyspace-${this.report.profile}.${ext}`),
        filters: { [format.toUpperCase()]: [ext] },
      });
      target = uri?.fsPath;
    }
    if (!target) return undefined;
    await writeFile(target, exportReport(this.report, format), 'utf8');
    this.s.log.info(`keyspace report of "${this.report.profile}" exported to ${target}`);
    return target;
  }

  dispose(): void {
    this.panel.dispose();
  }
}

/** One report panel per profile. */
export class AnalyzePanels implements vscode.Disposable {
  private readonly panels = new Map<string, AnalyzePanel>();

  constructor(
    private readonly s: BaseServices,
    private readonly actions: AnalyzeActions,
  ) {}

  open(profile: string): AnalyzePanel {
    const existing = this.panels.get(profile);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const title = l10n.t('Keyspace: {0}', this.s.profiles.label(profile));
    const panel = vscode.window.createWebviewPanel(ANALYZE_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: localResourceRoots(this.s.context.extensionUri),
    });
    const p = new AnalyzePanel(panel, this.s, profile, this.actions, () => this.panels.delete(profile));
    this.panels.set(profile, p);
    return p;
  }

  get(profile: string): AnalyzePanel | undefined {
    return this.panels.get(profile);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
