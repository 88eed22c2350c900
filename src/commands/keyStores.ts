// Key store commands: the passwords of a profile's tls.pfx / tls.trustStore (SecretStorage only).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickProfile } from './pick';
import type { CommandHandler } from './registry';

async function setStorePassword(s: Services, arg: unknown): Promise<void> {
  const name = await pickProfile(s, arg);
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!name || !profile) return;
  const tls = profile.tls || {};
  const stores = [
    ...(tls.pfx ? [{ label: 'Key store (tls.pfx)', description: tls.pfx, store: 'pfx' as const }] : []),
    ...(tls.trustStore ? [{ label: 'Trust store (tls.trustStore)', description: tls.trustStore, store: 'trustStore' as const }] : []),
  ];
  if (!stores.length) {
    void vscode.window.showInformationMessage(`Profile "${name}" has no tls.pfx or tls.trustStore.`);
    return;
  }
  const picked = stores.length === 1 ? stores[0] : await vscode.window.showQuickPick(stores, { title: `Key store password for "${name}"` });
  if (!picked) return;
  const value = await vscode.window.showInputBox({
    title: `${picked.label} password for "${name}"`,
    prompt: 'Stored in VS Code SecretStorage, never in settings. Leave empty to delete it.',
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

export function keyStoreCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.setStorePassword': (arg) => setStorePassword(s, arg),
  };
}
