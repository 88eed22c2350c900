// Preconditions of every slot-moving operation. Moving slots while the cluster is not ok, while a slot is
// already open, or before a new node is known by every node can leave a half-moved slot (measured: a
// rebalance started right after add-node failed with CLUSTERDOWN and left a slot open).
//
// Public API:
//   migrationProblems(session, topo): Promise<string[]>   — empty when it is safe to move slots
//   assertReadyForMigration(session, action, topo?): Promise<Topology>  — throws ReadOnlyError, AdminRefusedError naming
//       every problem and what to do; returns the topology it checked
import { agreementProblems, readAllViews } from '../agreement';
import type { ClusterSession } from '../session';
import { SLOT_COUNT, compactSlots, formatRanges, uncoveredSlots } from '../slots';
import { type Topology, address, discoverTopology } from '../topology';
import { AdminRefusedError, assertWritable } from '../errors';

export async function migrationProblems(session: ClusterSession, topo: Topology): Promise<string[]> {
  const problems: string[] = [];
  for (const n of topo.nodes) {
    if (n.flags.includes('fail') || n.flags.includes('fail?')) problems.push(`${address(n)} (${n.id.slice(0, 8)}) is ${n.flags.includes('fail') ? 'failing' : 'possibly failing (pfail)'}`);
  }
  const views = await readAllViews(session, topo);
  problems.push(...agreementProblems(views, { requireOk: true }));
  const open = new Set<number>();
  for (const v of views) {
    const me = v.nodes?.find((n) => n.myself);
    for (const o of [...(me?.migrating ?? []), ...(me?.importing ?? [])]) open.add(o.slot);
  }
  if (open.size) problems.push(`open slots (migrating/importing): ${formatRanges(compactSlots(open))}`);
  const owned = topo.nodes.filter((n) => n.role === 'master').flatMap((n) => n.slots);
  const uncovered = uncoveredSlots(owned);
  if (uncovered.length) problems.push(`${SLOT_COUNT - owned.reduce((t, [a, b]) => t + b - a + 1, 0)} slots have no owner: ${formatRanges(uncovered)}`);
  return problems;
}

export async function assertReadyForMigration(session: ClusterSession, action: string, topo?: Topology): Promise<Topology> {
  assertWritable(session.profile, action);
  const t = topo ?? (await discoverTopology(session));
  const problems = await migrationProblems(session, t);
  if (problems.length) {
    throw new AdminRefusedError(`${action} refused, nothing was changed: ${problems.join('; ')}. Run check to see details and fix to close open slots; wait for new nodes to be known by all`);
  }
  return t;
}
