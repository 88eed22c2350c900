// OpenSSH known_hosts, read the way ssh reads it: plain and hashed (|1|salt|hash) host patterns, wildcards and
// negations, [host]:port for ports other than 22, @revoked keys; @cert-authority lines are skipped (ssh2 does
// not do host certificates). Only the file is read; it is never written (accepted keys are kept per profile).
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A host key as ssh-keygen -l prints it: SHA256:<base64 without padding>. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a key blob (its first SSH string), e.g. ssh-ed25519. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return '';
  const n = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + n).toString('latin1');
}

export interface KnownKey {
  type: string;
  blob: Buffer;
  revoked: boolean;
  /** file:line, for messages that point the user at the entry to fix. */
  where: string;
}

/** The name ssh looks hosts up by: `host` on port 22, `[host]:port` otherwise. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const [, magic, salt, hash] = entry.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether a comma-separated host pattern list matches `name` (a negated match wins over everything). */
export function hostPatternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let matched = false;
  for (const raw of patterns.split(',')) {
    const negated = raw.startsWith('!');
    const p = negated ? raw.slice(1) : raw;
    if (!wildcardMatch(p, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Keys listed for `host`:`port` in known_hosts text (empty when the host is not listed). */
export function keysForHost(text: string, host: string, port: number, file = 'known_hosts'): KnownKey[] {
  const name = hostEntryName(host, port);
  const out: KnownKey[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const fields = line.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: string | undefined;
    if (fields[0].startsWith('@')) marker = fields.shift();
    if (marker === '@cert-authority') return;
    const [patterns, type, base64] = fields;
    if (!patterns || !type || !base64 || !hostPatternsMatch(patterns, name)) return;
    const blob = Buffer.from(base64, 'base64');
    if (blob.length === 0) return;
    out.push({ type, blob, revoked: marker === '@revoked', where: `${file}:${i + 1}` });
  });
  return out;
}

export function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // A missing known_hosts file lists no host: every host is unknown, as with ssh.
    return '';
  }
}

export type HostKeyVerdict =
  | { status: 'known' }
  | { status: 'unknown' }
  | { status: 'revoked'; where: string }
  | { status: 'changed'; expected: string[]; where: string };

/** Verdict on the key a host presented, against the keys known_hosts lists for it. */
export function judgeHostKey(known: readonly KnownKey[], presented: Buffer): HostKeyVerdict {
  const same = known.filter((k) => k.blob.equals(presented));
  const revoked = same.find((k) => k.revoked);
  if (revoked) return { status: 'revoked', where: revoked.where };
  if (same.length) return { status: 'known' };
  const listed = known.filter((k) => !k.revoked);
  if (listed.length === 0) return { status: 'unknown' };
  return { status: 'changed', expected: listed.map((k) => fingerprint(k.blob)), where: listed[0].where };
}

const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Host key algorithms to offer, those of the listed key types first (as ssh does): a host known by its RSA key
 * must not be judged "changed" just because it would rather show its Ed25519 key.
 */
export function preferredHostKeyAlgorithms(known: readonly KnownKey[]): string[] | undefined {
  const first = [...new Set(known.filter((k) => !k.revoked).flatMap((k) => HOST_KEY_ALGORITHMS[k.type] ?? []))];
  if (first.length === 0) return undefined;
  const rest = Object.values(HOST_KEY_ALGORITHMS)
    .flat()
    .filter((a) => !first.includes(a));
  return [...first, ...rest];
}
