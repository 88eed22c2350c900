// Which servers the nodes run: a mix of versions (a rolling upgrade left half done, or a node left behind) and
// servers past their maintainers' end of life. Versions come from INFO (valkey_version before redis_version).
import { endOfLife, serverGroups, serverIdentity } from '../../topology/server';
import type { Finding, Gathered, NodeProbe } from '../types';
import { list, reachable } from './context';

const identity = (p: NodeProbe) => serverIdentity(p.info);

/** Server label → the nodes running it, most common first (also shown at the top of the report). */
export function serversOf(g: Gathered): { label: string; nodes: string[] }[] {
  return serverGroups(reachable(g), identity).map((s) => ({ label: s.label, nodes: s.nodes.map((p) => p.address) }));
}

export function mixedVersionsRule(g: Gathered): Finding[] {
  const groups = serversOf(g);
  if (groups.length < 2) return [];
  const [common, ...others] = groups;
  return [
    {
      id: 'servers.mixed-versions',
      severity: 'warning',
      title: `Nodes run ${groups.length} different server versions`,
      detail:
        `${groups.map((s) => `${s.label} on ${list(s.nodes, 4)}`).join('; ')}. ` +
        `A rolling upgrade should not stay half done: replication and failover between versions are only ` +
        `supported in the upgrade direction. Upgrade ${list(
          others.flatMap((o) => o.nodes),
          4,
        )} to ${common.label} or finish the upgrade everywhere.`,
      nodes: others.flatMap((o) => o.nodes),
    },
  ];
}

export function endOfLifeRule(g: Gathered): Finding[] {
  const byLabel = new Map<string, { note: string; nodes: string[] }>();
  for (const p of reachable(g)) {
    const id = identity(p);
    const note = endOfLife(id);
    if (!id || !note) continue;
    const label = `${id.name === 'valkey' ? 'Valkey' : 'Redis'} ${id.version}`;
    const e = byLabel.get(label) ?? { note, nodes: [] };
    e.nodes.push(p.address);
    byLabel.set(label, e);
  }
  return [...byLabel].map(([label, e]) => ({
    id: 'servers.end-of-life',
    severity: 'warning' as const,
    title: `${label} is past its end of life`,
    detail: `${list(e.nodes, 4)} run ${label}: ${e.note}. Plan an upgrade to a maintained release (docs/servers.md).`,
    nodes: e.nodes,
  }));
}

export const serverRules = [mixedVersionsRule, endOfLifeRule];
