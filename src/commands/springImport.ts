// "Import Profile from Spring Boot Config": finds application*.yml|yaml|properties, reads it with the core importer,
// shows the resulting profile, and saves it after confirmation. Literal passwords from the file are offered for
// SecretStorage, never written to settings. Also keeps the welcome view's context key up to date.
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { isSpringConfigName } from '../core/spring/config';
import { type SpringImportResult, SpringImportError, importSpringConfig, projectRootOf } from '../core/spring/import';
import { askPlaceholders, pickSpringProfiles } from '../ui/springQuestions';
import type { Services } from '../services';
import type { ProfileScope } from '../services/profileStore';
import type { CommandHandler } from './types';

const GLOB = '**/application*.{yml,yaml,properties}';
const EXCLUDE = '**/{node_modules,target,build,out,.git,.gradle}/**';
export const SPRING_CONTEXT_KEY = 'redisCluster.springConfigFound';

/** Scripted use (tests): the file, the scope, and answers to the questions. */
interface ImportArg {
  file: string;
  scope?: ProfileScope;
  confirm?: boolean;
  storeSecrets?: boolean;
  /** Active Spring profiles (skips the pick). */
  springProfiles?: string[];
  /** Values for placeholders without a default (skips the questions). */
  values?: Record<string, string>;
}

function isImportArg(arg: unknown): arg is ImportArg {
  return typeof arg === 'object' && arg !== null && 'file' in arg && typeof arg.file === 'string';
}

async function springFiles(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(GLOB, EXCLUDE, 200);
  return found.filter((u) => isSpringConfigName(path.basename(u.fsPath))).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

async function pickFile(): Promise<string | undefined> {
  const files = await springFiles();
  if (!files.length) {
    void vscode.window.showInformationMessage(
      l10n.t('No application*.yml, application*.yaml or application*.properties file in this workspace.'),
    );
    return undefined;
  }
  if (files.length === 1) return files[0].fsPath;
  const picked = await vscode.window.showQuickPick(
    files.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), file: u.fsPath })),
    { title: l10n.t('Import Profile from Spring Boot Config'), placeHolder: l10n.t('Pick the Spring Boot settings file') },
  );
  return picked?.file;
}

/** The profile as the user will see it in settings, with the importer's notes as comments. */
export function previewText(r: SpringImportResult): string {
  const found = Object.entries(r.secrets)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const lines = [
    `// Redis Cluster profile imported from ${r.file} (Spring Boot ${r.boot})`,
    '// It is saved to redisCluster.profiles only after you confirm.',
  ];
  for (const n of r.notes) lines.push(`// note: ${n}`);
  if (found.length)
    lines.push(`// literal secrets in the file (${found.join(', ')}) are not in this profile; you can store them in SecretStorage.`);
  return `${lines.join('\n')}\n${JSON.stringify(r.profile, null, 2)}\n`;
}

async function importProfile(s: Services, arg: unknown): Promise<string | undefined> {
  const scripted = isImportArg(arg) ? arg : undefined;
  const file = scripted?.file ?? (await pickFile());
  if (!file) return undefined;
  const baseDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let r: SpringImportResult;
  try {
    // Scripted use gives its profiles (or none: the file's own spring.profiles.active) and is never asked.
    const springProfiles = scripted ? scripted.springProfiles : await pickSpringProfiles(file);
    if (springProfiles === null) return undefined;
    const values = { ...scripted?.values };
    try {
      r = importSpringConfig(file, { baseDir, springProfiles, values });
    } catch (e) {
      if (!(e instanceof SpringImportError) || !e.missing.length || scripted) throw e;
      const answers = await askPlaceholders(e.missing, [baseDir, projectRootOf(file)]);
      if (!answers) return undefined;
      r = importSpringConfig(file, { baseDir, springProfiles, values: { ...values, ...answers } });
    }
  } catch (e) {
    s.log.error(`import from ${file}: ${errorText(e)}`);
    void vscode.window.showErrorMessage(errorText(e));
    if (scripted) throw e;
    return undefined;
  }
  for (const v of Object.values(r.secrets)) s.log.addSecret(v);
  const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: previewText(r) });
  await vscode.window.showTextDocument(doc, { preview: true });
  const exists = s.profiles.get(r.profile.name);
  const save = l10n.t('Save Profile');
  const ok =
    scripted?.confirm ??
    (await vscode.window.showInformationMessage(
      r.profile.nodes.length === 1
        ? l10n.t('Save profile "{0}" ({1} seed) to the workspace settings?', r.profile.name, r.profile.nodes.length)
        : l10n.t('Save profile "{0}" ({1} seeds) to the workspace settings?', r.profile.name, r.profile.nodes.length),
      {
        modal: true,
        detail: exists ? l10n.t('A profile with this name exists and will be replaced.') : l10n.t('The profile is shown in the editor.'),
      },
      save,
    )) === save;
  if (!ok) return undefined;
  await s.profiles.save(r.profile, scripted?.scope ?? 'workspace');
  const secrets = Object.entries(r.secrets).filter((e): e is [string, string] => e[1] !== undefined);
  if (secrets.length) {
    const storeB = l10n.t('Store in SecretStorage');
    const keys = secrets.map(([k]) => k).join(', ');
    const store =
      scripted?.storeSecrets ??
      (await vscode.window.showInformationMessage(
        secrets.length === 1
          ? l10n.t('The file holds a literal password ({0}). Store it in SecretStorage for this profile?', keys)
          : l10n.t('The file holds literal passwords ({0}). Store them in SecretStorage for this profile?', keys),
        { modal: true, detail: l10n.t('They are never written to settings.') },
        storeB,
      )) === storeB;
    if (store) {
      for (const [k, v] of secrets) {
        if (k === 'password') await s.profiles.setPassword(r.profile.name, v);
        else await s.profiles.setStorePassword(r.profile.name, k === 'pfx' ? 'pfx' : 'trustStore', v);
      }
    }
  }
  s.log.info(`profile "${r.profile.name}" imported from ${file}`);
  void s.connections.connect(r.profile.name).then(() => s.connections.setActive(r.profile.name));
  return r.profile.name;
}

/** The welcome view offers the import only when the workspace has a Spring Boot settings file. */
function watchSpringFiles(s: Services): void {
  const update = () =>
    springFiles().then(
      (f) => vscode.commands.executeCommand('setContext', SPRING_CONTEXT_KEY, f.length > 0),
      () => undefined,
    );
  const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  watcher.onDidCreate(update);
  watcher.onDidDelete(update);
  s.context.subscriptions.push(watcher, vscode.workspace.onDidChangeWorkspaceFolders(update));
  void update();
}

export function springImportCommands(s: Services): Record<string, CommandHandler> {
  watchSpringFiles(s);
  return {
    'redisCluster.importSpringProfile': (arg) => importProfile(s, arg),
  };
}
