// Reply parsers of the probes Diagnose sends (RESP2 shapes), pure so they are unit-tested without a server.
import type { AclLogEntry, DefaultUser, LatencyEvent, PasswordVerdict } from './types';

function pairs(list: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (!Array.isArray(list)) return m;
  for (let i = 0; i + 1 < list.length; i += 2) m.set(String(list[i]), list[i + 1]);
  return m;
}

/** CONFIG GET p1 p2 … → { p1: v1, … } (flat name/value list). */
export function parseConfigReply(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs(reply)) out[k] = String(v);
  return out;
}

/** LATENCY LATEST → [[event, time, latest, max, …], …]. */
export function parseLatencyLatest(reply: unknown): LatencyEvent[] {
  if (!Array.isArray(reply)) return [];
  return reply
    .filter(Array.isArray)
    .map((e: unknown[]) => ({ event: String(e[0]), time: Number(e[1]), latestMs: Number(e[2]), maxMs: Number(e[3]) }));
}

/** ACL LOG N → entries, each a flat field list. */
export function parseAclLog(reply: unknown): AclLogEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((e) => {
    const p = pairs(e);
    return {
      count: Number(p.get('count') ?? 1),
      reason: String(p.get('reason') ?? ''),
      context: String(p.get('context') ?? ''),
      object: String(p.get('object') ?? ''),
      username: String(p.get('username') ?? ''),
      ageSeconds: Number(p.get('age-seconds') ?? 0),
      clientInfo: String(p.get('client-info') ?? ''),
    };
  });
}

/** ACL GETUSER default → its on/off and nopass flags only (the password hashes are not kept). */
export function parseDefaultUser(reply: unknown): DefaultUser | undefined {
  const flags = pairs(reply).get('flags');
  if (!Array.isArray(flags)) return undefined;
  const f = flags.map(String);
  return { on: f.includes('on'), nopass: f.includes('nopass') };
}

/** "addr=127.0.0.1:5555 laddr=… user=x …" → the client's address. */
export function clientAddress(clientInfo: string): string | undefined {
  return /(?:^|\s)addr=(\S+)/.exec(clientInfo)?.[1];
}

/** Passwords that appear in guides and samples, the seed's own sample first; compared case-insensitively. */
const WELL_KNOWN = [
  'redis_cluster_password_123',
  'foobared',
  'password',
  'password123',
  'redis',
  'redis123',
  'redispassword',
  'admin',
  'admin123',
  'changeme',
  'secret',
  '123456',
  '12345678',
  'qwerty',
  'letmein',
  'default',
  'root',
  'test',
  'pass',
];

/** Judges the profile's password without keeping it. */
export function judgePassword(password: string | undefined): PasswordVerdict {
  if (!password) return { set: false };
  if (WELL_KNOWN.includes(password.toLowerCase())) return { set: true, weakness: 'it is a well-known sample password' };
  if (password.length < 12) return { set: true, weakness: `it has only ${password.length} characters (use 12 or more, random)` };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 2 && password.length < 20) return { set: true, weakness: 'it uses one character class and is shorter than 20 characters' };
  return { set: true };
}
