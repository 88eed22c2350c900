// Core results → protocol shapes (plain JSON for postMessage).
import type { Distribution } from '../../core/monitoring/distribution';
import { type Topology, address } from '../../core/topology/topology';
import type { DistributionView, OpenSlotView, OwnerRange } from '../../shared/protocol';

export function distributionView(dist: Distribution, topo: Topology): DistributionView {
  const index = new Map(dist.masters.map((m, i) => [m.id, i]));
  const ranges: OwnerRange[] = [];
  for (const n of topo.nodes) {
    const master = index.get(n.id);
    if (n.role !== 'master' || master === undefined) continue;
    for (const [start, end] of n.slots) ranges.push({ start, end, master });
  }
  ranges.sort((a, b) => a.start - b.start);
  const open: OpenSlotView[] = topo.nodes.flatMap((n) => [
    ...n.migrating.map((o) => ({ slot: o.slot, kind: 'migrating' as const, node: address(n), peer: o.peer })),
    ...n.importing.map((o) => ({ slot: o.slot, kind: 'importing' as const, node: address(n), peer: o.peer })),
  ]);
  return {
    fetchedAt: dist.fetchedAt,
    elapsedMs: dist.elapsedMs,
    counts: Array.from(dist.slots),
    masters: dist.masters.map((m) => ({ id: m.id, address: m.address, keys: m.keys, slots: m.slots, error: m.error })),
    ranges,
    open,
    total: dist.total,
    imbalance: dist.imbalance,
    top: dist.top,
    complete: dist.complete,
  };
}
