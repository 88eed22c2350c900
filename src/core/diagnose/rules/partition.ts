// Partitions and split brain, judged from the view of EVERY reachable node: nodes that do not answer, groups of
// nodes that see different memberships (or do not know each other at all), slot owners that differ between
// views, config-epoch collisions, and nodes flagged fail/pfail with their failure reports.
import { formatRanges, compactSlots } from '../../topology/slots';
import { address, isFailing } from '../../topology/topology';
import { shortId } from '../../common/format';
import type { Finding, Gathered, NodeProbe } from '../types';
import { type Group, addressOf, groups, list, liveMasters, mainView, me, plural, reachable, strangers } from './context';

export function unreachableRule(g: Gathered): Finding[] {
  return g.nodes
    .filter((p) => !p.reachable)
    .map((p) => ({
      id: 'partition.unreachable',
      severity: 'error' as const,
      title: `${p.address} does not answer`,
      detail:
        `Could not read it within ${g.limits.timeoutMs} ms (${(p.error ?? 'no reply').replace(`${p.address}: `, '')}). ` +
        `A frozen process (DEBUG SLEEP, a long script, a stalled host), ` +
        `a dead node or a network cut look like this from here.`,
      nodes: [p.address],
    }));
}

function overlap(a: Group, b: Group): number[] {
  return [...a.slots].filter((s) => b.slots.has(s)).sort((x, y) => x - y);
}

export function groupsRule(g: Gathered): Finding[] {
  const all = groups(g);
  if (all.length < 2) return [];
  const [main, ...rest] = all;
  const out: Finding[] = [];
  const addrs = (x: Group) => x.members.map((p) => p.address);
  const split = rest.filter((r) => strangers(main, r) && r.slots.size > 0);
  if (split.length) {
    const clash = split.map((r) => overlap(main, r)).find((o) => o.length > 0) ?? [];
    const groupText = all.map((x, i) => `group ${i + 1}: ${list(addrs(x))} (${plural(x.slots.size, 'slot')})`).join('; ');
    out.push({
      id: 'partition.split-brain',
      severity: 'error',
      title: `Split brain: ${all.length} groups of nodes do not know each other`,
      detail: clash.length
        ? `${groupText}. Both sides claim slots ${formatRanges(compactSlots(clash))}: ` +
          `merging would lose the keys of one side, so Merge is refused. ` +
          `Decide which side's data wins, empty the other side's nodes ` +
          `(CLUSTER RESET HARD after saving what you need), then add them back.`
        : `${groupText}. Their slots do not overlap, so the groups can be merged: CLUSTER MEET from the larger group, then check and fix.`,
      nodes: split.flatMap(addrs),
      fix: clash.length ? undefined : { command: 'redisCluster.doctorMerge', args: {}, label: 'Merge…' },
    });
  }
  for (const r of rest.filter((x) => !split.includes(x))) {
    const missing = [...main.ids].filter((id) => !r.ids.has(id));
    const extra = [...r.ids].filter((id) => !main.ids.has(id));
    const alone = r.members.length === 1 && r.ids.size === 1;
    const node = r.members[0];
    const formerMaster = alone ? main.members.map((p) => p.view?.find((n) => n.id === me(node)?.id)?.masterId).find((x) => x) : undefined;
    // The others may already list the reset node as an empty master; then the master short of replicas wants it.
    const replicaOf = alone ? (formerMaster ?? neediestMaster(g)) : undefined;
    out.push({
      id: alone ? 'partition.isolated' : 'partition.membership',
      severity: 'error',
      title: alone ? `${node.address} knows no other node` : `${plural(r.members.length, 'node')} see a different membership`,
      detail: alone
        ? `${node.address} (${shortId(me(node)?.id ?? '?')}) knows only itself (after CLUSTER RESET, or it never joined), ` +
          `while ${plural(main.members.length, 'node')} still list it` +
          `${formerMaster ? ` as a replica of ${addressOf(g, formerMaster)}` : ''}. ` +
          `Add it back${replicaOf ? ` as a replica of ${addressOf(g, replicaOf)}` : ''}.`
        : `${list(addrs(r))} ` +
          `${missing.length ? `do not know ${list(missing.map((id) => addressOf(g, id)))}` : ''}` +
          `${missing.length && extra.length ? ' and ' : ''}` +
          `${extra.length ? `know ${list(extra.map((id) => addressOf(g, id)))} that the others do not` : ''}` +
          `. Wait for gossip a few seconds; if it stays, FORGET or MEET the node(s) named.`,
      nodes: addrs(r),
      fix: alone ? { command: 'redisCluster.doctorMerge', args: replicaOf ? { replicaOf } : {}, label: 'Add it back…' } : undefined,
    });
  }
  return out;
}

/** The master with slots and the fewest live replicas in the main view. */
function neediestMaster(g: Gathered): string | undefined {
  const view = mainView(g);
  const count = (id: string) => view.filter((n) => n.role === 'replica' && n.masterId === id && !isFailing(n)).length;
  return liveMasters(view)
    .filter((m) => m.slots.length)
    .sort((a, b) => count(a.id) - count(b.id))[0]?.id;
}

/** Slots whose owner differs between the views of the main group's members. */
export function slotOwnersRule(g: Gathered): Finding[] {
  const members = groups(g)[0]?.members ?? [];
  const claims = (p: NodeProbe) =>
    (p.view ?? [])
      .filter((n) => n.role === 'master' && n.slots.length)
      .map((n) => `${n.id}:${formatRanges(n.slots)}`)
      .sort()
      .join(' ');
  if (new Set(members.map(claims)).size < 2) return [];
  const owners = members.map((p) => {
    const o = new Array<string | undefined>(16384);
    for (const n of p.view ?? []) if (n.role === 'master') for (const [a, b] of n.slots) for (let s = a; s <= b; s++) o[s] = n.id;
    return o;
  });
  const differing: number[] = [];
  const dissenters = new Set<string>();
  for (let s = 0; s < 16384; s++) {
    const counts = new Map<string | undefined, number>();
    for (const o of owners) counts.set(o[s], (counts.get(o[s]) ?? 0) + 1);
    if (counts.size < 2) continue;
    differing.push(s);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    members.forEach((p, i) => owners[i][s] !== top && dissenters.add(p.address));
  }
  if (!differing.length) return [];
  return [
    {
      id: 'partition.slot-owners',
      severity: 'error',
      title: `Nodes disagree on the owner of ${plural(differing.length, 'slot')}`,
      detail:
        `Slots ${formatRanges(compactSlots(differing))} have a different owner ` +
        `in the view of ${list([...dissenters])} than in the others'. ` +
        `Right after a failover or migration this settles within seconds; if it stays, run Check and Fix.`,
      nodes: [...dissenters],
    },
  ];
}

export function epochRule(g: Gathered): Finding[] {
  const byEpoch = new Map<number, string[]>();
  for (const n of mainView(g))
    if (n.role === 'master' && n.slots.length) byEpoch.set(n.configEpoch, [...(byEpoch.get(n.configEpoch) ?? []), address(n)]);
  return [...byEpoch]
    .filter(([, a]) => a.length > 1)
    .map(([epoch, nodes]) => ({
      id: 'partition.epoch-collision',
      severity: 'warning' as const,
      title: `Masters share config epoch ${epoch}`,
      detail:
        `${list(nodes)} have the same config epoch; Redis resolves this on its own within a node timeout. ` +
        `If it stays, CLUSTER BUMPEPOCH on one of them.`,
      nodes,
    }));
}

export function failingRule(g: Gathered): Finding[] {
  const flags = new Map<string, { fail: string[]; pfail: string[]; reports: number }>();
  for (const p of reachable(g)) {
    for (const n of p.view ?? []) {
      if (n.myself || !(n.flags.includes('fail') || n.flags.includes('fail?'))) continue;
      const f = flags.get(n.id) ?? { fail: [], pfail: [], reports: 0 };
      (n.flags.includes('fail') ? f.fail : f.pfail).push(p.address);
      f.reports = Math.max(f.reports, p.failureReports?.[n.id] ?? 0);
      flags.set(n.id, f);
    }
  }
  return [...flags].map(([id, f]) => {
    const addr = addressOf(g, id);
    const failed = f.fail.length > 0;
    return {
      id: failed ? 'partition.node-failed' : 'partition.node-pfail',
      severity: failed ? ('error' as const) : ('warning' as const),
      title: failed ? `${addr} is marked failed` : `${addr} is suspected failing`,
      detail:
        `${failed ? `Marked fail by ${list(f.fail)}` : `Flagged pfail by ${list(f.pfail)}`}` +
        `${f.reports ? `; ${plural(f.reports, 'failure report')} held about it` : ''}. ` +
        `Restart it; once back, it rejoins (a failed master comes back as a replica of its successor), ` +
        `or forget it if it is gone for good.`,
      nodes: [addr],
      fix: failed ? { command: 'redisCluster.forgetNode', args: { nodeId: id }, label: 'Forget it…' } : undefined,
    };
  });
}

export function stateRule(g: Gathered): Finding[] {
  const down = reachable(g).filter((p) => p.clusterInfo && p.clusterInfo.state !== 'ok');
  if (!down.length) return [];
  return [
    {
      id: 'partition.cluster-state',
      severity: 'error',
      title: `cluster_state is not ok on ${plural(down.length, 'node')}`,
      detail:
        `${list(down.map((p) => `${p.address} (${p.clusterInfo?.state})`))}: ` +
        `these nodes refuse key commands (CLUSTERDOWN) until every slot they know has a live owner.`,
      nodes: down.map((p) => p.address),
    },
  ];
}

export const partitionRules = [unreachableRule, groupsRule, slotOwnersRule, epochRule, failingRule, stateRule];
