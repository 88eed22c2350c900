// Key values as editor documents: a FileSystemProvider for `redis-cluster:` URIs. The path is only for the
// tab title and the language (…/name.json); the query names the profile and the exact key bytes (base64url).
// Saving writes atomically on the key's owner; a concurrent change is never clobbered silently.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { ReadOnlyError } from '../core/common/errors';
import { displayKey, keyFromBase64Url, keyToBase64Url } from '../core/keys/keyName';
import { ConflictError, ValueTooLargeError, type ValueDocument, readValue, writeValue } from '../core/keys/values';
import { confirmAction } from '../ui/confirm';
import type { BaseServices } from '../services/base';
import { withKeyContext } from '../services/keyContext';
import { keySettings } from './keys/provider';

export const KEY_SCHEME = 'redis-cluster';

export interface KeyDocRef {
  profile: string;
  key: Buffer;
  /** Page start for paged collections. */
  from?: string;
}

export function keyUri(ref: KeyDocRef, language: 'json' | 'plaintext'): vscode.Uri {
  const name = displayKey(ref.key).replace(/[/\\]/g, '_').slice(0, 120) || '(empty)';
  const query = new URLSearchParams({ profile: ref.profile, key: keyToBase64Url(ref.key), ...(ref.from ? { from: ref.from } : {}) });
  return vscode.Uri.from({
    scheme: KEY_SCHEME,
    path: `/${ref.profile.replace(/[/\\]/g, '_')}/${name}${ref.from ? ` @${ref.from}` : ''}.${language === 'json' ? 'json' : 'txt'}`,
    query: query.toString(),
  });
}

export function parseKeyUri(uri: vscode.Uri): KeyDocRef {
  const q = new URLSearchParams(uri.query);
  const profile = q.get('profile');
  const key = q.get('key');
  if (!profile || key === null) throw vscode.FileSystemError.FileNotFound(uri);
  return { profile, key: keyFromBase64Url(key), from: q.get('from') ?? undefined };
}

interface Entry {
  doc: ValueDocument;
  mtime: number;
}

export class KeyDocumentProvider implements vscode.FileSystemProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly s: BaseServices) {}

  /** Called by the open command after any size confirmation, so the editor shows exactly this read. */
  prime(uri: vscode.Uri, doc: ValueDocument): void {
    this.entries.set(uri.toString(), { doc, mtime: Date.now() });
  }

  document(uri: vscode.Uri): ValueDocument | undefined {
    return this.entries.get(uri.toString())?.doc;
  }

  private async entry(uri: vscode.Uri): Promise<Entry> {
    const cached = this.entries.get(uri.toString());
    if (cached) return cached;
    const ref = parseKeyUri(uri);
    try {
      const doc = await withKeyContext(this.s, ref.profile, (c) =>
        readValue(c.session, c.topology, ref.key, { maxBytes: keySettings().maxValueBytes, from: ref.from }),
      );
      const e = { doc, mtime: Date.now() };
      this.entries.set(uri.toString(), e);
      return e;
    } catch (err) {
      if (err instanceof ValueTooLargeError)
        throw vscode.FileSystemError.NoPermissions(`${err.message}. Open it from the key browser to confirm.`);
      throw vscode.FileSystemError.Unavailable((err as Error).message);
    }
  }

  private readOnly(uri: vscode.Uri, doc: ValueDocument): boolean {
    return !!doc.readOnlyReason || !!this.s.profiles.get(parseKeyUri(uri).profile)?.profile?.readOnly;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // Key URIs are /profile/name.ext: shorter paths are the folders above them (workspace.fs.writeFile checks them).
    if (uri.path.split('/').length < 3) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const { doc, mtime } = await this.entry(uri);
    return {
      type: vscode.FileType.File,
      ctime: mtime,
      mtime,
      size: Buffer.byteLength(doc.text),
      permissions: this.readOnly(uri, doc) ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from((await this.entry(uri)).doc.text, 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = parseKeyUri(uri);
    const { doc } = await this.entry(uri);
    const profile = this.s.profiles.get(ref.profile)?.profile;
    if (!profile) throw vscode.FileSystemError.Unavailable(`no profile "${ref.profile}"`);
    if (profile.readOnly)
      throw vscode.FileSystemError.NoPermissions(new ReadOnlyError(profile.name, `saving key ${displayKey(ref.key)}`).message);
    if (doc.readOnlyReason) throw vscode.FileSystemError.NoPermissions(doc.readOnlyReason);
    const text = Buffer.from(content).toString('utf8');
    const label = displayKey(ref.key);
    if (
      profile.protected &&
      !(await confirmAction(
        profile,
        l10n.t('Save key {0}?', label),
        l10n.t('This overwrites the value of {0} on "{1}".', label, profile.name),
        'write',
      ))
    ) {
      throw vscode.FileSystemError.NoPermissions('save cancelled: the protected profile was not confirmed');
    }
    const save = (overwrite: boolean) =>
      withKeyContext(this.s, ref.profile, (c) => writeValue(c.session, c.topology, doc, text, { overwrite }));
    let saved: ValueDocument;
    try {
      saved = await save(false);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw vscode.FileSystemError.Unavailable(`saving ${label} failed: ${(e as Error).message}`);
      const overwrite = l10n.t('Overwrite');
      const reload = l10n.t('Reload');
      const answer = await vscode.window.showWarningMessage(
        l10n.t('Key {0} changed in Redis since you opened it.', label),
        {
          modal: true,
          detail: e.current
            ? l10n.t('Overwrite replaces their change with your document. Reload drops your edits and shows the current value.')
            : l10n.t('The key was deleted (or expired). Overwrite recreates it from your document.'),
        },
        overwrite,
        reload,
      );
      if (answer === overwrite) saved = await save(true);
      else if (answer === reload && e.current) saved = e.current;
      else throw vscode.FileSystemError.Unavailable(`not saved: ${e.message}`);
      this.s.log.info(`key ${label} on "${ref.profile}": conflict on save, user chose ${answer}`);
    }
    this.entries.set(uri.toString(), { doc: saved, mtime: Date.now() });
    this.s.log.info(`saved key ${label} (${saved.type}) on "${ref.profile}", owner ${saved.owner}`);
    // The canonical form (sorted, deduplicated) or the reloaded value replaces what the editor shows.
    if (saved.text !== text) this.showAfterSave(uri);
  }

  /**
   * The editor reloads a saved document only on a change event that arrives after its save finished (earlier
   * ones are ignored while it is saving) and whose mtime differs from the stat it took right after writing.
   * So the event waits for the save to complete, and the mtime moves on.
   */
  private showAfterSave(uri: vscode.Uri): void {
    const fire = () => {
      listener.dispose();
      clearTimeout(fallback);
      const e = this.entries.get(uri.toString());
      if (e) e.mtime = Math.max(Date.now(), e.mtime + 1);
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    };
    const listener = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() === uri.toString()) fire();
    });
    // Writes that do not come from an open text document (workspace.fs.writeFile) never raise that event.
    const fallback = setTimeout(fire, 5000);
  }

  /** Drops the cached read so the next open shows the current value. */
  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`delete keys from the key browser (${uri.path})`);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`rename keys from the key browser (${uri.path})`);
  }
}
