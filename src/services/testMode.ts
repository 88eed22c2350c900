// Hooks for the project's own tests (the Services object as activate()'s exports, internal commands, the webview's
// bench hook) exist only when VS Code runs the extension under a test runner. A user's install runs in
// ExtensionMode.Production, where another extension could otherwise reach live authenticated sessions.
import * as vscode from 'vscode';

export function testHooksEnabled(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test;
}
