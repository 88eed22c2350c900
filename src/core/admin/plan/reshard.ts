// Reshard planner: move N slots (or an explicit list) from one or more sources to one target. Pure.
//
// With N, each source gives a share proportional to its slot count (largest source rounds up, the others
// down, any shortfall is taken again in the same order), always its lowest-numbered slots — the way
// `redis-cli --cluster reshard` splits the work, with ties broken by node id.
// With a slot list, every slot must be owned by a source (or by any master but the target when no source
// is given); slots already on the target are skipped with a note, so re-planning after a partial run is safe.
//
// Public API:
//   planReshard(topo: { nodes }, opts: ReshardOptions): Plan   — throws PlanError on invalid input
import type { ClusterNode } from '../../topology/topology';
import { compactSlots, countSlots, formatRanges, isValidSlot } from '../../topology/slots';
import { ownerMap, planMasters, slotsOf, summarizeBalance } from './balance';
import { type Move, type Plan, PlanError, type ReshardParams, type SlotKeyCounts } from './types';
import { address, shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';

export interface ReshardOptions {
  /** Source master ids. Empty or ['all']: every master with slots except the target. */
  from?: readonly string[];
  /** Target master id. */
  to: string;
  /** How many slots to move (give this or slotList). */
  slots?: number;
  /** Exactly these slots (give this or slots). */
  slotList?: readonly number[];
  counts?: SlotKeyCounts;
}

function describe(n: ClusterNode): string {
  return `${shortId(n.id)} (${address(n)})`;
}

export function planReshard(topo: { nodes: readonly ClusterNode[] }, opts: ReshardOptions): Plan {
  const byId = new Map(topo.nodes.map((n) => [n.id, n]));
  const target = byId.get(opts.to);
  if (!target) throw new PlanError(`target node ${opts.to} is not in the cluster`);
  if (target.role !== 'master') {
    throw new PlanError(
      `target ${describe(target)} is a replica${target.masterId ? ` of ${shortId(target.masterId)}` : ''}; reshard to a master`,
    );
  }
  if (target.flags.includes('fail') || target.flags.includes('fail?'))
    throw new PlanError(`target ${describe(target)} is failing (${target.flags.join(',')})`);
  const masters = planMasters(topo.nodes);
  const all = !opts.from || opts.from.length === 0 || (opts.from.length === 1 && opts.from[0] === 'all');
  const sourceIds = all ? masters.filter((m) => m.id !== target.id && countSlots(m.slots) > 0).map((m) => m.id) : [...new Set(opts.from)];
  for (const id of sourceIds) {
    const n = byId.get(id);
    if (!n) throw new PlanError(`source node ${id} is not in the cluster`);
    if (n.role !== 'master') throw new PlanError(`source ${describe(n)} is a replica; reshard from masters`);
    if (id === target.id) throw new PlanError(`source and target are the same node ${describe(n)}`);
  }
  const owners = ownerMap(masters);
  const notes: string[] = [];
  let moves: Move[];

  if (opts.slotList !== undefined) {
    if (opts.slots !== undefined) throw new PlanError('give either a number of slots or a slot list, not both');
    const bad = opts.slotList.filter((s) => !isValidSlot(s));
    if (bad.length) throw new PlanError(`invalid slot numbers: ${bad.slice(0, 5).join(', ')} (slots are 0-16383)`);
    const wanted = [...new Set(opts.slotList)].sort((a, b) => a - b);
    if (wanted.length === 0) throw new PlanError('the slot list is empty');
    const already = wanted.filter((s) => owners.get(s) === target.id);
    if (already.length) notes.push(`${already.length} slot(s) already on the target, skipped: ${formatRanges(compactSlots(already))}`);
    const sources = new Set(sourceIds);
    moves = [];
    for (const s of wanted) {
      const owner = owners.get(s);
      if (owner === target.id) continue;
      if (!owner) throw new PlanError(`slot ${s} has no owner; run fix to assign uncovered slots first`);
      if (!all && !sources.has(owner))
        throw new PlanError(`slot ${s} is owned by ${describe(byId.get(owner) as ClusterNode)}, which is not among the sources`);
      moves.push({ slot: s, from: owner, to: target.id });
    }
  } else {
    const n = opts.slots;
    if (n === undefined || !Number.isInteger(n) || n < 1) throw new PlanError(`the number of slots must be an integer >= 1, got ${n}`);
    const pools = sourceIds
      .map((id) => ({ id, slots: slotsOf(owners, id) }))
      .sort((a, b) => b.slots.length - a.slots.length || (a.id < b.id ? -1 : 1));
    const available = pools.reduce((t, p) => t + p.slots.length, 0);
    if (available === 0) throw new PlanError('the sources hold no slots');
    if (n > available) throw new PlanError(`asked for ${n} slots but the sources hold only ${available}`);
    const take = pools.map((p, i) => {
      const share = (n / available) * p.slots.length;
      return Math.min(p.slots.length, i === 0 ? Math.ceil(share) : Math.floor(share));
    });
    let short = n - take.reduce((t, x) => t + x, 0);
    for (let i = 0; short > 0; i = (i + 1) % pools.length) {
      if (take[i] < pools[i].slots.length) {
        take[i]++;
        short--;
      }
    }
    moves = pools.flatMap((p, i) => p.slots.slice(0, take[i]).map((slot) => ({ slot, from: p.id, to: target.id })));
    moves = moves.slice(0, n).sort((a, b) => a.slot - b.slot);
  }
  if (opts.counts) for (const m of moves) m.keys = opts.counts.get(m.slot) ?? 0;
  const params: ReshardParams = { from: all ? ['all'] : sourceIds, to: target.id };
  if (opts.slotList !== undefined) params.slotList = formatRanges(compactSlots(opts.slotList));
  else params.slots = opts.slots;
  return {
    kind: 'reshard',
    by: 'slots',
    params,
    moves,
    totals: {
      slots: moves.length,
      keys: opts.counts ? moves.reduce((t, m) => t + (m.keys ?? 0), 0) : undefined,
      pairs: new Set(moves.map((m) => m.from)).size,
    },
    balance: summarizeBalance(masters, moves, opts.counts),
    notes:
      moves.length === 0
        ? [...notes, 'nothing to move']
        : notes.concat(
            sourceIds.length > 1
              ? [`sources: ${sourceIds.map((id) => address(nodeById(masters, id) ?? { id, host: '?', port: 0, slots: [] })).join(', ')}`]
              : [],
          ),
    createdAt: Date.now(),
  };
}
