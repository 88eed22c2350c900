// The dashboard page: a strict CSP (nothing but our nonce'd bundle runs), theme-driven styles only.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/** Only the built webview bundle and media may be loaded into the panel. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, profile: string): string {
  const n = nonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    // Stylesheets from our origin, and style elements carrying the nonce (the toolkit's FAST base reads it
    // from the csp-nonce meta below). No 'unsafe-inline' anywhere, no eval.
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${n}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(asset('dashboard.css'))}" nonce="${n}">
<title>Redis Cluster: ${escapeAttr(profile)}</title>
</head>
<body>
<div id="app" data-profile="${escapeAttr(profile)}"></div>
<script nonce="${n}" src="${escapeAttr(asset('dashboard.js'))}"></script>
</body>
</html>`;
}
