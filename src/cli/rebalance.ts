// `rebalance --profile FILE [--weight ID=W]... [--threshold PCT] [--use-empty-masters] [--by keys|slots]
//  [--dry-run] [--yes] [--json] [--pace gentle|fast]` — plans like redis-cli --cluster rebalance, shows the plan, runs it with --yes.
// Exit: 0 done / nothing to do / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { discoverTopology } from '../core/topology/topology';
import { planRebalance } from '../core/admin/plan/rebalance';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, withSession } from './context';
import { nodeId, paceOf, planOrUsage, showAndRun, slotCounts } from './migrateCommon';

export const rebalanceSpec = defineCommand({
  name: 'rebalance',
  summary: 'Even out slots (or keys) across masters, like redis-cli --cluster rebalance; shows the plan first.',
  usage: 'rebalance --profile FILE [options]',
  options: {
    profile: common.profile,
    weight: { type: 'string', multiple: true, value: 'ID=W', description: 'Weight of a master (W=0 drains it); repeat per master.' },
    threshold: { type: 'string', value: 'PCT', description: 'Only move when a master is off by more than PCT percent.' },
    'use-empty-masters': { type: 'boolean', description: 'Give slots to masters that have none yet.' },
    by: { type: 'string', value: 'slots|keys', description: 'Balance slot counts (default) or key counts.' },
    'dry-run': common.dryRun,
    yes: common.yes,
    pace: common.pace,
    json: common.json,
  },
  examples: [
    'redis-cluster rebalance --profile prod.json --use-empty-masters',
    'redis-cluster rebalance --profile prod.json --weight 3f2a=0 --yes --pace gentle',
  ],
  exitCodes: { 1: 'failure or cancelled', 3: 'plan shown, --yes missing' },
});

export async function rebalanceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, rebalanceSpec);
  if (positionals.length) throw new UsageError(`rebalance takes no positional arguments (got ${positionals.join(' ')})`);
  const by = values.by ?? 'slots';
  if (by !== 'slots' && by !== 'keys') throw new UsageError(`--by must be "slots" or "keys", got "${by}"`);
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!/^\d+(\.\d+)?$/.test(values.threshold) || !Number.isFinite(threshold))
      throw new UsageError(`--threshold must be a percentage >= 0, got "${values.threshold}"`);
  }
  const weightArgs = (values.weight ?? []).map((w) => {
    const m = /^(.+)=(\d+(?:\.\d+)?)$/.exec(w);
    if (!m) throw new UsageError(`--weight must be ID=W with W a number >= 0 (e.g. --weight 3f2a=0 to drain), got "${w}"`);
    return { ref: m[1], weight: Number(m[2]) };
  });
  const profile = values.profile as string;
  return withSession(values.profile, async (session) => {
    const topo = await discoverTopology(session);
    const weights: Record<string, number> = {};
    for (const w of weightArgs) weights[nodeId(topo, w.ref, `--weight ${w.ref}`)] = w.weight;
    const counts = await slotCounts(session, topo);
    const plan = planOrUsage(() => planRebalance(topo, { weights, threshold, useEmptyMasters: values['use-empty-masters'], by, counts }));
    return showAndRun(
      session,
      plan,
      { yes: values.yes, dryRun: values['dry-run'], json: values.json, profile, pace: paceOf(values.pace) },
      io,
    );
  });
}
