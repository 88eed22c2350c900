// Preconditions of every slot-moving operation. Moving slots while the cluster is not ok, while a slot is
// already open, or before a new node is known by every node can leave a half-moved slot (a rebalance
// started right after add-node can fail with CLUSTERDOWN and leave a slot open), or while the server itself moves
// slots (Redis 8.4 / Valkey 9 server-side migration jobs: serverMigrations.ts).
//
// Public API:
//   migrationProblems(session, topo): Promise<string[]>   — empty when it is safe to move slots
//   assertReadyForMigration(session, action, topo?): Promise<Topology>  — throws ReadOnlyError, AdminRefusedError naming
//       every problem and what to do; returns the topology it checked. A given topology (the one the plan was
//       made from) is used only while every node's current view still matches it; otherwise it is read again.
import { type NodeView, agreementProblems, readAllViews, signature } from '../../topology/agreement';
import type { ClusterSession } from '../../connection/session';
import { SLOT_COUNT, compactSlots, formatRanges, uncoveredSlots } from '../../topology/slots';
import { type Topology, address, discoverTopology } from '../../topology/topology';
import { AdminRefusedError, assertWritable } from '../../common/errors';
import { shortId } from '../../common/format';
import { masters } from '../../topology/nodeLookup';
import { serverMigrationProblems } from './serverMigrations';

export async function migrationProblems(session: ClusterSession, topo: Topology): Promise<string[]> {
  return (await problemsAndViews(session, topo)).problems;
}

async function problemsAndViews(session: ClusterSession, topo: Topology): Promise<{ problems: string[]; views: NodeView[] }> {
  const problems: string[] = [];
  for (const n of topo.nodes) {
    if (n.flags.includes('fail') || n.flags.includes('fail?'))
      problems.push(`${address(n)} (${shortId(n.id)}) is ${n.flags.includes('fail') ? 'failing' : 'possibly failing (pfail)'}`);
  }
  const [views, serverJobs] = await Promise.all([readAllViews(session, topo), serverMigrationProblems(session, topo)]);
  problems.push(...agreementProblems(views, { requireOk: true }));
  problems.push(...serverJobs);
  const open = new Set<number>();
  for (const v of views) {
    const me = v.nodes?.find((n) => n.myself);
    for (const o of [...(me?.migrating ?? []), ...(me?.importing ?? [])]) open.add(o.slot);
  }
  if (open.size) problems.push(`open slots (migrating/importing): ${formatRanges(compactSlots(open))}`);
  const owned = masters(topo).flatMap((n) => n.slots);
  const uncovered = uncoveredSlots(owned);
  if (uncovered.length)
    problems.push(`${SLOT_COUNT - owned.reduce((t, [a, b]) => t + b - a + 1, 0)} slots have no owner: ${formatRanges(uncovered)}`);
  return { problems, views };
}

/** Every readable node's view says what `topo` says about ids, roles, masters and slot owners. */
function viewsMatch(views: NodeView[], topo: Topology): boolean {
  const expected = signature(topo.nodes);
  return views.every((v) => !v.nodes || signature(v.nodes) === expected);
}

export async function assertReadyForMigration(session: ClusterSession, action: string, topo?: Topology): Promise<Topology> {
  assertWritable(session.profile, action);
  let t = topo ?? (await discoverTopology(session));
  let { problems, views } = await problemsAndViews(session, t);
  // The caller's topology may be older than the cluster (a person took a while to confirm): any doubt reads it again.
  if (topo && (problems.length || !viewsMatch(views, t))) {
    t = await discoverTopology(session);
    ({ problems, views } = await problemsAndViews(session, t));
  }
  if (problems.length) {
    throw new AdminRefusedError(
      `${action} refused, nothing was changed: ${problems.join('; ')}. ` +
        `Run check to see details and fix to close open slots; wait for new nodes to be known by all`,
    );
  }
  return t;
}
