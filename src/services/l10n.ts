// One way to translate: every module (vscode-aware or not, and the dashboard webview) calls `l10n.t` from
// @vscode/l10n with a whole sentence and its placeholders. VS Code loads the bundle of the display language;
// activate() hands it to @vscode/l10n here, and the dashboard sends the same bundle to its webview in `init`.
// Without a bundle (English) l10n.t returns the message itself. scripts/check-l10n.mjs keeps it so.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

export function loadL10nBundle(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}
