// Memory: used vs maxmemory, fragmentation, evictions, an eviction policy that cannot evict the keys present,
// and big keys from the sampled scan.
import { formatBytes } from '../../common/format';
import type { Finding, Gathered } from '../types';
import { list, plural, reachable } from './context';

export const USED_WARN = 0.9;
/** Fragmentation is noise on small instances; judged only above this much used memory. */
export const FRAG_MIN_BYTES = 64 * 1024 * 1024;
export const FRAG_RATIO = 1.5;
export const TOP_KEYS = 5;

function keysAndExpires(info: Record<string, string>): { keys: number; expires: number } {
  let keys = 0;
  let expires = 0;
  for (const [k, v] of Object.entries(info)) {
    if (!/^db\d+$/.test(k)) continue;
    keys += Number(/keys=(\d+)/.exec(v)?.[1] ?? 0);
    expires += Number(/expires=(\d+)/.exec(v)?.[1] ?? 0);
  }
  return { keys, expires };
}

export function memoryRules(g: Gathered): Finding[] {
  const out: Finding[] = [];
  for (const p of reachable(g)) {
    const info = p.info;
    if (!info) continue;
    const used = Number(info.used_memory ?? 0);
    const max = Number(p.config?.maxmemory ?? info.maxmemory ?? 0);
    const policy = p.config?.['maxmemory-policy'] ?? info.maxmemory_policy;
    if (max > 0 && used >= USED_WARN * max) {
      const full = used >= max;
      out.push({
        id: 'memory.near-limit',
        severity: full && policy === 'noeviction' ? 'error' : 'warning',
        title: `${p.address}: memory ${full ? 'at' : 'near'} maxmemory`,
        detail:
          `${formatBytes(used)} used of ${formatBytes(max)} (${Math.round((100 * used) / max)} %), policy ${policy}.` +
          `${policy === 'noeviction' ? ' Writes fail with OOM once it is full.' : ' Keys are being evicted.'}`,
        nodes: [p.address],
      });
    }
    const frag = Number(info.mem_fragmentation_ratio ?? 1);
    if (used > FRAG_MIN_BYTES && frag > FRAG_RATIO) {
      out.push({
        id: 'memory.fragmentation',
        severity: 'warning',
        title: `${p.address}: memory fragmentation ${frag}`,
        detail:
          `The process holds ${frag}× the memory its data needs (${formatBytes(used)} used). ` +
          `activedefrag yes, or a restart after failover, gives it back.`,
        nodes: [p.address],
      });
    }
    const evicted = Number(info.evicted_keys ?? 0);
    if (evicted > 0) {
      out.push({
        id: 'memory.evictions',
        severity: 'warning',
        title: `${p.address}: ${plural(evicted, 'key')} evicted`,
        detail:
          `The node dropped keys to stay under maxmemory (${formatBytes(max)}, ${policy}). ` +
          `Raise maxmemory, add masters, or shrink the data.`,
        nodes: [p.address],
      });
    }
    const { keys, expires } = keysAndExpires(info);
    if (max > 0 && policy?.startsWith('volatile-') && keys > 0 && expires === 0) {
      out.push({
        id: 'memory.policy-cannot-evict',
        severity: 'warning',
        title: `${p.address}: ${policy} cannot evict any key`,
        detail:
          `None of its ${plural(keys, 'key')} has a TTL, and ${policy} only evicts keys with one: ` +
          `at maxmemory writes fail with OOM. Use an allkeys-* policy or set TTLs.`,
        nodes: [p.address],
      });
    }
  }
  const big = g.bigKeys.flatMap((s) => s.largest.filter((k) => k.bytes >= g.limits.bigKeyBytes).map((k) => ({ ...k, node: s.node })));
  for (const k of big) {
    out.push({
      id: 'memory.big-key',
      severity: 'warning',
      title: `${k.node}: big key ${k.key} (${formatBytes(k.bytes)})`,
      detail:
        `${k.type ?? 'A'} value of ${formatBytes(k.bytes)}, over ${formatBytes(g.limits.bigKeyBytes)}: ` +
        `reading, migrating or deleting it blocks the node, ` +
        `and it cannot be spread over masters. Split it into smaller keys.`,
      nodes: [k.node],
    });
  }
  const all = g.bigKeys
    .flatMap((s) => s.largest.map((k) => ({ ...k, node: s.node })))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, TOP_KEYS);
  if (all.length) {
    const sampled = g.bigKeys.reduce((s, b) => s + b.sampled, 0);
    const partial = g.bigKeys.filter((b) => !b.complete).map((b) => b.node);
    out.push({
      id: 'memory.largest-keys',
      severity: 'info',
      title: `Largest keys (${plural(sampled, 'key')} sampled)`,
      detail:
        `${all.map((k) => `${k.key} ${formatBytes(k.bytes)} on ${k.node}`).join('; ')}.` +
        `${partial.length ? ` The scan stopped at its budget on ${list(partial, 4)}, so these are a sample there.` : ''}`,
      nodes: [...new Set(all.map((k) => k.node))],
    });
  }
  const failed = g.bigKeys.filter((b) => b.error);
  if (failed.length) {
    out.push({
      id: 'memory.scan-failed',
      severity: 'info',
      title: `Big-key scan failed on ${plural(failed.length, 'master')}`,
      detail: failed.map((b) => `${b.node}: ${b.error}`).join('; '),
      nodes: failed.map((b) => b.node),
    });
  }
  return out;
}
