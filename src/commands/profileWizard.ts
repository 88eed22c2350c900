// Add Profile, step by step: name, seeds, TLS mode and files, user, password source, where to save.
// Returns undefined when the user cancels at any step.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ClusterProfile, type TlsOptions, parseHostPort } from '../core/profile';
import type { ProfileScope } from '../services/profileStore';

export interface WizardResult {
  /** As stored in settings: TLS paths relative to the workspace folder when they are inside it. */
  profile: ClusterProfile;
  /** Only when the user chose SecretStorage; never written to settings. */
  password?: string;
  scope: ProfileScope;
}

const TOTAL = 7;
const title = (step: number) => `Add Redis Cluster Profile (${step}/${TOTAL})`;

function workspaceDir(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Team-shareable paths: relative to the workspace folder when inside it. */
export function settingsPath(file: string): string {
  const ws = workspaceDir();
  if (!ws) return file;
  const rel = path.relative(ws, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

async function pickFile(step: number, label: string): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: `${title(step)}: ${label}`,
    openLabel: `Use as ${label}`,
    canSelectMany: false,
    filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return uris?.[0] ? settingsPath(uris[0].fsPath) : undefined;
}

export async function runProfileWizard(existingNames: string[]): Promise<WizardResult | undefined> {
  const name = await vscode.window.showInputBox({
    title: title(1),
    prompt: 'Profile name (shown in the tree)',
    placeHolder: 'e.g. staging',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'Give the profile a name' : existingNames.includes(v.trim()) ? `A profile named "${v.trim()}" exists already` : undefined),
  });
  if (!name) return undefined;

  const seedText = await vscode.window.showInputBox({
    title: title(2),
    prompt: 'Seed nodes as host:port, separated by commas (the TLS port for TLS clusters). Several seeds survive one node being down.',
    placeHolder: '127.0.0.1:7100, 127.0.0.1:7101',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const parts = v.split(/[\s,]+/).filter(Boolean);
      if (!parts.length) return 'Give at least one host:port';
      for (const p of parts) {
        const hp = parseHostPort(p);
        if (typeof hp === 'string') return hp;
      }
      return undefined;
    },
  });
  if (!seedText) return undefined;
  const nodes = seedText.split(/[\s,]+/).filter(Boolean);

  const mode = await vscode.window.showQuickPick(
    [
      { label: 'TLS with a CA file', detail: 'Verify the servers against your CA (PEM)', id: 'ca' },
      { label: 'Mutual TLS', detail: 'CA file plus a client certificate and key', id: 'mtls' },
      { label: 'TLS with the system CAs', detail: 'Servers have publicly trusted certificates', id: 'system' },
      { label: 'No TLS', detail: 'Plain TCP: passwords and data travel unencrypted', id: 'plain' },
    ],
    { title: title(3), placeHolder: 'How do the nodes speak?', ignoreFocusOut: true },
  );
  if (!mode) return undefined;
  let tls: TlsOptions | undefined;
  if (mode.id !== 'plain') {
    tls = {};
    if (mode.id === 'ca' || mode.id === 'mtls') {
      tls.ca = await pickFile(4, 'CA certificate');
      if (!tls.ca) return undefined;
    }
    if (mode.id === 'mtls') {
      tls.cert = await pickFile(4, 'client certificate');
      if (!tls.cert) return undefined;
      tls.key = await pickFile(4, 'client key');
      if (!tls.key) return undefined;
    }
    const servername = await vscode.window.showInputBox({
      title: title(4),
      prompt: 'TLS server name to verify (optional): needed when the certificate names a host, e.g. localhost, and the seeds are IP addresses',
      placeHolder: 'leave empty to check the seed addresses',
      ignoreFocusOut: true,
    });
    if (servername === undefined) return undefined;
    if (servername.trim()) tls.servername = servername.trim();
  }

  const username = await vscode.window.showInputBox({ title: title(5), prompt: 'ACL user name (optional; empty for the default user)', ignoreFocusOut: true });
  if (username === undefined) return undefined;

  const source = await vscode.window.showQuickPick(
    [
      { label: 'Store a password in SecretStorage', detail: 'Kept by VS Code, never in settings', id: 'secret' },
      { label: 'Read it from an environment variable', detail: 'The profile records the variable name only', id: 'env' },
      { label: 'No password', id: 'none' },
    ],
    { title: title(6), placeHolder: 'Password', ignoreFocusOut: true },
  );
  if (!source) return undefined;
  let password: string | undefined;
  let passwordEnv: string | undefined;
  if (source.id === 'secret') {
    password = await vscode.window.showInputBox({ title: title(6), prompt: 'Password', password: true, ignoreFocusOut: true });
    if (password === undefined) return undefined;
  } else if (source.id === 'env') {
    passwordEnv = await vscode.window.showInputBox({
      title: title(6),
      prompt: 'Environment variable that holds the password',
      value: 'REDIS_PASSWORD',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'Not a valid variable name'),
    });
    if (!passwordEnv) return undefined;
  }

  let scope: ProfileScope = 'user';
  if (workspaceDir()) {
    const where = await vscode.window.showQuickPick(
      [
        { label: 'Workspace settings', detail: 'Shared with the team when .vscode/settings.json is committed', id: 'workspace' as const },
        { label: 'User settings', detail: 'Only on this machine', id: 'user' as const },
      ],
      { title: title(7), placeHolder: 'Save the profile in', ignoreFocusOut: true },
    );
    if (!where) return undefined;
    scope = where.id;
  }

  const profile: ClusterProfile = { name: name.trim(), nodes };
  if (username.trim()) profile.username = username.trim();
  if (passwordEnv) profile.passwordEnv = passwordEnv;
  if (tls) profile.tls = tls;
  return { profile, password: password || undefined, scope };
}
