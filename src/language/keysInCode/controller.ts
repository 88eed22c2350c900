// Keeps one analysis per open document (debounced after edits) and publishes its warnings. Hovers, lenses and
// quick fixes read the same analysis, so a file is parsed once per change whatever asks.
import * as vscode from 'vscode';
import { type Analysis, type Finding, KeyLinter, LANGUAGE_IDS, mentionsRedis } from '../../core/keysInCode';
import type { Log } from '../../services/log';

export const DEBOUNCE_MS = 250;

export interface KeysInCodeSettings {
  enabled: boolean;
  hoverAnyLiteral: boolean;
}

export function readSettings(): KeysInCodeSettings {
  const c = vscode.workspace.getConfiguration('redisCluster.keysInCode');
  return { enabled: c.get<boolean>('enabled', true), hoverAnyLiteral: c.get<boolean>('hoverAnyLiteral', false) };
}

interface Entry {
  version: number;
  analysis: Promise<Analysis>;
}

export class KeysInCodeController implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('redis-cluster');
  private readonly entries = new Map<string, Entry>();
  /** One linter per open document: it keeps the syntax tree, so an edit reparses only what changed. */
  private readonly linters = new Map<string, KeyLinter>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's analysis is published (lenses refresh on it; tests wait on it). */
  readonly onDidAnalyze = this.changed.event;
  /** Milliseconds the last analysis took, parse included (the bench and the log report it). */
  lastDurationMs = 0;
  private settings = readSettings();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('redisCluster.keysInCode')) return;
        this.settings = readSettings();
        this.entries.clear();
        this.diagnostics.clear();
        for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  get current(): KeysInCodeSettings {
    return this.settings;
  }

  static handles(doc: vscode.TextDocument): boolean {
    return (
      doc.languageId in LANGUAGE_IDS && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote')
    );
  }

  /** The analysis of this exact document version, computed now if the debounce has not run yet. */
  analysisFor(doc: vscode.TextDocument): Promise<Analysis> | undefined {
    if (!this.settings.enabled || !KeysInCodeController.handles(doc)) return undefined;
    const key = doc.uri.toString();
    const known = this.entries.get(key);
    if (known && known.version === doc.version) return known.analysis;
    const started = performance.now();
    const lang = LANGUAGE_IDS[doc.languageId];
    let linter = this.linters.get(key);
    if (!linter || linter.lang !== lang) {
      linter?.dispose();
      linter = new KeyLinter(lang);
      this.linters.set(key, linter);
    }
    const analysis = linter.update(doc.getText(), { literals: this.settings.hoverAnyLiteral });
    this.entries.set(key, { version: doc.version, analysis });
    void analysis.then(
      () => {
        this.lastDurationMs = performance.now() - started;
      },
      (e: unknown) => this.log.warn(`keys in code: cannot analyse ${doc.uri.fsPath}: ${(e as Error).message}`),
    );
    return analysis;
  }

  /** The finding behind a diagnostic we published (matched by code and range). */
  async findingFor(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<Finding | undefined> {
    const a = await this.analysisFor(doc);
    return a?.findings.find(
      (f) => f.code === diagnosticCode(d) && doc.positionAt(f.start).isEqual(d.range.start) && doc.positionAt(f.end).isEqual(d.range.end),
    );
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!KeysInCodeController.handles(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    // Files that name no Redis client cost one substring search and nothing else.
    if (!this.settings.enabled || !mentionsRedis(doc.getText())) {
      this.diagnostics.delete(doc.uri);
      this.entries.delete(key);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => void this.publish(doc), delay),
    );
  }

  private async publish(doc: vscode.TextDocument): Promise<void> {
    this.timers.delete(doc.uri.toString());
    if (doc.isClosed) return;
    const version = doc.version;
    const analysis = await this.analysisFor(doc)?.catch(() => undefined);
    if (!analysis || doc.isClosed || doc.version !== version) return;
    this.diagnostics.set(
      doc.uri,
      analysis.findings.map((f) => toDiagnostic(doc, f)),
    );
    this.changed.fire(doc.uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.entries.delete(key);
    this.linters.get(key)?.dispose();
    this.linters.delete(key);
    this.diagnostics.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const l of this.linters.values()) l.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)),
    f.message,
    vscode.DiagnosticSeverity.Warning,
  );
  d.source = 'Redis Cluster';
  d.code = f.code;
  return d;
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}
