// `rebalance --profile FILE [--weight ID=W]... [--threshold PCT] [--use-empty-masters] [--by keys|slots|load]
//  [--load-window SECONDS]
//  [--dry-run] [--yes] [--json] [--pace gentle|fast]` — plans like redis-cli --cluster rebalance, shows the plan, runs it with --yes.
// Exit: 0 done / nothing to do / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { discoverTopology } from '../core/topology/topology';
import { planRebalance } from '../core/admin/plan/rebalance';
import { readSlotLoad } from '../core/monitoring/slotLoad';
import { parse } from './args';
import { type CliIO, UsageError, withSession } from './context';
import { nodeId, paceOf, planOrUsage, showAndRun, slotCounts } from './migrateCommon';

export async function rebalanceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    weight: { type: 'string', multiple: true },
    threshold: { type: 'string' },
    'use-empty-masters': { type: 'boolean' },
    by: { type: 'string' },
    'load-window': { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
    pace: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`rebalance takes no positional arguments (got ${positionals.join(' ')})`);
  const by = values.by ?? 'slots';
  if (by !== 'slots' && by !== 'keys' && by !== 'load') throw new UsageError(`--by must be "slots", "keys" or "load", got "${by}"`);
  const windowS = Number(values['load-window'] ?? 5);
  if (!(windowS > 0 && windowS <= 600)) throw new UsageError(`--load-window must be seconds in (0, 600], got "${values['load-window']}"`);
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
    // By load: the CPU time of every slot over the window (refused, with the reason, where a master cannot say).
    const load = by === 'load' ? await readSlotLoad(session, topo, { windowMs: windowS * 1000 }) : undefined;
    const plan = planOrUsage(() =>
      planRebalance(topo, { weights, threshold, useEmptyMasters: values['use-empty-masters'], by, counts, load }),
    );
    return showAndRun(
      session,
      plan,
      { yes: values.yes, dryRun: values['dry-run'], json: values.json, profile, pace: paceOf(values.pace) },
      io,
    );
  });
}
