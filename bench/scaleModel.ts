// The pure parts at 1000 nodes (500 masters + 500 replicas, synthetic): CLUSTER NODES parsing and shard
// grouping, the tree's wording, the heat map's view model and the rebalance planner. No cluster needed.
import { type Distribution, slotOwners, topSlots } from '../src/core/monitoring/distribution';
import { planRebalance } from '../src/core/admin/plan/rebalance';
import { SLOT_COUNT } from '../src/core/topology/slots';
import { type Topology, buildShards, parseClusterInfo, parseClusterNodes } from '../src/core/topology/topology';
import { distributionView } from '../src/views/dashboard/toView';
import { masterDescription, replicaDescription, shardDescription, slotRows } from '../src/views/tree/describe';
import { median } from './support';

const hex = (n: number): string => n.toString(16).padStart(40, '0');

/** CLUSTER NODES text of `masters` masters (even slot ranges, one empty extra master) and one replica each. */
export function syntheticNodesText(masters: number): string {
  const lines: string[] = [];
  for (let i = 0; i < masters; i++) {
    const from = Math.round((i * SLOT_COUNT) / masters);
    const to = Math.round(((i + 1) * SLOT_COUNT) / masters) - 1;
    const flags = i === 0 ? 'myself,master' : 'master';
    lines.push(`${hex(i + 1)} 10.0.${i >> 8}.${i & 255}:6379@16379 ${flags} - 0 1700000000000 ${i + 1} connected ${from}-${to}`);
  }
  for (let i = 0; i < masters; i++) {
    lines.push(`${hex(100000 + i)} 10.1.${i >> 8}.${i & 255}:6379@16379 slave ${hex(i + 1)} 0 1700000000000 ${i + 1} connected`);
  }
  lines.push(`${hex(99999)} 10.2.0.1:6379@16379 master - 0 1700000000000 0 connected`);
  return lines.join('\n');
}

export function syntheticTopology(masters: number): Topology {
  const nodes = parseClusterNodes(syntheticNodesText(masters));
  return {
    source: '10.0.0.0:6379',
    nodes,
    shards: buildShards(nodes),
    fetchedAt: Date.now(),
    usedShardsCommand: true,
    info: parseClusterInfo('cluster_state:ok\ncluster_slots_assigned:16384\ncluster_slots_ok:16384\n'),
  };
}

function syntheticDistribution(t: Topology): Distribution {
  const slots = new Uint32Array(SLOT_COUNT);
  for (let s = 0; s < SLOT_COUNT; s++) slots[s] = (s * 7919) % 97;
  const owners = slotOwners(t);
  const masters = t.nodes
    .filter((n) => n.role === 'master')
    .map((n) => ({
      id: n.id,
      address: `${n.host}:${n.port}`,
      keys: 0,
      slots: n.slots.reduce((a, [x, y]) => a + y - x + 1, 0),
    }));
  const total = slots.reduce((a, b) => a + b, 0);
  return { slots, masters, total, imbalance: 1, top: topSlots(slots, 20, owners), complete: true, elapsedMs: 0, fetchedAt: Date.now() };
}

export interface ModelTiming {
  what: string;
  ms: number;
}

function time(what: string, runs: number, f: () => unknown): ModelTiming {
  f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return { what, ms: median(ms) };
}

/** Median timings (warm, 7 runs each) of each pure part at `masters` masters + as many replicas + 1 empty master. */
export function modelTimings(masters = 500): ModelTiming[] {
  const text = syntheticNodesText(masters);
  const topo = syntheticTopology(masters);
  const slots = syntheticDistribution(topo).slots;
  const counts = new Map(Array.from(slots, (n, s) => [s, n] as [number, number]));
  return [
    time(`parse CLUSTER NODES + group shards (${topo.nodes.length} nodes)`, 7, () => buildShards(parseClusterNodes(text))),
    time("tree model: every item's description + slot rows", 7, () => {
      for (const sh of topo.shards) {
        shardDescription(sh);
        if (sh.master) masterDescription(sh.master, { loading: false }, sh.replicas.length);
        for (const r of sh.replicas) replicaDescription(r, { loading: false }, undefined);
      }
      slotRows(topo);
    }),
    time('heat map model: slot owners + view (16384 counts, owner ranges)', 7, () => distributionView(syntheticDistribution(topo), topo)),
    time(`rebalance plan by slots onto 1 empty master (${masters} -> ${masters + 1})`, 7, () =>
      planRebalance(topo, { useEmptyMasters: true }),
    ),
    time('rebalance plan by keys (per-slot counts)', 7, () => planRebalance(topo, { useEmptyMasters: true, by: 'keys', counts })),
  ];
}
