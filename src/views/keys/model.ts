// What the key browser holds for one profile: the keys loaded so far (never the whole keyspace), grouped into
// folders by a delimiter, plus the combined scan cursor to load the next page. No vscode import: plain data.
import { displayKey, keyToBase64 } from '../../core/keys/keyName';
import type { ClusterScanCursor } from '../../core/keys/scan';

export interface KeyFilter {
  match?: string;
  type?: string;
}

export class KeyFolder {
  readonly folders = new Map<string, KeyFolder>();
  readonly keys = new Map<string, Buffer>();
  /** Keys below this folder loaded so far (all depths). */
  count = 0;

  constructor(
    /** Raw bytes of this folder's own segment. */
    readonly segment: Buffer,
    /** Bytes of the full prefix up to and including the trailing delimiter; the folder's identity. */
    readonly prefix: Buffer,
  ) {}

  get label(): string {
    return displayKey(this.segment);
  }
}

/** Splits a key at each occurrence of the delimiter: folders, then the leaf. */
export function splitKey(key: Buffer, delimiter: Buffer): { folders: Buffer[]; leaf: Buffer } {
  if (delimiter.length === 0) return { folders: [], leaf: key };
  const folders: Buffer[] = [];
  let start = 0;
  for (let i = key.indexOf(delimiter, start); i >= 0; i = key.indexOf(delimiter, start)) {
    folders.push(key.subarray(start, i));
    start = i + delimiter.length;
  }
  return { folders, leaf: key.subarray(start) };
}

export class ProfileKeys {
  root = new KeyFolder(Buffer.alloc(0), Buffer.alloc(0));
  cursor?: ClusterScanCursor;
  done = false;
  loading?: Promise<void>;
  error?: string;
  loaded = 0;
  lastPageMs?: number;

  constructor(
    public filter: KeyFilter,
    public delimiter: Buffer,
  ) {}

  reset(filter: KeyFilter = this.filter, delimiter: Buffer = this.delimiter): void {
    this.filter = filter;
    this.delimiter = delimiter;
    this.root = new KeyFolder(Buffer.alloc(0), Buffer.alloc(0));
    this.cursor = undefined;
    this.done = false;
    this.error = undefined;
    this.loaded = 0;
  }

  /** Adds keys; a key seen twice (SCAN may repeat keys) is counted once. */
  add(keys: Buffer[]): void {
    for (const key of keys) {
      const { folders } = splitKey(key, this.delimiter);
      const path: KeyFolder[] = [this.root];
      let folder = this.root;
      let offset = 0;
      for (const seg of folders) {
        offset += seg.length + this.delimiter.length;
        const id = keyToBase64(seg);
        let next = folder.folders.get(id);
        if (!next) folder.folders.set(id, (next = new KeyFolder(Buffer.from(seg), Buffer.from(key.subarray(0, offset)))));
        folder = next;
        path.push(folder);
      }
      const id = keyToBase64(key);
      if (folder.keys.has(id)) continue;
      folder.keys.set(id, Buffer.from(key));
      for (const f of path) f.count++;
      this.loaded++;
    }
  }

  remove(key: Buffer): boolean {
    const { folders } = splitKey(key, this.delimiter);
    const path: KeyFolder[] = [this.root];
    for (const seg of folders) {
      const next = path[path.length - 1].folders.get(keyToBase64(seg));
      if (!next) return false;
      path.push(next);
    }
    if (!path[path.length - 1].keys.delete(keyToBase64(key))) return false;
    for (const f of path) f.count--;
    this.loaded--;
    // Folders that became empty disappear, like they would on a fresh scan.
    for (let i = path.length - 1; i > 0; i--) if (path[i].count === 0) path[i - 1].folders.delete(keyToBase64(path[i].segment));
    return true;
  }
}
