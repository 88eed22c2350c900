// Everything a tool returns passes through here: long strings and long lists are cut and marked, the text is
// capped, every secret the host knows is replaced, and errors become a plain sentence with a hint (never a
// stack trace), so a model can act on it.
import { RedisClusterError, errorText } from '../common/errors';
import { redactKnown } from '../common/redact';
import type { ToolData, ToolResult } from './types';

export const LIMITS = {
  /** A string longer than this (a value, a reply) is cut. */
  stringChars: 2000,
  /** A list longer than this is cut. */
  listItems: 100,
  /** The whole result text. */
  textChars: 24_000,
} as const;

/** A copy of `value` with long strings and lists cut, each cut marked with what was left out. */
export function clip(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > LIMITS.stringChars
      ? `${value.slice(0, LIMITS.stringChars)}… [truncated: ${value.length - LIMITS.stringChars} more characters]`
      : value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return clip(value.toString('utf8'), depth);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 12) return '[truncated: nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, LIMITS.listItems).map((v) => clip(v, depth + 1));
    if (value.length > LIMITS.listItems) items.push(`[truncated: ${value.length - LIMITS.listItems} more items]`);
    return items;
  }
  if (value instanceof Map) return clip(Object.fromEntries(value), depth);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clip(v, depth + 1);
  return out;
}

/** The text a model reads: the summary, then the data as JSON; capped and redacted. */
export function render(data: ToolData, secrets: readonly string[]): string {
  let text = data.summary;
  if (data.data !== undefined) text += `\n${JSON.stringify(clip(data.data))}`;
  if (data.text !== undefined) text += `\n${clip(data.text) as string}`;
  if (text.length > LIMITS.textChars)
    text = `${text.slice(0, LIMITS.textChars)}… [truncated: ${text.length - LIMITS.textChars} more characters of output]`;
  return redactKnown(text, longestFirst(secrets));
}

const longestFirst = (secrets: readonly string[]) =>
  [...new Set(secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);

/** An error as a tool result: what failed and what to do next. */
export function errorResult(e: unknown, secrets: readonly string[]): ToolResult {
  const message = errorText(e).split('\n')[0];
  const hint = e instanceof RedisClusterError && !message.includes(e.hint) ? ` ${e.hint}.` : '';
  const kind = e instanceof RedisClusterError ? ` (${e.kind})` : '';
  return { ok: false, text: redactKnown(`Error${kind}: ${message}.${hint}`.replace(/\.\./g, '.'), longestFirst(secrets)) };
}
