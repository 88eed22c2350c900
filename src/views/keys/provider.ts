// The key browser: one root per profile; expanding it loads the first page of a cluster-wide SCAN, and
// "Load more" the next one. Only loaded pages are held, so a keyspace of millions stays responsive.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { displayKey, keyToBase64 } from '../../core/keys/keyName';
import { newScanCursor, scanPage } from '../../core/keys/scan';
import type { BaseServices } from '../../services/base';
import { shouldAutoConnect } from '../tree/autoConnect';
import { FolderElement, type KeyElement, KeyItemElement, MessageElement, MoreElement, ProfileElement, treeItem } from './items';
import { type KeyFilter, type KeyFolder, ProfileKeys, splitKey } from './model';

export function keySettings(): { delimiter: Buffer; pageSize: number; maxValueBytes: number } {
  const cfg = vscode.workspace.getConfiguration('redisCluster');
  return {
    delimiter: Buffer.from(cfg.get<string>('keyDelimiter', ':'), 'utf8'),
    pageSize: Math.max(10, Math.min(100000, cfg.get<number>('keyPageSize', 1000))),
    maxValueBytes: Math.max(1024, cfg.get<number>('maxValueBytes', 5 * 1024 * 1024)),
  };
}

export class KeyBrowser implements vscode.TreeDataProvider<KeyElement>, vscode.Disposable {
  private readonly states = new Map<string, ProfileKeys>();
  private readonly changed = new vscode.EventEmitter<KeyElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly elements = new Map<string, KeyElement>();

  constructor(private readonly s: BaseServices) {
    this.disposables.push(
      s.profiles.onDidChange(() => this.changed.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('redisCluster.keyDelimiter')) for (const p of this.states.keys()) void this.reload(p);
      }),
    );
  }

  /** Listings are kept by profile id; these public methods also take a bare name only one profile has. */
  state(ref: string): ProfileKeys | undefined {
    return this.states.get(this.s.profiles.idOf(ref));
  }

  private el<T extends KeyElement>(fresh: T): T {
    const old = this.elements.get(fresh.id);
    if (old && old.constructor === fresh.constructor) return Object.assign(old, fresh) as T;
    this.elements.set(fresh.id, fresh);
    return fresh;
  }

  getTreeItem(e: KeyElement): vscode.TreeItem {
    return treeItem(e, this.states.get(e.profile), keySettings().pageSize);
  }

  getParent(e: KeyElement): KeyElement | undefined {
    return e.kind === 'profile' ? undefined : e.parent;
  }

  getChildren(e?: KeyElement): KeyElement[] {
    if (!e)
      return this.s.profiles
        .list()
        .filter((p) => p.profile)
        .map((p) => this.el(new ProfileElement(`keys:${p.id}`, p.id, this.s.profiles.label(p.id))));
    if (e.kind === 'profile') {
      const st = this.states.get(e.profile);
      if (!st) {
        // Expansion (also when VS Code restores it after a reload) is not a request to connect in Restricted Mode.
        if (!shouldAutoConnect(this.s.profiles.get(e.profile), vscode.workspace.isTrusted)) {
          return [
            this.el(
              new MessageElement(
                `keys:${e.profile}:restricted`,
                e.profile,
                l10n.t('Restricted Mode: not scanned automatically'),
                'shield',
                e,
              ),
            ),
            this.el(new MoreElement(`keys:${e.profile}:more`, e.profile, e)),
          ];
        }
        void this.loadMore(e.profile);
        return [this.el(new MessageElement(`keys:${e.profile}:loading`, e.profile, l10n.t('Scanning all masters…'), 'loading~spin', e))];
      }
      const out = this.folderChildren(e, st.root, st);
      if (st.error) out.push(this.el(new MessageElement(`keys:${e.profile}:error`, e.profile, st.error, 'error', e)));
      else if (!st.done) out.push(this.el(new MoreElement(`keys:${e.profile}:more`, e.profile, e)));
      else if (st.loaded === 0 && !st.loading) {
        out.push(this.el(new MessageElement(`keys:${e.profile}:empty`, e.profile, l10n.t('No keys match'), 'info', e)));
      }
      return out;
    }
    if (e.kind === 'folder') {
      const st = this.states.get(e.profile);
      return st ? this.folderChildren(e, e.folder, st) : [];
    }
    return [];
  }

  private folderChildren(parent: KeyElement, folder: KeyFolder, st: ProfileKeys): KeyElement[] {
    const base = `keys:${parent.profile}:`;
    const folders = [...folder.folders.values()].sort((a, b) => Buffer.compare(a.segment, b.segment));
    const keys = [...folder.keys.values()].sort(Buffer.compare);
    return [
      ...folders.map((f) => this.el(new FolderElement(`${base}f:${keyToBase64(f.prefix)}`, parent.profile, f, parent))),
      ...keys.map((k) => {
        const leaf = splitKey(k, st.delimiter).leaf;
        const label = displayKey(leaf.length ? leaf : k);
        return this.el(new KeyItemElement(`${base}k:${keyToBase64(k)}`, parent.profile, k, label, parent));
      }),
    ];
  }

  /** Loads the next page for a profile (the first one when nothing is loaded). Concurrent calls share one load. */
  loadMore(ref: string): Promise<void> {
    const profile = this.s.profiles.idOf(ref);
    let st = this.states.get(profile);
    if (!st) this.states.set(profile, (st = new ProfileKeys({}, keySettings().delimiter)));
    if (st.loading) return st.loading;
    if (st.done) return Promise.resolve();
    const current = st;
    current.loading = (async () => {
      try {
        const { session, topology: topo } = await this.s.connections.target(profile);
        const t0 = Date.now();
        const page = await scanPage(session, current.cursor ?? newScanCursor(topo), keySettings().pageSize, {
          match: current.filter.match,
          type: current.filter.type,
        });
        if (this.states.get(profile) !== current) return; // reset while loading
        current.lastPageMs = Date.now() - t0;
        current.add(page.keys);
        current.cursor = page.cursor;
        current.done = page.done;
        current.error = undefined;
      } catch (e) {
        current.error = l10n.t('Scan failed: {0}', (e as Error).message);
        this.s.log.error(`key browser "${profile}": ${(e as Error).message}`);
      } finally {
        current.loading = undefined;
        this.changed.fire(undefined);
      }
    })();
    this.changed.fire(undefined);
    return current.loading;
  }

  /** Starts over (new filter, new delimiter, or a plain refresh) and loads the first page. */
  reload(ref: string, filter?: KeyFilter): Promise<void> {
    const profile = this.s.profiles.idOf(ref);
    const old = this.states.get(profile);
    const st = new ProfileKeys(filter ?? old?.filter ?? {}, keySettings().delimiter);
    this.states.set(profile, st);
    return this.loadMore(profile);
  }

  /** Keeps the loaded listing in step with a delete or rename done from the editor. */
  keyRemoved(ref: string, key: Buffer): void {
    if (this.state(ref)?.remove(key)) this.changed.fire(undefined);
  }

  keyAdded(ref: string, key: Buffer): void {
    const st = this.state(ref);
    if (!st) return;
    st.add([key]);
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
