// Rebalance planner: pure, deterministic, fewest slots moved.
//
// By slots it follows `redis-cli --cluster rebalance` (7.0): each involved master should hold
// trunc(float(16384 / totalWeight) * weight) slots; nothing moves unless some master is more than
// `threshold` percent off; rounding leftovers go to receivers; the most-needing receiver is paired with the
// most-giving source, and a source gives its lowest-numbered slots. Weight 0 drains a master. Empty masters
// take part only with useEmptyMasters. The only departure: ties are broken by node id (redis-cli's qsort
// leaves them to chance), so the same topology always gives the same plan.
//
// By keys: the same weights and threshold, but the currency is keys (per-slot COUNTKEYSINSLOT). The
// heaviest slots that still fit a receiver's deficit move first, so few slots move. Weight-0 masters
// still give away every slot (empty ones go to the receiver with the fewest slots per weight).
//
// Public API:
//   planRebalance(topo: { nodes }, opts: RebalanceOptions): Plan   — throws PlanError on invalid input
import type { ClusterNode } from '../../topology/topology';
import { SLOT_COUNT, countSlots, expandRanges } from '../../topology/slots';
import { keysOf, ownerMap, planMasters, summarizeBalance } from './balance';
import { type Move, type Plan, type PlanMaster, PlanError, type SlotKeyCounts } from './types';
import { address, shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';

export interface RebalanceOptions {
  /** Weight per master id (default 1). 0 drains the master. */
  weights?: Readonly<Record<string, number>>;
  /** Percent off target below which nothing moves. Default 2, like redis-cli. 0 always balances. */
  threshold?: number;
  /** Let masters without slots take part (a freshly added node). */
  useEmptyMasters?: boolean;
  /** Balance slot counts (default), key counts, or load (CPU time per slot, from CLUSTER SLOT-STATS). */
  by?: 'slots' | 'keys' | 'load';
  /** Keys per slot: required by keys; otherwise it only fills the estimates. */
  counts?: SlotKeyCounts;
  /** CPU microseconds per slot over a measured window: required by load (src/core/monitoring/slotLoad.ts). */
  load?: SlotKeyCounts;
}

export const DEFAULT_THRESHOLD = 2;

interface Setup {
  masters: PlanMaster[];
  involved: PlanMaster[];
  weights: Map<string, number>;
  totalWeight: number;
  notes: string[];
}

function setup(nodes: readonly ClusterNode[], opts: RebalanceOptions): Setup {
  const masters = planMasters(nodes);
  const weights = new Map<string, number>();
  for (const [id, w] of Object.entries(opts.weights ?? {})) {
    if (!Number.isFinite(w) || w < 0) throw new PlanError(`weight for node ${id} must be a number >= 0, got ${w}`);
    const node = nodeById(nodes, id);
    if (!node) throw new PlanError(`weight given for unknown node ${id}`);
    if (node.role !== 'master')
      throw new PlanError(`weight given for ${id} (${address(node)}), which is a replica; weights apply to masters`);
    weights.set(id, w);
  }
  for (const m of masters) if (!weights.has(m.id)) weights.set(m.id, 1);
  const notes: string[] = [];
  const involved = masters.filter((m) => {
    if (countSlots(m.slots) > 0 || opts.useEmptyMasters) return true;
    if ((weights.get(m.id) ?? 1) > 0)
      notes.push(`${address(m)} (${shortId(m.id)}) has no slots and is left out; use useEmptyMasters / --use-empty-masters to fill it`);
    return false;
  });
  const totalWeight = involved.reduce((t, m) => t + (weights.get(m.id) ?? 1), 0);
  if (involved.length === 0) throw new PlanError('no master can take part in a rebalance');
  if (totalWeight <= 0) throw new PlanError('all weights are 0: at least one master must keep slots');
  return { masters, involved, weights, totalWeight, notes };
}

function finish(
  s: Setup,
  opts: RebalanceOptions,
  moves: Move[],
  targets: { slots?: Map<string, number>; keys?: Map<string, number> },
  notes: string[],
): Plan {
  const counts = opts.counts;
  if (counts) for (const m of moves) m.keys = counts.get(m.slot) ?? 0;
  const pairs = new Set(moves.map((m) => `${m.from}>${m.to}`)).size;
  const weightsOut: Record<string, number> = {};
  for (const [id, w] of s.weights) if (w !== 1) weightsOut[id] = w;
  return {
    kind: 'rebalance',
    by: opts.by ?? 'slots',
    params: {
      threshold: opts.threshold ?? DEFAULT_THRESHOLD,
      useEmptyMasters: !!opts.useEmptyMasters,
      by: opts.by ?? 'slots',
      weights: weightsOut,
    },
    moves,
    totals: { slots: moves.length, keys: counts ? moves.reduce((t, m) => t + (m.keys ?? 0), 0) : undefined, pairs },
    balance: summarizeBalance(s.masters, moves, counts, {
      weights: s.weights,
      involved: new Set(s.involved.map((m) => m.id)),
      targetSlots: targets.slots,
      targetKeys: targets.keys,
    }),
    notes: [...s.notes, ...notes],
    createdAt: Date.now(),
  };
}

export function planRebalance(topo: { nodes: readonly ClusterNode[] }, opts: RebalanceOptions = {}): Plan {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0) throw new PlanError(`threshold must be a percentage >= 0, got ${threshold}`);
  const s = setup(topo.nodes, opts);
  if ((opts.by ?? 'slots') === 'keys') {
    if (!opts.counts) throw new PlanError('rebalancing by keys needs per-slot key counts');
    return planByKeys(s, opts, threshold, opts.counts, 'keys');
  }
  if (opts.by === 'load') {
    if (!opts.load) throw new PlanError('rebalancing by load needs the CPU time of every slot (CLUSTER SLOT-STATS)');
    return planByKeys(s, opts, threshold, opts.load, 'µs of CPU');
  }
  return planBySlots(s, opts, threshold);
}

function byIdThen<T extends { id: string }>(key: (x: T) => number) {
  return (a: T, b: T) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function planBySlots(s: Setup, opts: RebalanceOptions, threshold: number): Plan {
  const total = s.masters.reduce((t, m) => t + countSlots(m.slots), 0) || SLOT_COUNT;
  const perWeight = Math.fround(total / s.totalWeight);
  const rows = s.involved.map((m) => {
    const slots = countSlots(m.slots);
    const expected = Math.trunc(Math.fround(perWeight * (s.weights.get(m.id) ?? 1)));
    return { id: m.id, slots, expected, balance: slots - expected };
  });
  const targets = new Map(rows.map((r) => [r.id, r.expected]));
  const over = rows.some(
    (r) => threshold <= 0 || (r.slots > 0 ? Math.abs(100 - (100 * r.expected) / r.slots) > threshold : r.expected > 1),
  );
  if (!over) return finish(s, opts, [], { slots: targets }, [`no rebalancing needed: every master is within ${threshold}% of its target`]);

  // Rounding leaves some slots unassigned; hand them to receivers (in id order) so sources are matched.
  let totalBalance = rows.reduce((t, r) => t + r.balance, 0);
  while (totalBalance > 0) {
    for (const r of rows) {
      if (r.balance <= 0 && totalBalance > 0) {
        r.balance--;
        totalBalance--;
        targets.set(r.id, (targets.get(r.id) ?? 0) + 1);
      }
    }
  }
  rows.sort(byIdThen((r) => r.balance));
  const owners = ownerMap(s.masters);
  const moves: Move[] = [];
  // A source only gives slots away, so its remaining slots are its original list past what it gave; listing
  // them once per source (not once per pair) keeps 500 masters from costing 500 walks of 16384 slots.
  const remaining = new Map<string, { slots: number[]; given: number }>();
  for (const [slot, id] of owners) {
    let left = remaining.get(id);
    if (!left) remaining.set(id, (left = { slots: [], given: 0 }));
    left.slots.push(slot);
  }
  for (const left of remaining.values()) left.slots.sort((a, b) => a - b);
  let dst = 0;
  let src = rows.length - 1;
  while (dst < src) {
    const d = rows[dst];
    const sr = rows[src];
    const n = Math.min(Math.abs(d.balance), Math.abs(sr.balance));
    if (n > 0) {
      const left = remaining.get(sr.id) ?? { slots: [], given: 0 };
      for (const slot of left.slots.slice(left.given, left.given + n)) {
        owners.set(slot, d.id);
        moves.push({ slot, from: sr.id, to: d.id });
      }
      left.given += n;
    }
    d.balance += n;
    sr.balance -= n;
    if (d.balance === 0) dst++;
    if (sr.balance === 0) src--;
  }
  return finish(s, opts, moves, { slots: targets }, []);
}

interface KeyRow {
  id: string;
  weight: number;
  keys: number;
  target: number;
  slotCount: number;
  /** Owned slots, heaviest first (ties: lower slot first). */
  slots: number[];
}

/** The key-weighted planner; by load its currency is each slot's CPU time instead of its keys. */
function planByKeys(s: Setup, opts: RebalanceOptions, threshold: number, counts: SlotKeyCounts, unit: 'keys' | 'µs of CPU'): Plan {
  const byLoad = unit !== 'keys';
  const keyTargets = (t: Map<string, number>) => (byLoad ? {} : { keys: t });
  const totalKeys = s.involved.reduce((t, m) => t + keysOf(expandRanges(m.slots), counts), 0);
  const rows: KeyRow[] = s.involved.map((m) => {
    const weight = s.weights.get(m.id) ?? 1;
    const slots = expandRanges(m.slots).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a - b);
    return { id: m.id, weight, keys: keysOf(slots, counts), target: (totalKeys * weight) / s.totalWeight, slotCount: slots.length, slots };
  });
  const targets = new Map(rows.map((r) => [r.id, r.target]));
  const within = (r: KeyRow) => (r.keys > 0 ? Math.abs(r.keys - r.target) <= (r.target * threshold) / 100 : r.target <= 1);
  const draining = rows.filter((r) => r.weight === 0 && r.slotCount > 0);
  if (draining.length === 0 && threshold > 0 && rows.every(within)) {
    return finish(s, opts, [], keyTargets(targets), [
      `no rebalancing needed: every master is within ${threshold}% of its ${byLoad ? 'load' : 'key'} target`,
    ]);
  }
  const moves: Move[] = [];
  const receivers = rows.filter((r) => r.weight > 0);
  const move = (from: KeyRow, to: KeyRow, slot: number) => {
    const k = counts.get(slot) ?? 0;
    from.keys -= k;
    from.slotCount--;
    to.keys += k;
    to.slotCount++;
    moves.push({ slot, from: from.id, to: to.id });
  };
  // Drains first: every slot leaves. Keyed slots go where the key deficit is largest, empty ones where
  // slots per weight are fewest, so drained clusters do not end up with lopsided slot counts.
  for (const d of draining) {
    for (const slot of d.slots) {
      const k = counts.get(slot) ?? 0;
      const pick =
        k > 0
          ? [...receivers].sort(byIdThen((r) => -(r.target - r.keys)))[0]
          : [...receivers].sort(byIdThen((r) => r.slotCount / r.weight))[0];
      move(d, pick, slot);
    }
    d.slots = [];
  }
  // Then greedy: the biggest slot that fits the smaller of (excess, deficit) of the worst pair.
  const moved = new Set(moves.map((m) => m.slot));
  const tolerance = (r: KeyRow) => Math.max(0, (r.target * threshold) / 100);
  for (let guard = 0; guard < SLOT_COUNT; guard++) {
    const donors = receivers.filter((r) => r.keys - r.target > tolerance(r)).sort(byIdThen((r) => -(r.keys - r.target)));
    const takers = receivers.filter((r) => r.target - r.keys > 0).sort(byIdThen((r) => -(r.target - r.keys)));
    let done = false;
    for (const d of donors) {
      for (const t of takers) {
        const room = Math.min(d.keys - d.target, t.target - t.keys);
        const slot = d.slots.find((x) => !moved.has(x) && (counts.get(x) ?? 0) > 0 && (counts.get(x) ?? 0) <= room);
        if (slot === undefined) continue;
        moved.add(slot);
        move(d, t, slot);
        done = true;
        break;
      }
      if (done) break;
    }
    if (!done) break;
  }
  const notes = rows
    .filter((r) => r.weight > 0 && !within(r))
    .map((r) => `${shortId(r.id)} stays ${Math.round(r.keys - r.target)} ${unit} off its target: no remaining slot fits the gap`);
  if (byLoad) notes.unshift('balanced by the CPU time each slot used over the measured window (CLUSTER SLOT-STATS)');
  return finish(s, opts, moves, keyTargets(targets), notes);
}
