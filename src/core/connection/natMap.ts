// Address mapping for nodes behind NAT (Docker, Kubernetes): the cluster announces addresses that only its own
// network reaches; the profile's natMap says where the editor reaches them instead. Every connection to an
// address learnt from the cluster is dialled through dialTarget(); commands between nodes (MIGRATE, MEET) keep
// the announced address, since the nodes reach each other there.
import { isIP } from 'node:net';
import { type HostPort, address } from '../common/format';
import { parseEndpoint } from './natMapSyntax';

/** The part of a profile that decides where to dial (structural, so profile.ts can import natMapSyntax freely). */
export interface NatProfile {
  natMap?: Record<string, string>;
  tls?: { servername?: string } | false;
}

/** Where to dial a node, and the TLS server name its certificate is checked against. */
export interface DialTarget {
  hp: HostPort;
  servername?: string;
  /** True when a natMap entry applied. */
  mapped: boolean;
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
export function dialTarget(profile: NatProfile, announced: HostPort, hostname?: string): DialTarget {
  const natMap = profile.natMap ?? {};
  const keys = [
    ...(hostname ? [address({ host: hostname, port: announced.port })] : []),
    address(announced),
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
export function seedServername(profile: NatProfile, seed: HostPort): string | undefined {
  if (profile.tls && profile.tls.servername) return profile.tls.servername;
  const seedText = address(seed);
  for (const [k, v] of Object.entries(profile.natMap ?? {})) {
    const from = parseEndpoint(k);
    if (typeof from === 'string' || !isHostName(from.host)) continue;
    const to = parseEndpoint(v);
    if (typeof to === 'string') continue;
    if (v === seedText || (to.port === undefined && to.host === seed.host)) return from.host;
  }
  return undefined;
}
