// The vscode-free modules (tree wording, admin text) translate through @vscode/l10n, which knows nothing of the
// editor: hand it the bundle VS Code loaded for the display language. Without one it keeps returning English.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

export function loadL10nBundle(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
