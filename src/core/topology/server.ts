// Which server a node runs, from its INFO: Valkey answers `redis_version:7.2.4` for compatibility and keeps its
// own version in `valkey_version` (and `server_name:valkey`), so the name decides which field is the version.
// The end-of-life table is the maintainers' published support windows (docs/servers.md says where from).

export type ServerName = 'redis' | 'valkey';

export interface ServerIdentity {
  name: ServerName;
  /** The server's own version (valkey_version on Valkey, redis_version on Redis). */
  version: string;
  /** What the node reports for Redis compatibility (equals `version` on Redis). */
  redisVersion: string;
}

/** Identity from INFO fields (the `server` section); undefined when INFO had no version at all. */
export function serverIdentity(info: Record<string, string> | undefined): ServerIdentity | undefined {
  if (!info) return undefined;
  const redisVersion = info.redis_version ?? '';
  const valkey = info.server_name === 'valkey' || info.valkey_version !== undefined;
  const version = valkey ? (info.valkey_version ?? redisVersion) : redisVersion;
  if (!version) return undefined;
  return { name: valkey ? 'valkey' : 'redis', version, redisVersion: redisVersion || version };
}

/** "Valkey 8.0.1", "Redis 7.0.15". */
export function serverLabel(s: ServerIdentity | undefined): string {
  if (!s) return 'unknown server';
  return `${s.name === 'valkey' ? 'Valkey' : 'Redis'} ${s.version}`;
}

/** Numeric comparison of dotted versions ("7.10.0" > "7.9.3"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * Release lines past their maintainers' end of life: no more fixes, security ones included. Only lines whose end
 * is published and past are listed (Redis ended 6.0 and everything older; Valkey has ended none of its lines).
 * A line is "major.minor"; `before` means every line older than it.
 */
const END_OF_LIFE: Record<ServerName, { before: string; note: string }> = {
  redis: { before: '6.2', note: 'Redis 6.0 and older get no fixes, security fixes included' },
  valkey: { before: '0', note: '' },
};

/** Why this server is past end of life, or undefined while it is maintained (or unknown). */
export function endOfLife(s: ServerIdentity | undefined): string | undefined {
  if (!s) return undefined;
  const eol = END_OF_LIFE[s.name];
  return compareVersions(s.version, eol.before) < 0 ? eol.note : undefined;
}

/** Nodes grouped by server label, most common first: one group means every node runs the same server. */
export function serverGroups<T>(nodes: T[], identity: (n: T) => ServerIdentity | undefined): { label: string; nodes: T[] }[] {
  const by = new Map<string, T[]>();
  for (const n of nodes) {
    const id = identity(n);
    if (!id) continue;
    const label = serverLabel(id);
    by.set(label, [...(by.get(label) ?? []), n]);
  }
  return [...by]
    .map(([label, list]) => ({ label, nodes: list }))
    .sort((a, b) => b.nodes.length - a.nodes.length || a.label.localeCompare(b.label));
}
