// Key store commands: the passwords of a profile's tls.pfx / tls.trustStore (SecretStorage only), and PKCS#12
// stores exported from the profile's PEM files for a Java app.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { exportJavaStores } from '../core/connection/javaStoreExport';
import type { Services } from '../services';
import { pickProfile } from '../ui/pick';
import type { CommandHandler } from './types';

async function setStorePassword(s: Services, arg: unknown): Promise<void> {
  const name = await pickProfile(s, arg);
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!name || !profile) return;
  const tls = profile.tls || {};
  const stores = [
    ...(tls.pfx ? [{ label: l10n.t('Key store (tls.pfx)'), description: tls.pfx, store: 'pfx' as const }] : []),
    ...(tls.trustStore
      ? [{ label: l10n.t('Trust store (tls.trustStore)'), description: tls.trustStore, store: 'trustStore' as const }]
      : []),
  ];
  if (!stores.length) {
    void vscode.window.showInformationMessage(l10n.t('Profile "{0}" has no tls.pfx or tls.trustStore.', s.profiles.label(name)));
    return;
  }
  const picked =
    stores.length === 1
      ? stores[0]
      : await vscode.window.showQuickPick(stores, { title: l10n.t('Key store password for "{0}"', s.profiles.label(name)) });
  if (!picked) return;
  const value = await vscode.window.showInputBox({
    title: l10n.t('{0} password for "{1}"', picked.label, s.profiles.label(name)),
    prompt: l10n.t('Stored in VS Code SecretStorage, never in settings. Leave empty to delete it.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  await s.profiles.setStorePassword(name, picked.store, value || undefined);
  s.log.info(`profile "${name}": ${picked.store} password ${value ? 'stored in' : 'removed from'} SecretStorage`);
  if (s.connections.get(name)) {
    await s.connections.disconnect(name);
    await s.connections.connect(name);
  }
}

/** Scripted use (tests): where to write and the store password. */
interface ExportArg {
  profile: string;
  dir: string;
  password: string;
}

function isExportArg(arg: unknown): arg is ExportArg {
  return typeof arg === 'object' && arg !== null && 'dir' in arg && 'password' in arg && 'profile' in arg;
}

async function exportStores(s: Services, arg: unknown): Promise<string[] | undefined> {
  const scripted = isExportArg(arg) ? arg : undefined;
  const name = scripted?.profile ?? (await pickProfile(s, arg));
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!name || !profile) return undefined;
  const tls = profile.tls || {};
  if (!tls.ca) {
    void vscode.window.showErrorMessage(
      tls.trustStore
        ? l10n.t('Profile "{0}" has no tls.ca PEM file to export (it already uses a Java trust store).', s.profiles.label(name))
        : l10n.t('Profile "{0}" has no tls.ca PEM file to export.', s.profiles.label(name)),
    );
    return undefined;
  }
  let dir = scripted?.dir;
  if (!dir) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: l10n.t('Export Here'),
      title: l10n.t('Export Java key stores for "{0}"', s.profiles.label(name)),
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    dir = picked?.[0]?.fsPath;
  }
  if (!dir) return undefined;
  const password =
    scripted?.password ??
    (await vscode.window.showInputBox({
      title: l10n.t('Password for the exported stores'),
      prompt: l10n.t("At least 6 characters (keytool's rule). Not saved anywhere: give it to the app through an environment variable."),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.length < 6 ? l10n.t('At least 6 characters') : undefined),
    }));
  if (!password) return undefined;
  s.log.addSecret(password);
  try {
    const out = exportJavaStores(tls, dir, password);
    const files = [out.trustStore, ...(out.keyStore ? [out.keyStore] : [])];
    s.log.info(`profile "${name}": exported ${files.join(', ')}`);
    const exported = l10n.t('Exported {0} (PKCS#12).', files.map((f) => vscode.workspace.asRelativePath(f)).join(' and '));
    void vscode.window.showInformationMessage(
      `${exported} ${l10n.t(
        'Spring Boot 3: spring.ssl.bundle.jks.<name>.truststore/keystore with type PKCS12; Boot 2: -Djavax.net.ssl.trustStore/keyStore.',
      )}`,
    );
    return files;
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Export failed: {0}', errorText(e)));
    return undefined;
  }
}

export function keyStoreCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.setStorePassword': (arg) => setStorePassword(s, arg),
    'redisCluster.exportJavaStores': (arg) => exportStores(s, arg),
  };
}
