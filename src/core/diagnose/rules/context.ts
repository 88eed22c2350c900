// Shared readings of the gathered data for the rules: who each node is, which nodes see the same membership
// (groups), and one consolidated view of the main group where each reachable node speaks for itself.
import type { NodeView } from '../../topology/agreement';
import type { ClusterNode } from '../../topology/topology';
import { address, isFailing } from '../../topology/topology';
import { shortId } from '../../common/format';
import { masters } from '../../topology/nodeLookup';
import type { Gathered, NodeProbe } from '../types';

export const me = (p: NodeProbe): ClusterNode | undefined => p.view?.find((n) => n.myself);

export function reachable(g: Gathered): NodeProbe[] {
  return g.nodes.filter((p) => p.reachable && p.view);
}

/** The membership a node sees: ids of every node it knows, itself included (handshakes are not members yet). */
function membership(p: NodeProbe): string[] {
  return (p.view ?? [])
    .filter((n) => !n.flags.includes('handshake'))
    .map((n) => n.id)
    .sort();
}

export interface Group {
  members: NodeProbe[];
  /** Node ids this group's members know. */
  ids: Set<string>;
  /** Slots the group's masters own, each by its own account. */
  slots: Set<number>;
}

/** Reachable nodes grouped by the membership they see; the largest group (most members, then most slots) first. */
export function groups(g: Gathered): Group[] {
  const byKey = new Map<string, Group>();
  for (const p of reachable(g)) {
    const ids = membership(p);
    const key = ids.join(',');
    let grp = byKey.get(key);
    if (!grp) byKey.set(key, (grp = { members: [], ids: new Set(ids), slots: new Set() }));
    grp.members.push(p);
    const m = me(p);
    if (m?.role === 'master') for (const [a, b] of m.slots) for (let s = a; s <= b; s++) grp.slots.add(s);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.members.length - a.members.length || b.slots.size - a.slots.size || a.members[0].address.localeCompare(b.members[0].address),
  );
}

/** True when no member of one group knows any member of the other. */
export function strangers(a: Group, b: Group): boolean {
  const idsOf = (x: Group) => x.members.map((p) => me(p)?.id).filter((id): id is string => !!id);
  return !idsOf(b).some((id) => a.ids.has(id)) && !idsOf(a).some((id) => b.ids.has(id));
}

/**
 * The main group's picture of the cluster: the first member's view, with each reachable node's line replaced by
 * its own (a node knows its own role, master and slots best).
 */
export function mainView(g: Gathered): ClusterNode[] {
  const main = groups(g)[0];
  if (!main) return [];
  const own = new Map<string, ClusterNode>();
  for (const p of main.members) {
    const m = me(p);
    if (m) own.set(m.id, m);
  }
  const base = main.members.find((p) => p.clusterInfo?.state === 'ok') ?? main.members[0];
  return (base.view ?? []).map((n) => {
    const o = own.get(n.id);
    return o ? { ...o, myself: false, flags: n.flags.filter((f) => f !== 'myself') } : { ...n, myself: false };
  });
}

/** The main group's per-node views, in the shape agreement.ts and check.ts read. */
export function mainViews(g: Gathered): NodeView[] {
  return (groups(g)[0]?.members ?? []).map((p) => ({ address: p.address, nodes: p.view, info: p.clusterInfo }));
}

/** host:port of a node id, from any view. */
export function addressOf(g: Gathered, id: string): string {
  for (const p of g.nodes) {
    const n = p.view?.find((x) => x.id === id);
    if (n) return address(n);
  }
  return shortId(id);
}

export function liveMasters(view: ClusterNode[]): ClusterNode[] {
  return masters({ nodes: view }).filter((n) => !isFailing(n) && !n.flags.includes('noaddr'));
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const list = (items: string[], max = 8) =>
  items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
