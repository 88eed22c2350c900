// Runs a confirmed admin request with the core executors directly: the CLI's way (its MCP server), as its
// failover / rebalance / reshard / fix commands do. Plans again from the topology read now, so a cluster that
// changed since the confirmation is never acted on from a stale plan; each executor takes the admin lock.
import { failover } from '../admin/ops/failover';
import { fixCluster } from '../admin/ops/fix';
import { executePlan } from '../admin/ops/migrate';
import { planRebalance } from '../admin/plan/rebalance';
import { planReshard } from '../admin/plan/reshard';
import { assertWritable } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { countKeysPerSlot } from '../monitoring/distribution';
import { discoverTopology } from '../topology/topology';
import type { AdminOutcome, AdminRequest } from './types';

export async function runAdminWithCore(
  session: ClusterSession,
  request: AdminRequest,
  opts: { signal?: AbortSignal; onProgress?: (text: string) => void },
): Promise<AdminOutcome> {
  assertWritable(session.profile, request.kind);
  const say = opts.onProgress ?? (() => undefined);
  if (request.kind === 'failover') {
    const r = await failover(session, request.nodeId, {
      mode: request.mode,
      signal: opts.signal,
      onProgress: (p) => say(`${p.phase}: ${p.message}`),
    });
    return { ok: true, message: `Failover done: ${r.newMasterAddress} is master; ${r.oldMasterAddress} is its replica.`, detail: r };
  }
  if (request.kind === 'fix') {
    const r = await fixCluster(session, { replace: request.replace, signal: opts.signal, onProgress: say });
    const message = `Fix: ${r.actions.length} action(s); ${r.after.ok ? 'the cluster checks OK now' : 'problems remain: run check'}.`;
    return { ok: r.after.ok, message, detail: { actions: r.actions, warnings: r.warnings, afterOk: r.after.ok } };
  }
  const topo = await discoverTopology(session);
  const d = await countKeysPerSlot(session, topo, { signal: opts.signal });
  const counts = d.complete ? new Map(Array.from(d.slots, (n, slot): [number, number] => [slot, n])) : undefined;
  const plan =
    request.kind === 'rebalance'
      ? planRebalance(topo, { ...request, counts })
      : planReshard(topo, { from: request.sourceIds, to: request.targetId, slots: request.slots, counts });
  const r = await executePlan(session, plan, {
    signal: opts.signal,
    topology: topo,
    onProgress: (p) => say(`${p.phase}: slots ${p.slotsDone}/${p.slotsTotal}, keys ${p.keysMoved}`),
  });
  return {
    ok: r.status === 'done',
    message:
      `${request.kind} ${r.status}: moved ${r.slotsMoved} slot(s) and ${r.keysMoved} key(s) ` + `in ${(r.elapsedMs / 1000).toFixed(1)} s.`,
    detail: { status: r.status, slotsMoved: r.slotsMoved, keysMoved: r.keysMoved, warnings: r.warnings },
  };
}
