// Balance maths shared by the planners: who owns which slot, how many slots and keys each master holds
// before and after a list of moves.
//
// Public API:
//   planMasters(nodes): PlanMaster[]                       — masters a plan may use, sorted by id (deterministic)
//   balanceSummary(nodes, counts?, weights?): NodeBalance[] — current balance, e.g. for a dashboard or preview
//   summarizeBalance(masters, moves, counts?, extra?): NodeBalance[] — balance before/after moves
//   ownerMap(masters): Map<slot, id>, keysOf(slots, counts), slotsOf(owners, id)
import type { ClusterNode } from '../../topology/topology';
import { countSlots, expandRanges } from '../../topology/slots';
import type { Move, NodeBalance, PlanMaster, SlotKeyCounts } from './types';
import { address } from '../../common/format';

/** Masters that can give or take slots: not failing, with an address. Sorted by id so plans never depend on which node was asked. */
export function planMasters(nodes: readonly ClusterNode[]): PlanMaster[] {
  return nodes
    .filter((n) => n.role === 'master' && !n.flags.includes('fail') && !n.flags.includes('noaddr') && !n.flags.includes('handshake'))
    .map((n) => ({ id: n.id, host: n.host, port: n.port, slots: n.slots }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ownerMap(masters: readonly PlanMaster[]): Map<number, string> {
  const owners = new Map<number, string>();
  for (const m of masters) for (const s of expandRanges(m.slots)) owners.set(s, m.id);
  return owners;
}

/** Ascending slots owned by `id`. */
export function slotsOf(owners: ReadonlyMap<number, string>, id: string): number[] {
  const out: number[] = [];
  for (const [s, o] of owners) if (o === id) out.push(s);
  return out.sort((a, b) => a - b);
}

export function keysOf(slots: Iterable<number>, counts: SlotKeyCounts): number {
  let n = 0;
  for (const s of slots) n += counts.get(s) ?? 0;
  return n;
}

export interface BalanceExtra {
  weights?: ReadonlyMap<string, number>;
  involved?: ReadonlySet<string>;
  targetSlots?: ReadonlyMap<string, number>;
  targetKeys?: ReadonlyMap<string, number>;
}

/** Per-master slots (and keys, with counts) before and after applying `moves`. */
export function summarizeBalance(
  masters: readonly PlanMaster[],
  moves: readonly Move[],
  counts?: SlotKeyCounts,
  extra: BalanceExtra = {},
): NodeBalance[] {
  const delta = new Map<string, { slots: number; keys: number }>();
  const bump = (id: string, slots: number, keys: number) => {
    const d = delta.get(id) ?? { slots: 0, keys: 0 };
    d.slots += slots;
    d.keys += keys;
    delta.set(id, d);
  };
  for (const m of moves) {
    const k = counts?.get(m.slot) ?? m.keys ?? 0;
    bump(m.from, -1, -k);
    bump(m.to, 1, k);
  }
  return masters.map((m) => {
    const d = delta.get(m.id) ?? { slots: 0, keys: 0 };
    const slotsBefore = countSlots(m.slots);
    const row: NodeBalance = {
      id: m.id,
      address: address(m),
      weight: extra.weights?.get(m.id) ?? 1,
      involved: extra.involved ? extra.involved.has(m.id) : true,
      slotsBefore,
      slotsAfter: slotsBefore + d.slots,
    };
    const ts = extra.targetSlots?.get(m.id);
    if (ts !== undefined) row.targetSlots = ts;
    if (counts) {
      row.keysBefore = keysOf(expandRanges(m.slots), counts);
      row.keysAfter = row.keysBefore + d.keys;
      const tk = extra.targetKeys?.get(m.id);
      if (tk !== undefined) row.targetKeys = Math.round(tk);
    }
    return row;
  });
}

/** The cluster's current balance, for display. */
export function balanceSummary(
  nodes: readonly ClusterNode[],
  counts?: SlotKeyCounts,
  weights?: ReadonlyMap<string, number>,
): NodeBalance[] {
  return summarizeBalance(planMasters(nodes), [], counts, { weights });
}
