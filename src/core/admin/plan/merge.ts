// Merge plan for a split cluster: groups of nodes that do not know each other are joined by CLUSTER MEET from
// the largest group, then checked and fixed, then (optionally) rebalanced. Pure: groups in, plan out.
// Groups whose slots overlap are refused: joining them would make one side's keys in those slots unreachable.
//
// Public API:
//   planMerge(groups, opts?): MergePlan       throws PlanError with the reason when merging is unsafe
//   renderMerge(plan, format): string
import { type SlotRange, compactSlots, countSlots, expandRanges, formatRanges } from '../../topology/slots';
import { type ClusterNode, address } from '../../topology/topology';
import { PlanError } from './types';
import * as md from '../../reports/markdown';
import { shortId } from '../../common/format';

export interface MergeNode {
  id: string;
  host: string;
  port: number;
  cport: number;
  role: 'master' | 'replica';
  slots: SlotRange[];
}

export interface MergeGroup {
  nodes: MergeNode[];
}

export interface MergeMeet {
  /** host:port of the node that sends CLUSTER MEET. */
  from: string;
  host: string;
  port: number;
  cport: number;
  /** host:port of the node introduced. */
  node: string;
}

export interface MergePlan {
  kind: 'merge';
  groups: { nodes: string[]; slots: number; ranges: string }[];
  meets: MergeMeet[];
  /** Slotless single nodes (a replica cut off by CLUSTER RESET) to make replicas again once met: host:port -> master id. */
  replicate: { node: string; masterId: string }[];
  rebalance: boolean;
  steps: string[];
  createdAt: number;
}

const addr = address;

/** Nodes grouped by the membership they see (each node's own line speaks for it); one group when all agree. */
export function groupsFromViews(views: readonly { nodes?: ClusterNode[] }[]): MergeGroup[] {
  const byKey = new Map<string, MergeGroup>();
  for (const v of views) {
    const me = v.nodes?.find((n) => n.myself);
    if (!me || !v.nodes) continue;
    const key = v.nodes
      .filter((n) => !n.flags.includes('handshake'))
      .map((n) => n.id)
      .sort()
      .join(',');
    const g = byKey.get(key) ?? { nodes: [] };
    g.nodes.push({ id: me.id, host: me.host, port: me.port, cport: me.cport, role: me.role, slots: me.slots });
    byKey.set(key, g);
  }
  return [...byKey.values()];
}

function slotsOf(g: MergeGroup): number[] {
  return expandRanges(g.nodes.filter((n) => n.role === 'master').flatMap((n) => n.slots));
}

export interface MergeOptions {
  rebalance?: boolean;
  /** Master id that slotless single-node groups should replicate after the meet. */
  replicaOf?: string;
}

export function planMerge(groups: MergeGroup[], opts: MergeOptions = {}): MergePlan {
  if (groups.length < 2) throw new PlanError('nothing to merge: all reachable nodes already know each other');
  const sorted = [...groups].sort((a, b) => b.nodes.length - a.nodes.length || slotsOf(b).length - slotsOf(a).length);
  const owner = new Map<number, number>();
  sorted.forEach((g, i) => {
    for (const s of slotsOf(g)) {
      const prev = owner.get(s);
      if (prev !== undefined && prev !== i) {
        const clash = slotsOf(g).filter((x) => owner.get(x) === prev);
        throw new PlanError(
          `merge refused: groups ${prev + 1} and ${i + 1} both own slots ${formatRanges(compactSlots(clash))}; ` +
            'joining them would make the keys of one side in those slots unreachable (lost). ' +
            'Decide which side wins and empty the other first',
        );
      }
      owner.set(s, i);
    }
  });
  const [main, ...rest] = sorted;
  const from = main.nodes.find((n) => n.role === 'master') ?? main.nodes[0];
  const meets = rest.flatMap((g) =>
    g.nodes.map((n): MergeMeet => ({ from: addr(from), host: n.host, port: n.port, cport: n.cport, node: addr(n) })),
  );
  const rebalance = !!opts.rebalance;
  const covered = owner.size;
  const lone = rest.filter((g) => g.nodes.length === 1 && slotsOf(g).length === 0).map((g) => addr(g.nodes[0]));
  const replicate = opts.replicaOf ? lone.map((node) => ({ node, masterId: opts.replicaOf as string })) : [];
  return {
    kind: 'merge',
    groups: sorted.map((g) => {
      const slots = compactSlots(slotsOf(g));
      return { nodes: g.nodes.map(addr), slots: countSlots(slots), ranges: formatRanges(slots) };
    }),
    meets,
    replicate,
    rebalance,
    steps: [
      `CLUSTER MEET from ${addr(from)} (largest group) to ${meets.length} node(s) of the other group(s)`,
      'wait until every node knows every other and all agree on slot owners',
      ...replicate.map((r) => `CLUSTER REPLICATE ${shortId(r.masterId)} on ${r.node}`),
      `check, and fix what check finds${covered < 16384 ? ` (${16384 - covered} slot(s) no group owns get assigned)` : ''}`,
      ...(rebalance ? ['rebalance slots over all masters'] : []),
      'verify: check passes',
    ],
    createdAt: Date.now(),
  };
}

export function renderMerge(plan: MergePlan, format: 'text' | 'markdown' = 'text'): string {
  if (format === 'markdown') {
    const groups = plan.groups.map((g, i) => [
      `${i + 1}${i === 0 ? ' (kept)' : ''}`,
      g.nodes.join(', '),
      `${g.slots} (${g.ranges || 'none'})`,
    ]);
    return md.document(
      [md.heading(1, 'Merge the split cluster'), ''],
      [...md.table(['group', 'nodes', 'slots'], groups), ''],
      [md.heading(2, 'Steps'), '', ...md.numbered(plan.steps), ''],
    );
  }
  return [
    'Merge the split cluster:',
    ...plan.groups.map((g, i) => `  group ${i + 1}: ${g.nodes.join(', ')} (${g.slots} slots${g.ranges ? `: ${g.ranges}` : ''})`),
    'Steps:',
    ...plan.steps.map((s, i) => `  ${i + 1}. ${s}`),
  ].join('\n');
}
