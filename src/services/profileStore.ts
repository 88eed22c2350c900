// Workspace and user profiles from the `redisCluster.profiles` setting, plus passwords in SecretStorage.
// Settings hold no secrets: a password comes from SecretStorage (per profile) or the profile's passwordEnv variable.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type StorePasswords, storePasswordsFromEnv } from '../core/keyStores';
import { type ClusterProfile, ProfileError, resolveProfilePaths, validateProfile } from '../core/profile';
import type { Log } from './log';

export type ProfileScope = 'workspace' | 'user';

export interface ProfileEntry {
  /** Stable key: the profile name (or a placeholder for an unnamed invalid entry). */
  name: string;
  scope: ProfileScope;
  index: number;
  profile?: ClusterProfile;
  error?: string;
}

const SECTION = 'redisCluster';
const secretKey = (name: string) => `redisCluster.password.${name}`;
const storeSecretKey = (name: string, store: keyof StorePasswords) => `redisCluster.storePassword.${store}.${name}`;

export class ProfileStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.profiles`)) this.changed.fire();
    });
  }

  private baseDir(): string {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  }

  list(): ProfileEntry[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('profiles');
    const out: ProfileEntry[] = [];
    const add = (items: unknown, scope: ProfileScope) => {
      if (!Array.isArray(items)) return;
      items.forEach((raw, index) => {
        const rawName = typeof raw === 'object' && raw && 'name' in raw && typeof raw.name === 'string' ? raw.name : `(profile #${index + 1})`;
        try {
          const profile = resolveProfilePaths(validateProfile(raw, `${scope} setting redisCluster.profiles[${index}]`), this.baseDir());
          out.push({ name: profile.name, scope, index, profile });
        } catch (e) {
          out.push({ name: rawName, scope, index, error: e instanceof ProfileError ? e.message : String(e) });
        }
      });
    };
    add(inspected?.workspaceValue ?? inspected?.workspaceFolderValue, 'workspace');
    add(inspected?.globalValue, 'user');
    return out;
  }

  get(name: string): ProfileEntry | undefined {
    return this.list().find((p) => p.name === name);
  }

  async password(profile: ClusterProfile): Promise<string | undefined> {
    const stored = await this.secrets.get(secretKey(profile.name));
    const pw = stored ?? (profile.passwordEnv ? process.env[profile.passwordEnv] : undefined);
    this.log.addSecret(pw);
    return pw;
  }

  /** Key store passwords: SecretStorage first, then the profile's ...PasswordEnv variables. */
  async storePasswords(profile: ClusterProfile): Promise<StorePasswords> {
    const env = storePasswordsFromEnv(profile.tls);
    const out: StorePasswords = {
      pfx: (await this.secrets.get(storeSecretKey(profile.name, 'pfx'))) ?? env.pfx,
      trustStore: (await this.secrets.get(storeSecretKey(profile.name, 'trustStore'))) ?? env.trustStore,
    };
    this.log.addSecret(out.pfx);
    this.log.addSecret(out.trustStore);
    return out;
  }

  async setStorePassword(name: string, store: keyof StorePasswords, password: string | undefined): Promise<void> {
    if (password) {
      this.log.addSecret(password);
      await this.secrets.store(storeSecretKey(name, store), password);
    } else await this.secrets.delete(storeSecretKey(name, store));
    this.changed.fire();
  }

  async setPassword(name: string, password: string | undefined): Promise<void> {
    if (password) {
      this.log.addSecret(password);
      await this.secrets.store(secretKey(name), password);
    } else await this.secrets.delete(secretKey(name));
    this.changed.fire();
  }

  /** Adds or replaces a profile in the given scope's settings. The object must hold no secret. */
  async save(profile: ClusterProfile, scope: ProfileScope): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspected = config.inspect<ClusterProfile[]>('profiles');
    const current = [...((scope === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [])];
    const i = current.findIndex((p) => p.name === profile.name);
    if (i >= 0) current[i] = profile;
    else current.push(profile);
    await config.update('profiles', current, scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }

  async remove(entry: ProfileEntry): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspected = config.inspect<unknown[]>('profiles');
    const current = [...((entry.scope === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [])];
    current.splice(entry.index, 1);
    await config.update('profiles', current, entry.scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    await this.secrets.delete(secretKey(entry.name));
    await this.secrets.delete(storeSecretKey(entry.name, 'pfx'));
    await this.secrets.delete(storeSecretKey(entry.name, 'trustStore'));
  }

  /** Relative TLS paths in settings resolve against the first workspace folder. */
  resolvePath(p: string): string {
    return path.isAbsolute(p) ? p : path.resolve(this.baseDir(), p);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
