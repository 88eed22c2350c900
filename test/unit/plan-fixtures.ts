// Crafted topologies for the planner tests.
import type { ClusterNode } from '../../src/core/topology/topology';
import type { SlotRange } from '../../src/core/topology/slots';

export function master(id: string, port: number, slots: SlotRange[]): ClusterNode {
  return {
    id,
    host: '127.0.0.1',
    port,
    cport: port + 10000,
    role: 'master',
    flags: [],
    myself: false,
    linkState: 'connected',
    configEpoch: 1,
    slots,
    migrating: [],
    importing: [],
  };
}

export function replica(id: string, port: number, masterId: string): ClusterNode {
  return { ...master(id, port, []), role: 'replica', masterId };
}

/** The id is the letter repeated to 40 characters, e.g. "aaaa…". */
export const ID = (c: string) => c.repeat(40);

/** The layout `redis-cli --cluster create` makes for three masters. */
export function threeMasters(): ClusterNode[] {
  return [master(ID('a'), 7001, [[0, 5460]]), master(ID('b'), 7002, [[5461, 10922]]), master(ID('c'), 7003, [[10923, 16383]])];
}

export function slotCounts(nodes: ClusterNode[], owner: Map<number, string>): Map<string, number> {
  const out = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const id of owner.values()) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}
