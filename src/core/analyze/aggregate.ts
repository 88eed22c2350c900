// Streams key facts into bounded aggregates: totals per shard, type and TTL distributions, a top-N min-heap by
// memory, the namespace tree and the audit lists (exact counts, a bounded number of examples). Nothing here grows
// with the number of keys except through the caps named in types.ts.
import { displayKey, keyToBase64 } from '../keys/keyName';
import { NamespaceTree } from './namespaces';
import {
  type AnalyzeOptions,
  type AnalyzeReport,
  type AuditList,
  AUDIT_EXAMPLES,
  BIG_VALUE_BYTES,
  type KeyFacts,
  type KeyType,
  KEY_TYPES,
  LONG_NAME_BYTES,
  type NamespaceView,
  type Tally,
  type TopKey,
  TTL_BUCKETS,
  type TtlBucket,
} from './types';

const HOUR = 3600_000;

export function ttlBucket(ttlMs: number): TtlBucket {
  if (ttlMs < 0) return 'none';
  if (ttlMs < HOUR) return 'lt1h';
  if (ttlMs < 24 * HOUR) return 'lt1d';
  if (ttlMs < 7 * 24 * HOUR) return 'lt1w';
  return 'longer';
}

/** Min-heap on bytes: the root is the smallest of the kept top N, replaced when a bigger key arrives. */
class TopHeap {
  private readonly items: TopKey[] = [];
  constructor(private readonly size: number) {}

  offer(bytes: number, make: () => TopKey): void {
    if (this.size <= 0) return;
    if (this.items.length < this.size) {
      this.items.push(make());
      this.up(this.items.length - 1);
    } else if (bytes > this.items[0].bytes) {
      this.items[0] = make();
      this.down(0);
    }
  }

  sorted(): TopKey[] {
    return [...this.items].sort((a, b) => b.bytes - a.bytes);
  }

  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].bytes <= h[i].bytes) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].bytes < h[m].bytes) m = l;
      if (r < h.length && h[r].bytes < h[m].bytes) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}

const emptyAudit = (): AuditList => ({ count: 0, examples: [] });
const tallies = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, { keys: 0, bytes: 0 }])) as Record<K, Tally>;

export class Aggregator {
  readonly totals = { keys: 0, bytes: 0, noTtl: 0 };
  readonly types = tallies<KeyType>([...KEY_TYPES, 'other']);
  readonly ttl = tallies(TTL_BUCKETS);
  /** Per shard (master id). */
  readonly shards = new Map<string, Tally>();
  private readonly top: TopHeap;
  private readonly tree: NamespaceTree;
  private readonly audit = { bigValues: emptyAudit(), noDelimiter: emptyAudit(), longNames: emptyAudit() };

  constructor(opts: Pick<AnalyzeOptions, 'top' | 'delimiter' | 'maxDepth' | 'maxWidth' | 'maxNamespaces'>) {
    this.top = new TopHeap(opts.top);
    this.tree = new NamespaceTree(opts.delimiter, opts);
  }

  /** Key families beyond the tracking cap (not checked for slot spread). */
  get uncheckedFamilies(): number {
    return this.tree.uncheckedFamilies;
  }

  add(f: KeyFacts, slot: number, shard: string, node: string): void {
    this.totals.keys++;
    this.totals.bytes += f.bytes;
    if (f.ttlMs < 0) this.totals.noTtl++;
    const t = this.types[f.type];
    t.keys++;
    t.bytes += f.bytes;
    const b = this.ttl[ttlBucket(f.ttlMs)];
    b.keys++;
    b.bytes += f.bytes;
    let s = this.shards.get(shard);
    if (!s) this.shards.set(shard, (s = { keys: 0, bytes: 0 }));
    s.keys++;
    s.bytes += f.bytes;
    // latin1 keeps every byte as one character, so the delimiter splits binary names without decoding them.
    const name = f.key.toString('latin1');
    let display: string | undefined;
    const shown = () => (display ??= displayKey(f.key));
    this.top.offer(f.bytes, () => ({
      key: shown(),
      base64: keyToBase64(f.key),
      type: f.type,
      bytes: f.bytes,
      ttlMs: f.ttlMs,
      elements: f.elements,
      slot,
      node,
    }));
    if (!this.tree.add(f, name, slot, shown)) this.note(this.audit.noDelimiter, f, shown);
    if (f.bytes > BIG_VALUE_BYTES) this.note(this.audit.bigValues, f, shown, { bytes: f.bytes });
    if (f.key.length > LONG_NAME_BYTES) this.note(this.audit.longNames, f, shown, { nameBytes: f.key.length });
  }

  private note(list: AuditList, f: KeyFacts, shown: () => string, extra: { bytes?: number; nameBytes?: number } = {}): void {
    list.count++;
    if (list.examples.length < AUDIT_EXAMPLES) list.examples.push({ key: shown(), base64: keyToBase64(f.key), ...extra });
  }

  /** The report's aggregate part (the engine adds run, shard and migration details). */
  result(): Pick<AnalyzeReport, 'totals' | 'types' | 'ttl' | 'namespaces' | 'top' | 'audit'> {
    const namespaces = this.tree.view();
    const mixedTtl: AnalyzeReport['audit']['mixedTtl'] = [];
    const walk = (n: NamespaceView) => {
      // "Most keys expire but some never do": more than half carry a TTL, yet at least one has none.
      if (n.name && n.keys >= 4 && n.noTtl > 0 && n.noTtl * 2 < n.keys) {
        mixedTtl.push({ namespace: n.name, match: n.match, keys: n.keys, noTtl: n.noTtl });
      }
      n.children.forEach(walk);
    };
    walk(namespaces);
    return {
      totals: { ...this.totals },
      types: this.types,
      ttl: this.ttl,
      namespaces,
      top: this.top.sorted(),
      audit: { ...this.audit, mixedTtl, splitFamilies: this.tree.splitFamilies() },
    };
  }
}
