// What a profile's natMap may hold: "host:port" or a bare host on both sides. Pure, so profile validation can use
// it without depending on the dialling code in natMap.ts.
import { isIP } from 'node:net';
import { type HostPort, parseHostPort } from '../common/format';

export function parseEndpoint(text: string): HostPort | { host: string; port?: undefined } | string {
  const hp = parseHostPort(text);
  if (typeof hp !== 'string') return hp;
  if (/^[^:\s[\]]+$/.test(text) || /^\[[^\]]+\]$/.test(text) || isIP(text) === 6) return { host: text.replace(/^\[|\]$/g, '') };
  return hp;
}

/** Problems with an untrusted natMap value; empty when fine. */
export function natMapProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['"natMap": must be an object {"announced host:port": "reachable host:port"}'];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof parseEndpoint(k) === 'string') problems.push(`"natMap.${k}": the key must be "host:port" or "host"`);
    if (typeof v !== 'string' || typeof parseEndpoint(v) === 'string')
      problems.push(`"natMap.${k}": the value must be a "host:port" or "host" string`);
  }
  return problems;
}
