// What a profile's natMap may hold: "host:port" or a bare host on both sides (the profile schema checks the same
// forms with a pattern). Pure, so it needs none of the dialling code in natMap.ts.
import { isIP } from 'node:net';
import { type HostPort, parseHostPort } from '../common/format';

export function parseEndpoint(text: string): HostPort | { host: string; port?: undefined } | string {
  const hp = parseHostPort(text);
  if (typeof hp !== 'string') return hp;
  if (/^[^:\s[\]]+$/.test(text) || /^\[[^\]]+\]$/.test(text) || isIP(text) === 6) return { host: text.replace(/^\[|\]$/g, '') };
  return hp;
}
