// Diagnose's report in the editor: one read-only Markdown document per profile (virtual, scheme
// redis-cluster-doctor), its findings as diagnostics on that document (so they list in the Problems panel), and
// "Fix…" code actions for findings that have a fix. The fix runs the existing command, with its own plan and
// confirmation.
//
// API
//   class DoctorReports { show(profile, report), last(profile), uriOf(profile), collection }
//   DOCTOR_SCHEME
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { type DoctorReport, type Finding, doctorMarkdown, findingHeading } from '../../core/diagnose';

export const DOCTOR_SCHEME = 'redis-cluster-doctor';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

interface Shown {
  report: DoctorReport;
  markdown: string;
  /** Findings by diagnostic, to build the fix actions. */
  findings: Map<vscode.Diagnostic, Finding>;
}

export class DoctorReports implements vscode.TextDocumentContentProvider, vscode.CodeActionProvider, vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('redisCluster.doctor');
  private readonly shown = new Map<string, Shown>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(DOCTOR_SCHEME, this),
      vscode.languages.registerCodeActionsProvider({ scheme: DOCTOR_SCHEME }, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      this.collection,
      this.changed,
    ];
  }

  uriOf(profile: string): vscode.Uri {
    return vscode.Uri.from({ scheme: DOCTOR_SCHEME, path: `/${encodeURIComponent(profile)}/Diagnose.md` });
  }

  profileOf(uri: vscode.Uri): string | undefined {
    const m = /^\/([^/]+)\/Diagnose\.md$/.exec(uri.path);
    return m ? decodeURIComponent(m[1]) : undefined;
  }

  last(profile: string): DoctorReport | undefined {
    return this.shown.get(profile)?.report;
  }

  markdown(profile: string): string | undefined {
    return this.shown.get(profile)?.markdown;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const profile = this.profileOf(uri);
    return (profile && this.shown.get(profile)?.markdown) ?? l10n.t('(no report yet: run "Redis Cluster: Diagnose")');
  }

  /** Publishes the report: document text, one diagnostic per finding on its heading, and the preview. */
  async show(profile: string, report: DoctorReport, opts: { preview?: boolean } = {}): Promise<vscode.Uri> {
    const markdown = doctorMarkdown(report);
    const lines = markdown.split('\n');
    const findings = new Map<vscode.Diagnostic, Finding>();
    let from = 0;
    const diagnostics = report.findings.map((f) => {
      const at = lines.findIndex((l, i) => i >= from && l === findingHeading(f));
      const line = at >= 0 ? at : 0;
      if (at >= 0) from = at + 1;
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, lines[line].length), `${f.title}: ${f.detail}`, SEVERITY[f.severity]);
      d.source = `Redis Cluster (${profile})`;
      d.code = f.id;
      findings.set(d, f);
      return d;
    });
    const uri = this.uriOf(profile);
    this.shown.set(profile, { report, markdown, findings });
    this.changed.fire(uri);
    this.collection.set(uri, diagnostics);
    if (opts.preview !== false) await this.preview(uri);
    return uri;
  }

  private async preview(uri: vscode.Uri): Promise<void> {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension the source still reads well.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, preserveFocus: true });
    }
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const profile = this.profileOf(doc.uri);
    const shown = profile ? this.shown.get(profile) : undefined;
    if (!profile || !shown) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      const f = [...shown.findings].find(([k]) => k.code === d.code && k.range.isEqual(d.range))?.[1];
      if (!f?.fix) continue;
      const a = new vscode.CodeAction(`${f.fix.label.replace(/…$/, '')}… (${f.title})`, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.command = { title: f.fix.label, command: f.fix.command, arguments: [{ ...f.fix.args, profile }] };
      actions.push(a);
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
