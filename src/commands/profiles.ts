// Profile commands: add (wizard, tested before saving), edit, remove, set password, connect, disconnect,
// copy connection settings. Passwords only ever go to SecretStorage.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { storePasswordsFromEnv } from '../core/connection/javaStores';
import { type ClusterProfile, ProfileError, resolveProfilePaths, validateProfile } from '../core/profiles/profile';
import { ClusterSession } from '../core/connection/session';
import { type Topology, discoverTopology } from '../core/topology/topology';
import type { Services } from '../services';
import { profileId } from '../core/profiles/profileRef';
import type { ProfileScope } from '../services/profileStore';
import { SNIPPET_KINDS, connectionSnippet } from './connectionSnippets';
import { pickProfile } from '../ui/pick';
import { type WizardResult, runProfileWizard } from './profileWizard';
import type { CommandHandler } from './types';

/** Scripted Add Profile (tests, other extensions): skips the prompts but still tests the connection. */
interface AddProfileArg {
  profile: unknown;
  scope?: ProfileScope;
  /** Environment variable to read a password from, for storing in SecretStorage. */
  passwordFromEnv?: string;
}

function isAddArg(arg: unknown): arg is AddProfileArg {
  return typeof arg === 'object' && arg !== null && 'profile' in arg && typeof arg.profile === 'object';
}

function baseDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/** Connects with the unsaved profile and reads its topology; the error says what failed and how to fix it. */
async function testConnection(profile: ClusterProfile, password: string | undefined): Promise<Topology> {
  const session = new ClusterSession(resolveProfilePaths(profile, baseDir()), {
    password,
    storePasswords: storePasswordsFromEnv(profile.tls),
  });
  try {
    return await discoverTopology(session);
  } finally {
    await session.close();
  }
}

async function addProfile(s: Services, arg: unknown): Promise<string | undefined> {
  let result: WizardResult | undefined;
  const names = s.profiles.list().map((e) => e.name);
  if (isAddArg(arg)) {
    const profile = validateProfile(arg.profile, 'Add Profile argument');
    const scope = arg.scope ?? 'workspace';
    // Scope plus name is the identity: a workspace profile may share a user profile's name, never its secret.
    if (s.profiles.list().some((e) => e.scope === scope && e.name === profile.name)) {
      throw new Error(l10n.t('A {0} profile named "{1}" exists already', scope, profile.name));
    }
    result = { profile, scope, password: arg.passwordFromEnv ? process.env[arg.passwordFromEnv] : undefined };
  } else result = await runProfileWizard(names);
  if (!result) return undefined;
  const { profile, password, scope } = result;
  const envPassword = profile.passwordEnv ? process.env[profile.passwordEnv] : undefined;
  s.log.addSecret(password);
  try {
    const t = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Testing connection to {0}…', profile.nodes.join(', ')) },
      () => testConnection(profile, password ?? envPassword),
    );
    s.log.info(`profile "${profile.name}": test connection ok (${t.nodes.length} nodes, cluster_state:${t.info.state})`);
  } catch (e) {
    const msg = e instanceof ProfileError ? e.message : errorText(e);
    s.log.error(`profile "${profile.name}": test connection failed: ${msg}`);
    if (isAddArg(arg)) throw e instanceof Error ? e : new Error(msg);
    const saveAnyway = l10n.t('Save Anyway');
    const answer = await vscode.window.showErrorMessage(l10n.t('Connection test failed: {0}', msg), { modal: true }, saveAnyway);
    if (answer !== saveAnyway) return undefined;
  }
  await s.profiles.save(profile, scope);
  const id = profileId(scope, profile.name);
  if (password) await s.profiles.setPassword(id, password);
  s.log.info(`profile "${profile.name}" saved in ${scope} settings`);
  void s.connections.connect(id).then(() => s.connections.setActive(id));
  return profile.name;
}

async function editProfile(s: Services, arg: unknown): Promise<void> {
  const name = await pickProfile(s, arg);
  const entry = name ? s.profiles.get(name) : undefined;
  if (!entry) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'redisCluster.profiles');
    return;
  }
  await vscode.commands.executeCommand(
    entry.scope === 'workspace' ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson',
  );
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const escaped = entry.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '\\\\"');
  const m = new RegExp(`"name"\\s*:\\s*"${escaped}"`).exec(editor.document.getText());
  if (!m) return;
  const start = editor.document.positionAt(m.index);
  const end = editor.document.positionAt(m.index + m[0].length);
  editor.selection = new vscode.Selection(start, end);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenter);
}

async function removeProfile(s: Services, arg: unknown): Promise<boolean> {
  const name = await pickProfile(s, arg);
  const entry = name ? s.profiles.get(name) : undefined;
  if (!entry) return false;
  const go = l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    l10n.t('Remove the Redis Cluster profile "{0}"?', entry.name),
    {
      modal: true,
      detail: l10n.t(
        'It is deleted from the {0} settings and its stored password from SecretStorage. The cluster itself is not touched.',
        entry.scope,
      ),
    },
    go,
  );
  if (answer !== go) return false;
  await s.connections.disconnect(entry.id);
  await s.profiles.remove(entry);
  s.log.info(`profile "${entry.name}" removed from ${entry.scope} settings`);
  return true;
}

async function setPassword(s: Services, arg: unknown): Promise<void> {
  const name = await pickProfile(s, arg);
  if (!name) return;
  const value = await vscode.window.showInputBox({
    title: l10n.t('Password for Redis Cluster "{0}"', s.profiles.label(name)),
    prompt: l10n.t('Stored in VS Code SecretStorage, never in settings. Leave empty to delete the stored password.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  await s.profiles.setPassword(name, value || undefined);
  s.log.info(`profile "${s.profiles.label(name)}": password ${value ? 'stored in' : 'removed from'} SecretStorage`);
  // A session keeps the password it was made with: reconnect so the new one is used.
  if (s.connections.get(name)) {
    await s.connections.disconnect(name);
    await s.connections.connect(name);
  }
}

async function connect(s: Services, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  const conn = await s.connections.connect(name);
  s.connections.setActive(name);
  if (conn.error?.kind === 'untrusted') offerWorkspaceTrust(conn.error.message);
  return conn.state;
}

/** Restricted Mode: a workspace profile connects only once the user trusts the workspace. */
export function offerWorkspaceTrust(message: string): void {
  const manage = l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(message, manage).then((a) => {
    if (a === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

async function copyConnectionSettings(s: Services, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!profile) return undefined;
  const requested = typeof arg === 'object' && arg !== null && 'kind' in arg ? SNIPPET_KINDS.find((k) => k.id === arg.kind) : undefined;
  const picked =
    requested ??
    (await vscode.window.showQuickPick(
      SNIPPET_KINDS.map((k) => ({ label: k.label, description: k.detail, id: k.id, language: k.language })),
      { title: l10n.t('Connection settings for "{0}"', profile.name), ignoreFocusOut: true },
    ));
  if (!picked) return undefined;
  const text = connectionSnippet(profile, picked.id);
  await vscode.env.clipboard.writeText(text);
  if (!requested) {
    void vscode.window
      .showInformationMessage(
        l10n.t('{0} copied. The password is read from the environment, never included.', picked.label),
        l10n.t('Open in Editor'),
      )
      .then(async (a) => {
        if (a) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: picked.language }));
      });
  }
  return text;
}

export function profileCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.addProfile': (arg) => addProfile(s, arg),
    'redisCluster.editProfile': (arg) => editProfile(s, arg),
    'redisCluster.removeProfile': (arg) => removeProfile(s, arg),
    'redisCluster.setPassword': (arg) => setPassword(s, arg),
    'redisCluster.connect': (arg) => connect(s, arg),
    'redisCluster.disconnect': async (arg) => {
      const name = await pickProfile(s, arg);
      if (name) await s.connections.disconnect(name);
    },
    'redisCluster.copyConnectionSettings': (arg) => copyConnectionSettings(s, arg),
  };
}
