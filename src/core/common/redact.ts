// Secrets never reach logs, errors or output: replace every occurrence of a known secret,
// and the argument after AUTH / AUTH2 / requirepass in command echoes.

/** Replaces every occurrence of each known secret, and nothing else (safe on data such as key names). */
export function redactKnown(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 1) out = out.split(s).join('***');
  return out;
}

export function redact(text: string, secrets: readonly string[] = []): string {
  return redactKnown(text, secrets)
    .replace(/\b(AUTH2?\s+)(\S+\s+)?\S+/gi, (_m, cmd: string, user?: string) => `${cmd}${user ?? ''}***`)
    .replace(/\b(requirepass|masterauth)(\s+)\S+/gi, '$1$2***');
}
