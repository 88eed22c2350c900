// Runs a merge plan (plan/merge.ts): re-reads every node to make sure the split is still the one planned, sends
// CLUSTER MEET from the largest group, waits until every node knows every other and all agree, then checks,
// fixes what check finds, optionally rebalances, and verifies that check passes.
//
// API
//   executeMerge(session, plan, opts?: ExecuteMergeOptions): Promise<MergeResult>
import { agreementProblems, readViewsOf, waitUntil } from '../../topology/agreement';
import { AdminRefusedError, NodeCommandError, errorText } from '../../common/errors';
import { shortId } from '../../common/format';
import { type MergePlan, groupsFromViews, planMerge } from '../plan/merge';
import { planRebalance } from '../plan/rebalance';
import type { ClusterSession } from '../../connection/session';
import { discoverTopology } from '../../topology/topology';
import { type CheckReport, checkCluster } from './check';
import { replicateWithRetry } from './create';
import { type FixReport, fixCluster } from './fix';
import { assertWritable, throwIfAborted } from '../../common/errors';
import { type LifecycleOptions, bindableIp, progressReporter } from './lifecycle-util';
import { type MigrationResult, PlanStaleError, executePlan } from './migrate';

export type ExecuteMergeOptions = LifecycleOptions;

export interface MergeResult {
  met: string[];
  /** Set when check found something to fix after the meet. */
  fix?: FixReport;
  rebalance?: MigrationResult;
  after: CheckReport;
  elapsedMs: number;
}

export async function executeMerge(session: ClusterSession, plan: MergePlan, opts: ExecuteMergeOptions = {}): Promise<MergeResult> {
  const t0 = Date.now();
  assertWritable(session.profile, 'merge');
  const report = progressReporter('merge', opts);
  const all = plan.groups.flatMap((g) => g.nodes);
  report('check', `re-reading ${all.length} nodes`);
  const views = await readViewsOf(session, all);
  const unread = views.filter((v) => v.error);
  if (unread.length)
    throw new AdminRefusedError(
      `merge: cannot read ${unread.map((v) => `${v.address} (${v.error})`).join(', ')}; nothing was changed. ` +
        'Check that these nodes are up and reachable, then run Diagnose again',
      'Check that these nodes are up and reachable, then run Diagnose again',
    );
  // Planned again from what the nodes say now: a split that changed (or healed) since the plan is not merged blindly.
  const fresh = planMerge(groupsFromViews(views), { rebalance: plan.rebalance, replicaOf: plan.replicate[0]?.masterId });
  const key = (p: MergePlan) =>
    p.groups
      .map((g) => [...g.nodes].sort().join(','))
      .sort()
      .join(' | ');
  if (key(fresh) !== key(plan))
    throw new PlanStaleError('merge: the groups changed since the plan was made; run Diagnose again. Nothing was changed');
  throwIfAborted(opts.signal, 'before CLUSTER MEET (nothing was changed)');

  const client = await session.node(plan.meets[0].from);
  let done = 0;
  for (const m of plan.meets) {
    const ip = await bindableIp(m.host);
    report('meet', `CLUSTER MEET ${ip} ${m.port} ${m.cport} from ${m.from}`, done, plan.meets.length);
    try {
      await client.call('CLUSTER', 'MEET', ip, m.port, m.cport);
    } catch (e) {
      const hint = `The meets before it were sent (${done} of ${plan.meets.length}); run Diagnose again to see what is still split`;
      throw new NodeCommandError(m.from, `CLUSTER MEET ${ip} ${m.port} ${m.cport} failed: ${errorText(e)}`, e, hint);
    }
    done++;
  }
  report('wait-agreement', `waiting until all ${all.length} nodes know each other and agree`);
  await waitUntil(async () => agreementProblems(await readViewsOf(session, all), { requireOk: false })[0], {
    timeoutMs: opts.timeoutMs ?? 60000,
    intervalMs: 100,
    maxIntervalMs: 500,
    what: 'every node to know every other',
    signal: opts.signal,
  });

  for (const r of plan.replicate) {
    report('replicate', `CLUSTER REPLICATE ${shortId(r.masterId)} on ${r.node}`);
    await replicateWithRetry(session, r.node, r.masterId, 10000, opts.signal);
  }
  const result: MergeResult = { met: plan.meets.map((m) => m.node), after: await checkCluster(session), elapsedMs: 0 };
  if (result.after.openSlots.length || result.after.uncovered.length) {
    report('fix', 'check found open or uncovered slots: fixing');
    result.fix = await fixCluster(session, { signal: opts.signal, onProgress: (m) => report('fix', m) });
  }
  if (plan.rebalance) {
    throwIfAborted(opts.signal, 'after the merge, before the rebalance (the merge itself is done)');
    const rb = planRebalance(await discoverTopology(session), { useEmptyMasters: true });
    if (rb.moves.length) {
      report('rebalance', `moving ${rb.moves.length} slot(s)`);
      result.rebalance = await executePlan(session, rb, {
        signal: opts.signal,
        onProgress: (p) => report('rebalance', p.message, p.slotsDone, p.slotsTotal),
      });
    }
  }
  report('verify', 'waiting for check to pass');
  await waitUntil(
    async () => {
      result.after = await checkCluster(session);
      return result.after.ok ? undefined : result.after.problems.find((p) => p.severity === 'error')?.message;
    },
    { timeoutMs: 30000, intervalMs: 200, maxIntervalMs: 1000, what: 'check to pass after the merge', signal: opts.signal },
  ).catch(() => undefined);
  result.elapsedMs = Date.now() - t0;
  return result;
}
