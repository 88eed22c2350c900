// What a key expression says about its slot. Holes (variables) are assumed to hold no '{' or '}', so a hash
// tag written in the constant parts decides the slot the way the server would (first '{', first '}' after it).
import { keySlot } from '../topology/slots';
import type { Expr, Part, TextEdit } from './types';

export type StringExpr = Extract<Expr, { kind: 'string' }>;

export type Identity =
  | { kind: 'slot'; slot: number; tag?: string }
  /** Tag with holes: equal tags (same constant text and holes) share a slot, whatever the holes hold. */
  | { kind: 'tag'; tag: string }
  /** Constant plus variable without a tag: its slot depends on the variable. */
  | { kind: 'untagged'; text: string };

const spell = (parts: Part[]): string => parts.map((p) => ('hole' in p ? `\${${p.hole}}` : p.text)).join('');

export function identity(e: StringExpr): Identity {
  const hasHole = e.parts.some((p) => 'hole' in p);
  if (!hasHole) {
    const text = spell(e.parts);
    const tag = tagOf(text);
    return { kind: 'slot', slot: keySlot(text), tag };
  }
  const tagParts = tagPartsOf(e.parts);
  if (!tagParts) return { kind: 'untagged', text: spell(e.parts) };
  if (tagParts.some((p) => 'hole' in p)) return { kind: 'tag', tag: spell(tagParts) };
  const tag = spell(tagParts);
  return { kind: 'slot', slot: keySlot(tag), tag };
}

export const sameSlotKey = (i: Identity): string =>
  i.kind === 'slot' ? `slot:${i.slot}` : i.kind === 'tag' ? `tag:${i.tag}` : `expr:${i.text}`;

export function describe(e: StringExpr, i: Identity): string {
  const shown = e.parts.length === 1 && !('hole' in e.parts[0]) ? JSON.stringify(e.parts[0].text) : spellCode(e.parts);
  if (i.kind === 'slot') return `${shown} → slot ${i.slot}`;
  if (i.kind === 'tag') return `${shown} → tag {${i.tag}}`;
  return `${shown} → no hash tag, slot depends on ${e.parts
    .filter((p) => 'hole' in p)
    .map((p) => ('hole' in p ? p.hole : ''))
    .join(', ')}`;
}

const spellCode = (parts: Part[]): string => parts.map((p) => ('hole' in p ? p.hole : JSON.stringify(p.text))).join(' + ');

function tagOf(text: string): string | undefined {
  const open = text.indexOf('{');
  if (open < 0) return undefined;
  const close = text.indexOf('}', open + 1);
  return close > open + 1 ? text.slice(open + 1, close) : undefined;
}

/** The parts between the first '{' and the next '}' in constant text, or undefined when there is no tag. */
function tagPartsOf(parts: Part[]): Part[] | undefined {
  let out: Part[] | undefined;
  for (const p of parts) {
    if ('hole' in p) {
      if (out) out.push(p);
      continue;
    }
    let text = p.text;
    if (!out) {
      const open = text.indexOf('{');
      if (open < 0) continue;
      out = [];
      text = text.slice(open + 1);
    }
    const close = text.indexOf('}');
    if (close >= 0) {
      if (close > 0) out.push({ text: text.slice(0, close) });
      return out.length ? out : undefined;
    }
    if (text) out.push({ text });
  }
  return undefined;
}

function hasTag(k: StringExpr): boolean {
  const i = identity(k);
  return i.kind === 'tag' || (i.kind === 'slot' && i.tag !== undefined);
}

type Token = { c: string; at?: number } | { hole: string };

function tokens(parts: Part[]): Token[] {
  const out: Token[] = [];
  for (const p of parts) {
    if ('hole' in p) out.push({ hole: p.hole });
    else for (let i = 0; i < p.text.length; i++) out.push({ c: p.text[i], at: p.at === undefined ? undefined : p.at + i });
  }
  return out;
}

const same = (a: Token | undefined, b: Token | undefined) =>
  !!a && !!b && ('hole' in a ? 'hole' in b && a.hole === b.hole : 'c' in b && a.c === b.c);

/**
 * Edits that wrap the keys' longest common prefix, cut at a ':' boundary, in one hash tag:
 * "user:1:a", "user:1:b" → "{user:1}:a", "{user:1}:b". Undefined when there is no usable common prefix,
 * a key already has a tag, or the source spells a key with escapes we cannot edit through.
 */
export function commonTagEdits(keys: StringExpr[]): { tag: string; edits: TextEdit[] } | undefined {
  if (keys.length < 2 || keys.some(hasTag)) return undefined;
  const toks = keys.map((k) => tokens(k.parts));
  let n = 0;
  while (toks.every((t) => same(t[n], toks[0][n]))) n++;
  const atBoundary = (j: number) => toks.every((t) => j === t.length || ('c' in t[j] && t[j].c === ':'));
  let cut = n;
  while (cut > 0 && !atBoundary(cut)) cut--;
  if (cut === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const t of toks) {
    const first = t[0];
    if (!('c' in first) || first.at === undefined) return undefined;
    const closeAt = cut < t.length ? t[cut] : t[t.length - 1];
    if (!('c' in closeAt) || closeAt.at === undefined) return undefined;
    edits.push(
      { start: first.at, end: first.at, text: '{' },
      { start: cut < t.length ? closeAt.at : closeAt.at + 1, end: cut < t.length ? closeAt.at : closeAt.at + 1, text: '}' },
    );
  }
  const tag = toks[0]
    .slice(0, cut)
    .map((t) => ('hole' in t ? `\${${t.hole}}` : t.c))
    .join('');
  return { tag, edits };
}
