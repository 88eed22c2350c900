// What a profile's SSH bastion needs beyond the profile: the key's passphrase (SecretStorage first, then the
// ssh.passphraseEnv variable, which a workspace profile may use only once the user allowed it) and the host key
// the user accepted for this profile when known_hosts did not list the bastion. Both live beside the profile's
// password, under the same owner key, and go when the profile is removed.
import * as vscode from 'vscode';
import type { SshSecrets } from '../core/connection/ssh/tunnel';
import { type SshBastion, bastionLabel } from '../core/connection/ssh/sshProfile';
import type { ClusterProfile } from '../core/profiles/profile';
import type { EnvConsents } from './envConsent';
import type { Log } from './log';

/** The modal's accept button, in English (what tests answer with); shown through vscode.l10n.t. */
export const TRUST_HOST_KEY = 'Trust and Connect';

const passphraseKey = (owner: string) => `${owner}.ssh.passphrase`;
const hostKeyKey = (owner: string) => `${owner}.ssh.hostKey`;

interface Remembered {
  bastion: string;
  fingerprint: string;
}

function isRemembered(v: unknown): v is Remembered {
  return typeof v === 'object' && v !== null && 'bastion' in v && 'fingerprint' in v && typeof v.fingerprint === 'string';
}

export class SshSecretStore {
  /** One question per profile and bastion at a time, however many connects ask together. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly consents: EnvConsents,
    private readonly log: Log,
  ) {}

  /** `owner`: the profile's secret key (secretKeyOf); `userScope`: user profiles may read their variable unasked. */
  async secretsFor(owner: string, profile: ClusterProfile & { ssh: SshBastion }, userScope: boolean): Promise<SshSecrets> {
    const ssh = profile.ssh;
    let passphrase = await this.secrets.get(passphraseKey(owner));
    const variable = ssh.passphraseEnv;
    if (passphrase === undefined && variable && process.env[variable] !== undefined) {
      if (userScope || (await this.consents.allowed(profile, variable))) passphrase = process.env[variable];
      else this.log.info(`"${profile.name}": $${variable} not used (not allowed for this workspace); use Set SSH Key Passphrase`);
    }
    this.log.addSecret(passphrase);
    const bastion = bastionLabel(ssh);
    const stored = await this.remembered(owner);
    return {
      passphrase,
      // A key accepted for another bastion (the profile was edited since) does not apply.
      acceptedHostKey: stored?.bastion === bastion ? stored.fingerprint : undefined,
      confirmHostKey: (q) => this.confirm(owner, profile.name, q),
    };
  }

  async setPassphrase(owner: string, value: string | undefined): Promise<void> {
    if (value) {
      this.log.addSecret(value);
      await this.secrets.store(passphraseKey(owner), value);
    } else await this.secrets.delete(passphraseKey(owner));
  }

  /** The host key accepted for this profile, if any (shown before forgetting it). */
  async remembered(owner: string): Promise<Remembered | undefined> {
    const raw = await this.secrets.get(hostKeyKey(owner));
    if (!raw) return undefined;
    try {
      const v: unknown = JSON.parse(raw);
      return isRemembered(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  async forgetHostKey(owner: string): Promise<void> {
    await this.secrets.delete(hostKeyKey(owner));
  }

  async forgetAll(owner: string): Promise<void> {
    await this.secrets.delete(passphraseKey(owner));
    await this.secrets.delete(hostKeyKey(owner));
  }

  private confirm(owner: string, profileName: string, q: { bastion: string; fingerprint: string; keyType: string }): Promise<boolean> {
    const id = `${owner}|${q.bastion}|${q.fingerprint}`;
    const inflight = this.asking.get(id);
    if (inflight) return inflight;
    const asked = this.ask(owner, profileName, q).finally(() => this.asking.delete(id));
    this.asking.set(id, asked);
    return asked;
  }

  private async ask(owner: string, profileName: string, q: { bastion: string; fingerprint: string; keyType: string }): Promise<boolean> {
    const trust = vscode.l10n.t('Trust and Connect');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('The SSH bastion {0} of profile "{1}" is not in known_hosts.', q.bastion, profileName),
      {
        modal: true,
        detail:
          `${vscode.l10n.t('Its {0} host key fingerprint is {1}.', q.keyType, q.fingerprint)} ` +
          `${vscode.l10n.t("Connect only if the bastion's administrator gives you this fingerprint (ssh-keygen -lf on its host key).")} ` +
          vscode.l10n.t('The key is remembered for this profile; a different key later is refused.'),
      },
      trust,
    );
    if (answer !== trust) {
      this.log.info(`"${profileName}": host key ${q.fingerprint} of ${q.bastion} not accepted`);
      return false;
    }
    await this.secrets.store(hostKeyKey(owner), JSON.stringify({ bastion: q.bastion, fingerprint: q.fingerprint } satisfies Remembered));
    this.log.info(`"${profileName}": host key ${q.fingerprint} of ${q.bastion} accepted and remembered for this profile`);
    return true;
  }
}
