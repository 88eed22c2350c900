// Core results → protocol shapes (plain JSON for postMessage).
import { type Distribution, slotOwners } from '../../core/monitoring/distribution';
import { type SlotLoad, hottestSlots } from '../../core/monitoring/slotStats';
import { type Topology, address } from '../../core/topology/topology';
import type { DistributionView, OpenSlotView, OwnerRange } from '../../shared/protocol';

export function distributionView(dist: Distribution, topo: Topology, load?: SlotLoad): DistributionView {
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
    ...loadLayers(dist, topo, load),
  };
}

/** The CPU and network layers where the servers collect them, else a note saying why there are none. */
function loadLayers(dist: Distribution, topo: Topology, load?: SlotLoad): Pick<DistributionView, 'layers' | 'hottest' | 'layersNote'> {
  if (load?.cpuUsec || load?.netBytes) {
    const hottest = load.cpuUsec
      ? hottestSlots(load.cpuUsec, 20, slotOwners(topo)).map((h) => ({ slot: h.slot, cpuUsec: h.load, owner: h.owner }))
      : undefined;
    return { layers: { cpuUsec: load.cpuUsec && Array.from(load.cpuUsec), netBytes: load.netBytes && Array.from(load.netBytes) }, hottest };
  }
  if (dist.counters)
    return { layersNote: 'CPU and network layers appear from the next recount: they are the difference between two reads.' };
  if (dist.masters.some((m) => m.via === 'slot-stats'))
    return {
      layersNote:
        'Key counts come from CLUSTER SLOT-STATS, but the servers do not collect CPU and network per slot: ' +
        'CONFIG SET cluster-slot-stats-enabled yes on every master to see them.',
    };
  return {
    layersNote:
      'CPU and network layers need CLUSTER SLOT-STATS (Valkey 8+, Redis 8.2+); these servers do not have it, so only key counts are shown.',
  };
}
