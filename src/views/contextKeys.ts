// Context keys for `when` and `enablement` clauses: any profile configured, any cluster connected, and a key
// candidate (a single-line selection or a string literal) at the editor's cursor. Each is set only on change;
// setContext is ordered, so `ready` (set last) never arrives before the others.
import * as vscode from 'vscode';
import type { BaseServices } from '../services/base';
import { stringLiteralAt } from './keys/literal';

export const CONTEXT_KEYS = {
  /**
   * Set once the others are: `when` clauses read `!redisCluster.ready || redisCluster.hasProfiles`, so before the
   * extension has activated its commands stay in the palette (running one activates it) instead of hiding.
   */
  ready: 'redisCluster.ready',
  hasProfiles: 'redisCluster.hasProfiles',
  connected: 'redisCluster.connected',
  keyAtCursor: 'redisCluster.keyAtCursor',
} as const;

/** A key to look up at the cursor: the selection when it is one non-empty line, else the string literal around it. */
export function keyCandidate(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor || editor.document.uri.scheme === 'redis-cluster') return undefined;
  const sel = editor.selection;
  if (!sel.isEmpty) return sel.isSingleLine ? editor.document.getText(sel) : undefined;
  // One line's text only: cheap enough for every cursor move.
  return stringLiteralAt(editor.document.lineAt(sel.active.line).text, sel.active.character);
}

export class ContextKeys implements vscode.Disposable {
  /** The values last set, for tests and for skipping unchanged updates. */
  readonly values = new Map<string, boolean>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly s: BaseServices) {
    this.subscriptions = [
      s.profiles.onDidChange(() => this.updateProfiles()),
      s.connections.onDidChange(() => this.updateConnected()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.updateCursor(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.updateCursor(e)),
    ];
    this.updateProfiles();
    this.updateConnected();
    this.updateCursor(vscode.window.activeTextEditor);
    this.set(CONTEXT_KEYS.ready, true);
  }

  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  private updateProfiles(): void {
    this.set(
      CONTEXT_KEYS.hasProfiles,
      this.s.profiles.list().some((e) => e.profile),
    );
  }

  private updateConnected(): void {
    this.set(
      CONTEXT_KEYS.connected,
      this.s.connections.all().some((c) => c.state === 'connected'),
    );
  }

  private updateCursor(editor: vscode.TextEditor | undefined): void {
    this.set(CONTEXT_KEYS.keyAtCursor, !!keyCandidate(editor));
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
