// Read-only preview documents for admin actions: the plan (rebalance/reshard/create), a check report, what fix
// would do. A virtual document (scheme redis-cluster-plan) rather than an untitled one: it cannot be edited,
// and closing it never asks to save. It opens in the built-in Markdown preview, so the user reads it rendered.
//
// API
//   new PlanPreviews()                              registers the content provider; built once in activate()
//   previews.show(title, markdown): Promise<vscode.TextDocument>   opens it beside the active editor
//   PREVIEW_SCHEME
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'redis-cluster-plan';

/** A file-name-safe version of a title, e.g. "Reshard 100 slots" → "Reshard-100-slots". */
function slug(title: string): string {
  return (
    title
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'preview'
  );
}

export class PlanPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private counter = 0;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '(this preview is gone; run the command again)';
  }

  async show(title: string, markdown: string): Promise<vscode.TextDocument> {
    // A fresh uri per preview, so an older one stays as it was when the user confirmed it.
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${slug(title)}.md`, query: String(++this.counter) });
    this.docs.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    // Rendered, not as Markdown source. Beside the file the user is reading; with no editor open, "beside" would
    // leave an empty group on the left.
    const beside = !!vscode.window.activeTextEditor;
    const shown = await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri).then(
      () => true,
      () => false,
    );
    // The built-in Markdown extension can be disabled: then the source is better than nothing.
    if (!shown) {
      const viewColumn = beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      await vscode.window.showTextDocument(doc, { viewColumn, preview: true, preserveFocus: true });
    }
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
