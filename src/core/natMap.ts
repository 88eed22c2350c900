// Address mapping for nodes behind NAT (Docker, Kubernetes): the cluster announces addresses that only its own
// network reaches; the profile's natMap says where the editor reaches them instead. Every connection to an
// address learnt from the cluster is dialled through dialTarget(); commands between nodes (MIGRATE, MEET) keep
// the announced address, since the nodes reach each other there.
import { isIP } from 'node:net';
import { type ClusterProfile, type HostPort, formatHostPort, parseHostPort } from './profile';

/** Where to dial a node, and the TLS server name its certificate is checked against. */
export interface DialTarget {
  hp: HostPort;
  servername?: string;
  /** True when a natMap entry applied. */
  mapped: boolean;
}

function parseEndpoint(text: string): HostPort | { host: string; port?: undefined } | string {
  const hp = parseHostPort(text);
  if (typeof hp !== 'string') return hp;
  if (/^[^:\s[\]]+$/.test(text) || /^\[[^\]]+\]$/.test(text) || isIP(text) === 6) return { host: text.replace(/^\[|\]$/g, '') };
  return hp;
}

/** Problems with an untrusted natMap value; empty when fine. */
export function natMapProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['"natMap": must be an object {"announced host:port": "reachable host:port"}'];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof parseEndpoint(k) === 'string') problems.push(`"natMap.${k}": the key must be "host:port" or "host"`);
    if (typeof v !== 'string' || typeof parseEndpoint(v) === 'string') problems.push(`"natMap.${k}": the value must be a "host:port" or "host" string`);
  }
  return problems;
}

/** A DNS name (not an IP literal): worth sending as the TLS server name. */
export function isHostName(host: string): boolean {
  return host !== '' && isIP(host) === 0;
}

function lookup(natMap: Record<string, string>, keys: string[]): string | undefined {
  for (const k of keys) if (natMap[k] !== undefined) return natMap[k];
  return undefined;
}

/**
 * Where to dial a node the cluster announced at `announced` (its IP endpoint) and, when it announces one,
 * `hostname`. natMap keys are tried as hostname:port, ip:port, hostname, ip.
 */
export function dialTarget(profile: ClusterProfile, announced: HostPort, hostname?: string): DialTarget {
  const natMap = profile.natMap ?? {};
  const keys = [
    ...(hostname ? [formatHostPort({ host: hostname, port: announced.port })] : []),
    formatHostPort(announced),
    ...(hostname ? [hostname] : []),
    announced.host,
  ];
  const value = lookup(natMap, keys);
  const explicit = profile.tls ? profile.tls.servername : undefined;
  const named = hostname ?? (isHostName(announced.host) ? announced.host : undefined);
  const servername = explicit ?? named;
  if (value === undefined) return { hp: announced, servername, mapped: false };
  const to = parseEndpoint(value);
  if (typeof to === 'string') return { hp: announced, servername, mapped: false };
  return { hp: { host: to.host, port: to.port ?? announced.port }, servername, mapped: true };
}

/** The TLS server name for a seed the profile lists: the announced host name a natMap entry maps onto it. */
export function seedServername(profile: ClusterProfile, seed: HostPort): string | undefined {
  if (profile.tls && profile.tls.servername) return profile.tls.servername;
  const seedText = formatHostPort(seed);
  for (const [k, v] of Object.entries(profile.natMap ?? {})) {
    const from = parseEndpoint(k);
    if (typeof from === 'string' || !isHostName(from.host)) continue;
    const to = parseEndpoint(v);
    if (typeof to === 'string') continue;
    if (v === seedText || (to.port === undefined && to.host === seed.host)) return from.host;
  }
  return undefined;
}
