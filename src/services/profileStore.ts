// Workspace and user profiles from the `redisCluster.profiles` setting, plus passwords in SecretStorage.
// Settings hold no secrets: a password comes from SecretStorage (per profile identity) or the profile's passwordEnv.
// Every connect goes through usable() and password(): they are the one gate of Restricted Mode (a workspace
// profile is listed, but none of its nodes, variables or files is used until the workspace is trusted).
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
// The ESM build: the UMD one (package main) requires its parts at run time, which a bundle cannot follow.
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';
import { type StorePasswords, storePasswordsFromEnv } from '../core/connection/javaStores';
import { ClusterConnectionError } from '../core/common/errors';
import { type ClusterProfile, ProfileError, resolveProfilePaths, validateProfile } from '../core/profiles/profile';
import {
  AmbiguousProfileError,
  type ProfileScope,
  legacySecretKey,
  legacySecretOwner,
  profileId,
  resolveProfileRef,
  secretKeyOf,
  workspaceKeyOf,
} from '../core/profiles/profileRef';
import { EnvConsents } from './envConsent';
import { SshSecretStore } from './sshSecrets';
import type { SshSecrets } from '../core/connection/ssh/tunnel';
import type { Log } from './log';

export type { ProfileScope } from '../core/profiles/profileRef';

export interface ProfileEntry {
  /** The key everywhere: `user:<name>` or `workspace:<name>`. */
  id: string;
  /** The profile name (or a placeholder for an unnamed invalid entry). */
  name: string;
  scope: ProfileScope;
  index: number;
  profile?: ClusterProfile;
  error?: string;
  /** Restricted Mode: known by name only (VS Code withholds the setting's value until the workspace is trusted). */
  restricted?: boolean;
}

export type UsableEntry = ProfileEntry & { profile: ClusterProfile };

const SECTION = 'redisCluster';
/** A key store password lives beside the profile's own password, under the same owner (scope, workspace, name). */
const storeSecretKey = (profileKey: string, store: keyof StorePasswords) => `${profileKey}.store.${store}`;

export class ProfileStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly consents: EnvConsents;
  private readonly ssh: SshSecretStore;
  /** Names of the workspace's profiles while it is untrusted, read from its settings files. */
  private restrictedNames: string[] = [];
  /** Legacy secrets move before any password is read. */
  readonly migrated: Promise<void>;
  /**
   * The parsed setting. list() runs on every tree render, status bar update and command, so it validates once per
   * change: the cache is dropped by the events below. This store is built first in activate(), so its listener runs
   * before any other listener of the same configuration event can ask for the list.
   */
  private cached: ProfileEntry[] | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
    workspaceState: vscode.Memento,
  ) {
    this.consents = new EnvConsents(workspaceState);
    this.ssh = new SshSecretStore(secrets, this.consents, log);
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.profiles`)) this.invalidate();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.restrictedNames = [];
        this.invalidate();
      }),
      // Relative TLS paths resolve against the first folder.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    ];
    if (!vscode.workspace.isTrusted) void this.loadRestrictedNames();
    this.migrated = this.migrateLegacySecrets().then(
      () => undefined,
      (e: unknown) => this.log.error(`moving stored passwords failed: ${String(e)}`),
    );
  }

  private baseDir(): string {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  }

  /** Which workspace owns workspace-profile secrets: its .code-workspace file, else its first folder. */
  workspaceKey(): string {
    const uri = vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    return workspaceKeyOf(uri?.toString() ?? 'no-workspace');
  }

  /** Drops the parsed setting and tells the views. */
  private invalidate(): void {
    this.cached = undefined;
    this.changed.fire();
  }

  /** Every profile, workspace ones first; a fresh array (the entries themselves are shared: do not change them). */
  list(): ProfileEntry[] {
    this.cached ??= this.read();
    return [...this.cached];
  }

  private read(): ProfileEntry[] {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('profiles');
    const out: ProfileEntry[] = [];
    const add = (items: unknown, scope: ProfileScope) => {
      if (!Array.isArray(items)) return;
      items.forEach((raw, index) => {
        const rawName =
          typeof raw === 'object' && raw && 'name' in raw && typeof raw.name === 'string' ? raw.name : `(profile #${index + 1})`;
        try {
          const profile = resolveProfilePaths(validateProfile(raw, `${scope} setting redisCluster.profiles[${index}]`), this.baseDir());
          out.push({ id: profileId(scope, profile.name), name: profile.name, scope, index, profile });
        } catch (e) {
          out.push({
            id: profileId(scope, rawName),
            name: rawName,
            scope,
            index,
            error: e instanceof ProfileError ? e.message : String(e),
          });
        }
      });
    };
    const workspaceValue = inspected?.workspaceValue ?? inspected?.workspaceFolderValue;
    if (vscode.workspace.isTrusted) add(workspaceValue, 'workspace');
    else {
      this.restrictedNames.forEach((name, index) =>
        out.push({ id: profileId('workspace', name), name, scope: 'workspace', index, restricted: true }),
      );
    }
    add(inspected?.globalValue, 'user');
    return out;
  }

  /** The profile an id or a bare unique name refers to. Throws when a bare name is shared by several profiles. */
  get(ref: string): ProfileEntry | undefined {
    return resolveProfileRef(this.list(), ref);
  }

  /** The id a reference resolves to, or the reference itself when it names no profile (or several). */
  idOf(ref: string): string {
    try {
      return this.get(ref)?.id ?? ref;
    } catch {
      return ref;
    }
  }

  /** How to show a profile: its name, plus its scope when another profile has the same name. */
  label(ref: string): string {
    const entries = this.list();
    const e = entries.find((x) => x.id === ref) ?? entries.find((x) => x.name === ref);
    if (!e) return ref;
    return entries.some((x) => x !== e && x.name === e.name) ? `${e.name} · ${e.scope}` : e.name;
  }

  /**
   * The gate every connect passes: a valid profile the user may use now. Throws a ClusterConnectionError saying
   * why not (unknown, ambiguous, invalid, or a workspace profile of an untrusted workspace).
   */
  usable(ref: string): UsableEntry {
    let entry: ProfileEntry | undefined;
    try {
      entry = this.get(ref);
    } catch (e) {
      if (e instanceof AmbiguousProfileError)
        throw new ClusterConnectionError('unknown', undefined, e.message, l10n.t('Pick the profile in the Clusters view'));
      throw e;
    }
    if (!entry)
      throw new ClusterConnectionError(
        'unknown',
        undefined,
        l10n.t('no profile named "{0}"', ref),
        l10n.t('Check redisCluster.profiles in settings'),
      );
    this.assertTrusted(entry);
    if (!entry.profile)
      throw new ClusterConnectionError(
        'unknown',
        undefined,
        entry.error ?? l10n.t('profile "{0}" is invalid', ref),
        l10n.t('Edit the profile in settings'),
      );
    return entry as UsableEntry;
  }

  private assertTrusted(entry: Pick<ProfileEntry, 'scope' | 'name' | 'restricted'>): void {
    if (entry.restricted || (entry.scope === 'workspace' && !vscode.workspace.isTrusted)) {
      throw new ClusterConnectionError(
        'untrusted',
        undefined,
        l10n.t('profile "{0}" comes from this workspace\'s settings, and the workspace is not trusted', entry.name),
        l10n.t('Trust the workspace (Manage Workspace Trust) to connect'),
      );
    }
  }

  private entryFor(ref: string | ProfileEntry | ClusterProfile): ProfileEntry | undefined {
    if (typeof ref === 'string') return this.get(ref);
    if ('scope' in ref && 'id' in ref) return ref;
    return this.get(ref.name);
  }

  /**
   * The password for a profile: its own stored one, else its passwordEnv variable (for a workspace profile only
   * once the user allowed that variable in this workspace). Never another profile's secret.
   */
  async password(ref: ProfileEntry | ClusterProfile): Promise<string | undefined> {
    await this.migrated;
    const entry = this.entryFor(ref);
    if (!entry) return undefined;
    this.assertTrusted(entry);
    const stored = await this.secrets.get(secretKeyOf(entry, this.workspaceKey()));
    let pw = stored;
    const profile = entry.profile ?? ('nodes' in ref ? ref : undefined);
    const variable = profile?.passwordEnv;
    if (pw === undefined && profile && variable && process.env[variable] !== undefined) {
      if (entry.scope === 'user' || (await this.consents.allowed(profile, variable))) pw = process.env[variable];
      else this.log.info(`"${entry.id}": $${variable} not sent (not allowed for this workspace); use Set Password`);
    }
    this.log.addSecret(pw);
    return pw;
  }

  /**
   * Everything that may be this profile's secret, only to mask it in output: stored passwords and the values of the
   * variables it names. Never asks (no consent prompt) and reads nothing of a workspace profile in Restricted Mode.
   */
  async secretsOf(ref: string): Promise<string[]> {
    await this.migrated;
    const entry = this.get(ref);
    if (!entry?.profile || entry.restricted) return [];
    const key = secretKeyOf(entry, this.workspaceKey());
    const env = storePasswordsFromEnv(entry.profile.tls);
    const variable = entry.profile.passwordEnv;
    const all = [
      await this.secrets.get(key),
      await this.secrets.get(storeSecretKey(key, 'pfx')),
      await this.secrets.get(storeSecretKey(key, 'trustStore')),
      variable ? process.env[variable] : undefined,
      env.pfx,
      env.trustStore,
    ];
    return all.filter((x): x is string => !!x);
  }

  /** Key store passwords: this profile's SecretStorage entries first, then its ...PasswordEnv variables. */
  async storePasswords(ref: string | ProfileEntry): Promise<StorePasswords> {
    await this.migrated;
    const entry = this.entryFor(ref);
    if (!entry?.profile) return {};
    this.assertTrusted(entry);
    const key = secretKeyOf(entry, this.workspaceKey());
    const env = storePasswordsFromEnv(entry.profile.tls);
    const out: StorePasswords = {
      pfx: (await this.secrets.get(storeSecretKey(key, 'pfx'))) ?? env.pfx,
      trustStore: (await this.secrets.get(storeSecretKey(key, 'trustStore'))) ?? env.trustStore,
    };
    this.log.addSecret(out.pfx);
    this.log.addSecret(out.trustStore);
    return out;
  }

  async setStorePassword(ref: string | ProfileEntry, store: keyof StorePasswords, password: string | undefined): Promise<void> {
    await this.migrated;
    const entry = this.entryFor(ref);
    if (!entry) throw new Error(`no profile named "${typeof ref === 'string' ? ref : ref.id}"`);
    const key = storeSecretKey(secretKeyOf(entry, this.workspaceKey()), store);
    if (password) {
      this.log.addSecret(password);
      await this.secrets.store(key, password);
    } else await this.secrets.delete(key);
    this.changed.fire();
  }

  /** Passphrase, accepted host key and the unknown-host question for a profile's SSH bastion (none without one). */
  async sshSecrets(ref: ProfileEntry): Promise<SshSecrets | undefined> {
    await this.migrated;
    const entry = this.entryFor(ref);
    const profile = entry?.profile;
    if (!entry || !profile?.ssh) return undefined;
    this.assertTrusted(entry);
    return this.ssh.secretsFor(secretKeyOf(entry, this.workspaceKey()), { ...profile, ssh: profile.ssh }, entry.scope === 'user');
  }

  /** The SSH side of a profile's secrets: set the passphrase, see or forget the accepted host key. */
  sshStore(ref: string | ProfileEntry): { store: SshSecretStore; owner: string } | undefined {
    const entry = this.entryFor(ref);
    return entry ? { store: this.ssh, owner: secretKeyOf(entry, this.workspaceKey()) } : undefined;
  }

  async setPassword(ref: string | ProfileEntry, password: string | undefined): Promise<void> {
    await this.migrated;
    const entry = this.entryFor(ref);
    if (!entry) throw new Error(`no profile named "${typeof ref === 'string' ? ref : ref.id}"`);
    const key = secretKeyOf(entry, this.workspaceKey());
    if (password) {
      this.log.addSecret(password);
      await this.secrets.store(key, password);
    } else await this.secrets.delete(key);
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
    await config.update(
      'profiles',
      current,
      scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
    );
    this.cached = undefined; // in case the configuration event comes later than the write
  }

  async remove(entry: ProfileEntry): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const inspected = config.inspect<unknown[]>('profiles');
    const current = [...((entry.scope === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue) ?? [])];
    current.splice(entry.index, 1);
    await config.update(
      'profiles',
      current,
      entry.scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
    );
    this.cached = undefined;
    const key = secretKeyOf(entry, this.workspaceKey());
    for (const k of [key, storeSecretKey(key, 'pfx'), storeSecretKey(key, 'trustStore')]) await this.secrets.delete(k);
    await this.ssh.forgetAll(key);
  }

  /**
   * Passwords stored before secrets had an owner (`redisCluster.password.<name>`) move to the user profile of that
   * name, else to the only profile of that name. Without an owner the old key stays, so nothing is lost; a moved
   * key is deleted, so each secret moves once. Runs at activation, before any password is read.
   */
  async migrateLegacySecrets(): Promise<number> {
    const entries = this.list().filter((e) => !e.restricted);
    let moved = 0;
    for (const name of new Set(entries.map((e) => e.name))) {
      const old = await this.secrets.get(legacySecretKey(name));
      if (old === undefined) continue;
      const owner = legacySecretOwner(entries, name);
      if (!owner) {
        this.log.info(`a stored password for "${name}" is kept under its old key: no single profile owns it`);
        continue;
      }
      const key = secretKeyOf(owner, this.workspaceKey());
      if ((await this.secrets.get(key)) === undefined) await this.secrets.store(key, old);
      await this.secrets.delete(legacySecretKey(name));
      this.log.info(`moved the stored password of "${name}" to ${owner.id}`);
      moved++;
    }
    return moved;
  }

  /**
   * Restricted Mode hides the workspace's value of redisCluster.profiles. Their names are read from the settings
   * files so the tree can list them (and say why they do not connect); nothing else of them is kept.
   */
  private async loadRestrictedNames(): Promise<void> {
    const files = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
      uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
      nested: false,
    }));
    if (vscode.workspace.workspaceFile?.scheme === 'file') files.push({ uri: vscode.workspace.workspaceFile, nested: true });
    const names: string[] = [];
    for (const f of files) {
      try {
        const json: unknown = parseJsonc(Buffer.from(await vscode.workspace.fs.readFile(f.uri)).toString('utf8'));
        const settings = f.nested && typeof json === 'object' && json && 'settings' in json ? json.settings : json;
        const profiles =
          typeof settings === 'object' && settings ? (settings as Record<string, unknown>)['redisCluster.profiles'] : undefined;
        if (!Array.isArray(profiles)) continue;
        for (const p of profiles) {
          if (typeof p === 'object' && p && 'name' in p && typeof p.name === 'string' && !names.includes(p.name)) names.push(p.name);
        }
      } catch {
        // No settings file, or not JSON: nothing to list.
      }
    }
    if (vscode.workspace.isTrusted) return;
    this.restrictedNames = names;
    if (names.length) this.invalidate();
  }

  /** Relative TLS paths in settings resolve against the first workspace folder. */
  resolvePath(p: string): string {
    return path.isAbsolute(p) ? p : path.resolve(this.baseDir(), p);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
