// The document format of key values: pure, stable and binary-safe, so the same value always renders to the same
// text (that text's hash is the optimistic-concurrency version) and every rendering parses back to the same bytes.
//   string  valid UTF-8: the text itself; otherwise the redis-cli quoted form "\xff..."
//   hash    {"field": "value", ...} sorted by field bytes
//   list    ["a", "b"] in list order
//   set     ["a", "b"] sorted by bytes
//   zset    [{"member": "a", "score": 1}, ...] in ZRANGE order (score, then member)
//   stream  [{"id": "1-0", "fields": {"f": "v"}}, ...] (read-only)
// Elements that are not valid UTF-8 become {"$base64": "..."}; such hash fields become "$base64:<b64>".
import { createHash } from 'node:crypto';
import { RedisClusterError, errorText } from '../common/errors';
import { escapeBytes, isValidUtf8, parseKeyInput } from './keyName';

export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
export type StringFormat = 'text' | 'escaped';

export const WRITABLE_TYPES: readonly ValueType[] = ['string', 'hash', 'list', 'set', 'zset'];

export type Element = string | { $base64: string };

export interface StreamEntry {
  id: string;
  fields: Record<string, Element>;
}

export type ZsetEntry = { member: Element; score: number | string };

const FIELD_PREFIX = '$base64:';

export function encodeElement(b: Buffer): Element {
  return isValidUtf8(b) ? b.toString('utf8') : { $base64: b.toString('base64') };
}

export function decodeElement(v: unknown, where: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'number' || typeof v === 'boolean') return Buffer.from(String(v), 'utf8');
  if (v && typeof v === 'object' && typeof (v as { $base64?: unknown }).$base64 === 'string')
    return Buffer.from((v as { $base64: string }).$base64, 'base64');
  throw new ValueFormatError(`${where}: expected a string (or {"$base64": "..."} for binary), got ${JSON.stringify(v)}`);
}

export function encodeField(b: Buffer): string {
  const text = b.toString('utf8');
  return isValidUtf8(b) && !text.startsWith(FIELD_PREFIX) ? text : FIELD_PREFIX + b.toString('base64');
}

export function decodeField(name: string): Buffer {
  return name.startsWith(FIELD_PREFIX) ? Buffer.from(name.slice(FIELD_PREFIX.length), 'base64') : Buffer.from(name, 'utf8');
}

export class ValueFormatError extends RedisClusterError {
  override name = 'ValueFormatError';
  constructor(message: string, hint = 'Fix the document and save again') {
    super('value-format', message, hint);
  }
}

export function fingerprint(type: string, text: string): string {
  return createHash('sha256').update(type).update('\0').update(text).digest('hex');
}

export function renderString(v: Buffer): { text: string; format: StringFormat } {
  return isValidUtf8(v) ? { text: v.toString('utf8'), format: 'text' } : { text: escapeBytes(v), format: 'escaped' };
}

/** A string value whose text is a JSON object or array gets the JSON language mode. */
export function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function renderHash(pairs: Buffer[]): string {
  const entries: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) entries.push([pairs[i], pairs[i + 1]]);
  entries.sort((a, b) => Buffer.compare(a[0], b[0]));
  const obj: Record<string, Element> = {};
  for (const [f, v] of entries) obj[encodeField(f)] = encodeElement(v);
  return pretty(obj);
}

export function renderList(items: Buffer[]): string {
  return pretty(items.map(encodeElement));
}

export function renderSet(members: Buffer[]): string {
  return pretty([...members].sort(Buffer.compare).map(encodeElement));
}

export function parseScore(s: string): number | string {
  const n = Number(s);
  return Number.isFinite(n) ? n : s.toLowerCase().replace(/^inf$/, '+inf');
}

/** ZRANGE ... WITHSCORES reply (already in score, member order). */
export function renderZset(flat: Buffer[]): string {
  const out: ZsetEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: encodeElement(flat[i]), score: parseScore(flat[i + 1].toString()) });
  return pretty(out);
}

/** XRANGE reply: [[id, [f, v, f, v]], ...]. */
export function renderStream(entries: [Buffer, Buffer[]][]): string {
  return pretty(
    entries.map(([id, kv]): StreamEntry => {
      const fields: Record<string, Element> = {};
      for (let i = 0; i + 1 < kv.length; i += 2) fields[encodeField(kv[i])] = encodeElement(kv[i + 1]);
      return { id: id.toString(), fields };
    }),
  );
}

/** What a saved document asks Redis to store. */
export type ParsedValue =
  | { type: 'string'; value: Buffer }
  | { type: 'hash'; pairs: [Buffer, Buffer][] }
  | { type: 'list' | 'set'; items: Buffer[] }
  | { type: 'zset'; entries: [number | string, Buffer][] };

function parseJson(text: string, type: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValueFormatError(`the ${type} document is not valid JSON: ${errorText(e)}. Fix it and save again.`);
  }
}

/** Parses an edited document back into the value to store. Throws ValueFormatError naming the bad spot. */
export function parseDocument(type: ValueType, text: string, stringFormat: StringFormat = 'text'): ParsedValue {
  switch (type) {
    case 'string':
      if (stringFormat === 'text') return { type, value: Buffer.from(text, 'utf8') };
      try {
        return { type, value: parseKeyInput(text.trim()) };
      } catch (e) {
        throw new ValueFormatError(`the binary string must stay one double-quoted "\\xHH" string: ${errorText(e)}`);
      }
    case 'hash': {
      const obj = parseJson(text, type);
      if (!obj || typeof obj !== 'object' || Array.isArray(obj))
        throw new ValueFormatError('a hash document must be one JSON object {"field": "value"}');
      return {
        type,
        pairs: Object.entries(obj).map(([f, v]): [Buffer, Buffer] => [decodeField(f), decodeElement(v, `field ${JSON.stringify(f)}`)]),
      };
    }
    case 'list':
    case 'set': {
      const arr = parseJson(text, type);
      if (!Array.isArray(arr)) throw new ValueFormatError(`a ${type} document must be one JSON array ["a", "b"]`);
      return { type, items: arr.map((v, i) => decodeElement(v, `element #${i + 1}`)) };
    }
    case 'zset': {
      const arr = parseJson(text, type);
      if (!Array.isArray(arr)) throw new ValueFormatError('a zset document must be a JSON array of {"member": "...", "score": n}');
      return {
        type,
        entries: arr.map((e: unknown, i): [number | string, Buffer] => {
          const o = e as { member?: unknown; score?: unknown } | null;
          const score = o?.score;
          const ok = typeof score === 'number' ? Number.isFinite(score) : typeof score === 'string' && /^[+-]?inf$/i.test(score);
          if (!o || typeof o !== 'object' || !ok)
            throw new ValueFormatError(`zset entry #${i + 1}: needs "member" and a numeric "score" (or "+inf"/"-inf")`);
          return [score as number | string, decodeElement(o.member, `zset entry #${i + 1} member`)];
        }),
      };
    }
    default:
      throw new ValueFormatError(`${type} values are shown read-only; saving them is not supported`);
  }
}
