// The namespace tree: keys grouped by their name's prefixes up to the delimiter, held in bounded memory. Segments
// that look like ids (digits, hex, UUIDs) are folded into "*" so that user:1000:cart and user:1001:cart both count
// under user:*; a level keeps at most maxWidth children and the tree at most maxNamespaces nodes, the rest is summed
// in its parent's "other". Alongside it, "families" (user:1000:* without a hash tag) are tracked per pattern to
// find names that suggest one entity while its keys sit in many slots.
import { displayKey } from '../keys/keyName';
import type { KeyFacts, KeyType, NamespaceView, SplitFamilies } from './types';
import { AUDIT_EXAMPLES } from './types';

interface NsNode {
  segment: string;
  keys: number;
  bytes: number;
  maxBytes: number;
  maxKey?: string;
  noTtl: number;
  types: Partial<Record<KeyType, number>>;
  otherKeys: number;
  children: Map<string, NsNode>;
}

const ID_LIKE = /^(\d+|[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function isIdLike(segment: string): boolean {
  return ID_LIKE.test(segment);
}

/** Families tracked per pattern, in all: beyond it new families are not checked (the count says so). */
const MAX_FAMILIES = 100_000;

/** Distinct slots remembered per family: two already prove the split, a few more say how wide. */
const FAMILY_SLOTS = 8;

interface Family {
  keys: number;
  slots: number[];
}

function newNode(segment: string): NsNode {
  return { segment, keys: 0, bytes: 0, maxBytes: 0, noTtl: 0, types: {}, otherKeys: 0, children: new Map() };
}

/** Escapes glob metacharacters so a literal segment matches itself in SCAN MATCH. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export class NamespaceTree {
  private readonly root = newNode('');
  private nodes = 1;
  private readonly families = new Map<string, Map<string, Family>>();
  private familyCount = 0;
  private familiesUnchecked = 0;
  /** The delimiter's bytes as latin1, to split names held as latin1. */
  private readonly sep: string;

  constructor(
    private readonly delimiter: string,
    private readonly limits: { maxDepth: number; maxWidth: number; maxNamespaces: number },
  ) {
    this.sep = Buffer.from(delimiter, 'utf8').toString('latin1');
  }

  /** Adds a key; returns false when its name has no delimiter at all. */
  add(f: KeyFacts, name: string, slot: number, shown: () => string): boolean {
    const parts = name.split(this.sep);
    const levels = Math.min(parts.length - 1, this.limits.maxDepth);
    this.count(this.root, f, shown);
    let node = this.root;
    for (let i = 0; i < levels; i++) {
      const seg = isIdLike(parts[i]) ? '*' : parts[i];
      let child = node.children.get(seg);
      if (!child) {
        if (node.children.size >= this.limits.maxWidth || this.nodes >= this.limits.maxNamespaces) {
          node.otherKeys++;
          break;
        }
        child = newNode(seg);
        node.children.set(seg, child);
        this.nodes++;
      }
      this.count(child, f, shown);
      node = child;
    }
    if (parts.length > 2) this.family(parts, name, slot);
    return parts.length > 1;
  }

  private count(n: NsNode, f: KeyFacts, shown: () => string): void {
    n.keys++;
    n.bytes += f.bytes;
    if (f.ttlMs < 0) n.noTtl++;
    n.types[f.type] = (n.types[f.type] ?? 0) + 1;
    if (f.bytes > n.maxBytes) {
      n.maxBytes = f.bytes;
      n.maxKey = shown();
    }
  }

  /** user:1000:cart → family "user:1000" of pattern "user:*" (the first id-like segment that is not the last). */
  private family(parts: string[], name: string, slot: number): void {
    if (name.includes('{')) return; // a hash tag already keeps the family together (or was meant to)
    const at = parts.findIndex((p, i) => i < parts.length - 1 && isIdLike(p));
    if (at < 0) return;
    // Names stay latin1 (one character per byte) here; they are decoded for display only in splitFamilies().
    let pattern = '';
    for (let i = 0; i < at; i++) pattern += (isIdLike(parts[i]) ? '*' : parts[i]) + this.sep;
    pattern += '*';
    const family = parts.slice(0, at + 1).join(this.sep);
    let byPattern = this.families.get(pattern);
    const known = byPattern?.get(family);
    if (known) {
      known.keys++;
      if (known.slots.length < FAMILY_SLOTS && !known.slots.includes(slot)) known.slots.push(slot);
      return;
    }
    if (this.familyCount >= MAX_FAMILIES) {
      this.familiesUnchecked++;
      return;
    }
    if (!byPattern) this.families.set(pattern, (byPattern = new Map()));
    byPattern.set(family, { keys: 1, slots: [slot] });
    this.familyCount++;
  }

  /** Families beyond the tracking cap (not checked). */
  get uncheckedFamilies(): number {
    return this.familiesUnchecked;
  }

  view(): NamespaceView {
    const walk = (n: NsNode, prefix: string, matchPrefix: string): NamespaceView => ({
      name: prefix,
      match: prefix ? `${matchPrefix}${globEscape(this.delimiter)}*` : '*',
      keys: n.keys,
      bytes: n.bytes,
      maxBytes: n.maxBytes,
      maxKey: n.maxKey,
      noTtl: n.noTtl,
      types: n.types,
      otherKeys: n.otherKeys || undefined,
      children: [...n.children.values()]
        .sort((a, b) => b.bytes - a.bytes)
        .map((c) => {
          // Segments were split as latin1 (one character per byte): shown decoded, escaped when not UTF-8.
          const text = c.segment === '*' ? '*' : displayKey(Buffer.from(c.segment, 'latin1'));
          const seg = c.segment === '*' ? '*' : globEscape(text);
          const name = prefix ? `${prefix}${this.delimiter}${text}` : text;
          return walk(c, name, matchPrefix ? `${matchPrefix}${globEscape(this.delimiter)}${seg}` : seg);
        }),
    });
    return walk(this.root, '', '');
  }

  splitFamilies(): SplitFamilies[] {
    const out: SplitFamilies[] = [];
    for (const [pattern, fams] of this.families) {
      const multi = [...fams].filter(([, f]) => f.keys > 1);
      const split = multi.filter(([, f]) => f.slots.length > 1);
      if (!split.length) continue;
      const shown = (latin1: string) => displayKey(Buffer.from(latin1, 'latin1'));
      out.push({
        pattern: shown(pattern),
        families: multi.length,
        split: split.length,
        examples: split.slice(0, AUDIT_EXAMPLES).map(([family, f]) => ({ family: shown(family), keys: f.keys, slots: f.slots.length })),
      });
    }
    return out.sort((a, b) => b.split - a.split);
  }
}
