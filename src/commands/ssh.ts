// SSH bastion commands: the private key's passphrase (SecretStorage only) and the host key accepted for a profile
// when known_hosts does not list its bastion. Both reconnect a connected profile, so the change applies at once.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickProfile } from '../ui/pick';
import type { CommandHandler } from './types';

/** The profile (id) when it has a bastion; tells the user otherwise. */
async function pickSshProfile(s: Services, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!name || !profile) return undefined;
  if (!profile.ssh) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" has no SSH bastion ("ssh").', profile.name));
    return undefined;
  }
  return name;
}

async function reconnect(s: Services, name: string): Promise<void> {
  if (!s.connections.get(name)) return;
  await s.connections.disconnect(name);
  await s.connections.connect(name);
}

async function setSshPassphrase(s: Services, arg: unknown): Promise<void> {
  const name = await pickSshProfile(s, arg);
  const ssh = name ? s.profiles.sshStore(name) : undefined;
  if (!name || !ssh) return;
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('SSH key passphrase for "{0}"', name),
    prompt: vscode.l10n.t('Stored in VS Code SecretStorage, never in settings. Leave empty to delete it.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  await ssh.store.setPassphrase(ssh.owner, value || undefined);
  s.log.info(`profile "${name}": SSH key passphrase ${value ? 'stored in' : 'removed from'} SecretStorage`);
  await reconnect(s, name);
}

async function forgetSshHostKey(s: Services, arg: unknown): Promise<void> {
  const name = await pickSshProfile(s, arg);
  const ssh = name ? s.profiles.sshStore(name) : undefined;
  if (!name || !ssh) return;
  const remembered = await ssh.store.remembered(ssh.owner);
  if (!remembered) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Profile "{0}" has no accepted SSH host key (known_hosts decides).', name));
    return;
  }
  const forget = vscode.l10n.t('Forget');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Forget the host key {0} accepted for {1}?', remembered.fingerprint, remembered.bastion),
    { modal: true, detail: vscode.l10n.t('The next connection asks again, showing the key the bastion presents then.') },
    forget,
  );
  if (answer !== forget) return;
  await ssh.store.forgetHostKey(ssh.owner);
  s.log.info(`profile "${name}": accepted SSH host key ${remembered.fingerprint} forgotten`);
  await reconnect(s, name);
}

export function sshCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.setSshPassphrase': (arg) => setSshPassphrase(s, arg),
    'redisCluster.forgetSshHostKey': (arg) => forgetSshHostKey(s, arg),
  };
}
