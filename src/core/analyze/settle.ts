// The settle step of the migration rule (see engine.ts): slots that were open at some time during the run, or
// whose owner changed, are read again where their keys live now, migrating source before importing target (a key
// moving in between is then seen twice, never missed), and each key is counted only if its name was not counted yet.
import type { ClusterSession } from '../connection/session';
import { slotOwners } from '../monitoring/distribution';
import { SLOT_COUNT } from '../topology/slots';
import { address, discoverTopology, type ClusterNode, type Topology } from '../topology/topology';
import type { Aggregator } from './aggregate';
import type { CountedKeys } from './counted';
import { FactReader } from './facts';
import { openSlots } from './openSlots';
import { globMatch } from './options';
import type { AnalyzeOptions } from './types';

export interface SettleContext {
  topo: Topology;
  owners: (string | undefined)[];
  seenOpen: Set<number>;
  /** Master ids of the analysed shards. */
  jobs: string[];
  opts: AnalyzeOptions;
  agg: Aggregator;
  counted: CountedKeys;
}

/** Nodes that may hold keys of a slot now, in the order they must be read. */
function holders(slot: number, end: Topology, endOwner: string | undefined, startOwner: string | undefined): ClusterNode[] {
  const ms = end.nodes.filter((n) => n.role === 'master' && n.port > 0);
  const out: ClusterNode[] = [];
  const add = (n: ClusterNode | undefined) => {
    if (n && !out.includes(n)) out.push(n);
  };
  ms.filter((n) => n.migrating.some((o) => o.slot === slot)).forEach(add);
  add(ms.find((n) => n.id === startOwner));
  add(ms.find((n) => n.id === endOwner));
  ms.filter((n) => n.importing.some((o) => o.slot === slot)).forEach(add);
  return out;
}

export async function settleSlots(session: ClusterSession, ctx: SettleContext): Promise<{ unsettledSlots: number; recountedKeys: number }> {
  const end = await discoverTopology(session);
  const endOwners = slotOwners(end);
  const mine = new Set(ctx.jobs);
  const slots = new Set<number>([...ctx.seenOpen, ...openSlots(end)]);
  for (let s = 0; s < SLOT_COUNT; s++) if (endOwners[s] !== ctx.owners[s]) slots.add(s);
  const todo = [...slots].filter((s) => mine.has(ctx.owners[s] ?? '') || mine.has(endOwners[s] ?? ''));
  const pattern = ctx.opts.match === undefined ? undefined : Buffer.from(ctx.opts.match, 'utf8').toString('latin1');
  let recounted = 0;
  for (const slot of todo) {
    const seen = new Set<string>();
    for (const node of holders(slot, end, endOwners[slot], ctx.owners[slot])) {
      const client = await session.node(address(node));
      const n = Number(await client.call('CLUSTER', 'COUNTKEYSINSLOT', slot));
      if (!n) continue;
      const keys = (await client.callBuffer('CLUSTER', 'GETKEYSINSLOT', slot, n)) as Buffer[];
      const fresh = keys.filter((k) => {
        const id = k.toString('latin1');
        const skip = seen.has(id) || ctx.counted.has(slot, k) || (pattern !== undefined && !globMatch(pattern, id));
        seen.add(id);
        return !skip;
      });
      // A node that does not own the slot (an importing target) answers for it only after ASKING.
      const facts = await new FactReader(client, endOwners[slot] !== node.id).read(fresh);
      for (const f of facts) {
        if (ctx.opts.type && f.type !== ctx.opts.type) continue;
        ctx.agg.add(f, slot, node.id, address(node));
        ctx.counted.add(slot, f.key);
        recounted++;
      }
    }
  }
  return { unsettledSlots: todo.length, recountedKeys: recounted };
}
