// Configuration drift: settings that should be the same on every node. Where ACL denies CONFIG GET this is said
// once, and the rules that need the configuration are skipped.
import type { Finding, Gathered } from '../types';
import { list, plural, reachable } from './context';

export const DRIFT_PARAMS = [
  'cluster-node-timeout',
  'maxmemory-policy',
  'cluster-require-full-coverage',
  'cluster-allow-reads-when-down',
  'appendonly',
];

export function deniedRule(g: Gathered): Finding[] {
  const byProbe = new Map<string, string[]>();
  for (const p of reachable(g)) for (const d of p.denied) byProbe.set(d, [...(byProbe.get(d) ?? []), p.address]);
  return [...byProbe].map(([probe, nodes]) => ({
    id: 'access.denied',
    severity: 'info' as const,
    title: `${probe} is denied to user "${g.user?.username ?? g.profile.username}" on ${plural(nodes.length, 'node')}`,
    detail:
      `ACL refused ${probe} on ${list(nodes, 4)}; the checks that need it were skipped there` +
      `${probe === 'CONFIG GET' ? ' (configuration drift, TLS and protected-mode checks, maxmemory-policy)' : ''}` +
      `. A user with +${probe.split(' ')[0].toLowerCase()} sees everything.`,
    nodes,
  }));
}

export function driftRule(g: Gathered): Finding[] {
  const out: Finding[] = [];
  const withConfig = reachable(g).filter((p) => p.config);
  for (const param of DRIFT_PARAMS) {
    const byValue = new Map<string, string[]>();
    for (const p of withConfig) {
      const v = p.config?.[param];
      if (v !== undefined) byValue.set(v, [...(byValue.get(v) ?? []), p.address]);
    }
    if (byValue.size < 2) continue;
    const [common, ...others] = [...byValue].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const odd = others.flatMap(([, nodes]) => nodes);
    out.push({
      id: `config.drift.${param}`,
      severity: 'warning',
      title: `${param} differs between nodes`,
      detail:
        `${plural(common[1].length, 'node')} have ${param} ${common[0] || '""'}; ` +
        `${others.map(([v, n]) => `${list(n, 4)} ${n.length === 1 ? 'has' : 'have'} ${v || '""'}`).join('; ')}. ` +
        `After a failover the cluster would behave differently. ` +
        `CONFIG SET it to one value everywhere (and CONFIG REWRITE).`,
      nodes: odd,
    });
  }
  return out;
}

export const configRules = [deniedRule, driftRule];
