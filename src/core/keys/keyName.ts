// Binary-safe key names. Keys are bytes; only valid, printable UTF-8 is shown as is. Anything else is shown the
// way redis-cli prints it (a double-quoted string with \xHH escapes), and that form parses back to the same bytes.
import { InputError } from '../common/errors';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Control characters (C0, DEL, C1) would break a tree label or a single-line input, so they force the escaped form.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True when the key can be shown (and typed back) as plain text. */
export function isPlainKey(bytes: Uint8Array): boolean {
  if (!isValidUtf8(bytes)) return false;
  const text = Buffer.from(bytes).toString('utf8');
  return !CONTROL.test(text) && !(text.startsWith('"') && text.endsWith('"') && text.length >= 2);
}

const NAMED: Record<number, string> = { 0x5c: '\\\\', 0x22: '\\"', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x07: '\\a', 0x08: '\\b' };

/** redis-cli style quoting: printable ASCII as is, named escapes, every other byte as \xHH. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    const named = NAMED[b];
    if (named) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** The text a user sees for a key. */
export function displayKey(key: Uint8Array): string {
  return isPlainKey(key) ? Buffer.from(key).toString('utf8') : escapeBytes(key);
}

const UNNAMED: Record<string, number> = { '\\': 0x5c, '"': 0x22, n: 0x0a, r: 0x0d, t: 0x09, a: 0x07, b: 0x08 };

/**
 * Parses what a user typed back into key bytes: a double-quoted string is unescaped (\xHH, \n, \", \\ ...),
 * anything else is taken as UTF-8 text. Throws on a malformed escape so a typo never addresses another key.
 */
const QUOTED_HINT = 'Inside quotes write \\xHH for a byte, \\n, \\r, \\t, \\" or \\\\, as redis-cli prints keys';

export function parseKeyInput(text: string): Buffer {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return Buffer.from(text, 'utf8');
  const body = text.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out.push(...Buffer.from(ch === '"' ? bad(i) : ch, 'utf8'));
      continue;
    }
    const next = body[i + 1];
    if (next === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new InputError(`bad escape "\\x${hex}" at position ${i + 1} of the quoted key`, QUOTED_HINT);
      out.push(parseInt(hex, 16));
      i += 3;
    } else if (next !== undefined && next in UNNAMED) {
      out.push(UNNAMED[next]);
      i += 1;
    } else throw new InputError(`bad escape "\\${next ?? ''}" at position ${i + 1} of the quoted key`, QUOTED_HINT);
  }
  return Buffer.from(out);

  function bad(i: number): never {
    throw new InputError(`unescaped quote at position ${i + 1} of the quoted key`, QUOTED_HINT);
  }
}

export function keyToBase64(key: Uint8Array): string {
  return Buffer.from(key).toString('base64');
}

/** Strict: rejects text that is not canonical base64, so corrupt input is never silently truncated. */
export function keyFromBase64(text: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw new InputError(`"${text}" is not valid base64`, 'Give the key bytes as canonical base64 (padded to 4 characters)');
  return Buffer.from(text, 'base64');
}

/** URL- and path-safe form (RFC 4648 §5, no padding), used in document URIs. */
export function keyToBase64Url(key: Uint8Array): string {
  return Buffer.from(key).toString('base64url');
}

export function keyFromBase64Url(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1)
    throw new InputError(`"${text}" is not valid base64url`, 'Give the key bytes as base64url without padding');
  return Buffer.from(text, 'base64url');
}
