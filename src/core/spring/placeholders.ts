// Spring's ${...} placeholders, resolved the way PropertyPlaceholderHelper does it: the placeholder's own text is
// resolved first (nested `${A:${B:x}}`), the default is what follows the first ':', and a found value is resolved
// again (bounded, so a cycle ends as "missing"). Lists are split only after this, as Spring binds them.

export interface Resolved {
  value: string;
  /** Names that had neither a value nor a default, in order of appearance (the placeholder text is left in place). */
  missing: string[];
}

const MAX_DEPTH = 10;

/** Index of the '}' that closes the '${' at `start`, counting nested braces; -1 when unbalanced. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

export function resolvePlaceholders(text: string, lookup: (name: string) => string | undefined, depth = 0): Resolved {
  const missing: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    const close = open < 0 ? -1 : closingBrace(text, open);
    if (open < 0 || close < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    const inner = resolvePlaceholders(text.slice(open + 2, close), lookup, depth + 1);
    missing.push(...inner.missing);
    const colon = inner.value.indexOf(':');
    const name = (colon < 0 ? inner.value : inner.value.slice(0, colon)).trim();
    const fallback = colon < 0 ? undefined : inner.value.slice(colon + 1);
    const found = depth < MAX_DEPTH ? lookup(name) : undefined;
    if (found !== undefined) {
      const again = resolvePlaceholders(found, lookup, depth + 1);
      missing.push(...again.missing);
      out += again.value;
    } else if (fallback !== undefined) out += fallback;
    else {
      missing.push(name);
      out += text.slice(open, close + 1);
    }
    i = close + 1;
  }
  return { value: out, missing: [...new Set(missing)] };
}

/** `${NAME}` or `${NAME:default}` taking the whole value (braces balanced); undefined for anything else. */
export function wholePlaceholder(value: string): { name: string; fallback?: string } | undefined {
  const v = value.trim();
  if (!v.startsWith('${') || closingBrace(v, 0) !== v.length - 1) return undefined;
  const body = v.slice(2, -1);
  const colon = body.indexOf(':');
  return colon < 0 ? { name: body.trim() } : { name: body.slice(0, colon).trim(), fallback: body.slice(colon + 1) };
}

/** Spring's relaxed binding from the environment: `redis.cluster-host` is also read from REDIS_CLUSTERHOST. */
export function envNameOf(property: string): string {
  return property
    .replace(/-/g, '')
    .replace(/[.[\]]+/g, '_')
    .replace(/_$/, '')
    .toUpperCase();
}

/** A .env file: NAME=VALUE lines, optional `export `, quotes, # comments. No interpolation. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) continue;
    let v = m[2];
    const q = /^(['"])(.*)\1$/.exec(v);
    if (q) v = q[1] === '"' ? q[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : q[2];
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}
