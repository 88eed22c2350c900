// Pure renderers of a topology for "Export Topology": JSON (stable, for scripts), Markdown (a table for
// tickets and runbooks) and Mermaid (a diagram: shards as subgraphs, replication as arrows).
import { countSlots, formatRanges } from './slots';
import { type ClusterNode, type Topology, address, isFailing } from './topology';
import { shortId } from '../common/format';

export type TopologyFormat = 'json' | 'markdown' | 'mermaid';

export interface ExportedNode {
  id: string;
  address: string;
  role: ClusterNode['role'];
  masterId?: string;
  flags: string[];
  failing: boolean;
  slots: string;
  slotCount: number;
}

export interface ExportedTopology {
  state: string;
  source: string;
  fetchedAt: string;
  slotsAssigned: number;
  shards: { master?: ExportedNode; replicas: ExportedNode[]; slots: string; slotCount: number }[];
  /** Nodes in no shard with a master (e.g. a master without slots, or a replica of an unknown master). */
  nodes: number;
}

function node(n: ClusterNode): ExportedNode {
  return {
    id: n.id,
    address: address(n),
    role: n.role,
    ...(n.masterId ? { masterId: n.masterId } : {}),
    flags: n.flags.filter((f) => f !== 'myself'),
    failing: isFailing(n),
    slots: formatRanges(n.slots),
    slotCount: countSlots(n.slots),
  };
}

export function topologyJson(t: Topology): ExportedTopology {
  return {
    state: t.info.state,
    source: t.source,
    fetchedAt: new Date(t.fetchedAt).toISOString(),
    slotsAssigned: t.info.slotsAssigned,
    shards: t.shards.map((s) => ({
      master: s.master && node(s.master),
      replicas: s.replicas.map(node),
      slots: formatRanges(s.slots),
      slotCount: countSlots(s.slots),
    })),
    nodes: t.nodes.length,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function topologyMarkdown(t: Topology, title = 'Redis Cluster topology'): string {
  const j = topologyJson(t);
  const out = [
    `# ${title}`,
    '',
    `State **${j.state}**, ${j.slotsAssigned} of 16384 slots assigned, ${j.shards.length} shards, ` +
      `${j.nodes} nodes. ` +
      `Read from ${j.source} at ${j.fetchedAt}.`,
    '',
    '| shard | role | address | id | slots | flags |',
    '|---|---|---|---|---|---|',
  ];
  j.shards.forEach((s, i) => {
    for (const n of [...(s.master ? [s.master] : []), ...s.replicas]) {
      const flags = [...n.flags.filter((f) => f !== 'master' && f !== 'slave'), ...(n.failing ? ['FAILING'] : [])].join(', ');
      const slots = n.role === 'master' ? `${n.slotCount} (${n.slots || '-'})` : '';
      out.push(`| ${i + 1} | ${n.role} | ${cell(n.address)} | \`${shortId(n.id)}\` | ${slots} | ${cell(flags)} |`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** Mermaid ids must be plain words; labels are quoted and free of quotes. */
const mid = (id: string) => `n${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
const label = (text: string) => text.replace(/["<>]/g, '');

export function topologyMermaid(t: Topology): string {
  const j = topologyJson(t);
  const out = ['flowchart LR'];
  j.shards.forEach((s, i) => {
    out.push(`  subgraph shard${i + 1}["shard ${i + 1}: ${s.slotCount} slots"]`);
    for (const n of [...(s.master ? [s.master] : []), ...s.replicas]) {
      const lines = [`${n.role} ${n.address}`, ...(n.role === 'master' ? [n.slots || 'no slots'] : []), ...(n.failing ? ['FAILING'] : [])];
      out.push(`    ${mid(n.id)}["${lines.map(label).join('<br/>')}"]`);
    }
    out.push('  end');
  });
  for (const s of j.shards) for (const r of s.replicas) if (r.masterId) out.push(`  ${mid(r.id)} -- replicates --> ${mid(r.masterId)}`);
  const failing = j.shards.flatMap((s) => [...(s.master ? [s.master] : []), ...s.replicas]).filter((n) => n.failing);
  if (failing.length) {
    out.push('  classDef failing stroke:#d00,stroke-width:3px', `  class ${failing.map((n) => mid(n.id)).join(',')} failing`);
  }
  return `${out.join('\n')}\n`;
}

export function renderTopology(t: Topology, format: TopologyFormat, title?: string): string {
  if (format === 'json') return `${JSON.stringify(topologyJson(t), null, 2)}\n`;
  return format === 'markdown' ? topologyMarkdown(t, title) : topologyMermaid(t);
}
