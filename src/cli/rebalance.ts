// `rebalance --profile FILE [--weight ID=W]... [--threshold PCT] [--use-empty-masters] [--by keys|slots|load]
//  [--load-window SECONDS]
//  [--dry-run] [--yes] [--json] [--pace gentle|fast] [--accept-partial-counts]` — plans like redis-cli --cluster
// rebalance (through the same use case as the extension), shows the plan, runs it with --yes.
// Exit: 0 done / nothing to do / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError } from './context';
import { paceOf, planAndRun } from './migrateCommon';

export const rebalanceSpec = defineCommand({
  name: 'rebalance',
  summary: 'Even out slots (or keys, or load) across masters, like redis-cli --cluster rebalance; shows the plan first.',
  usage: 'rebalance --profile FILE [options]',
  options: {
    profile: common.profile,
    weight: { type: 'string', multiple: true, value: 'ID=W', description: 'Weight of a master (W=0 drains it); repeat per master.' },
    threshold: {
      type: 'string',
      value: 'PCT',
      description: 'Only move when a master is off its target by more than PCT percent (default 2).',
    },
    'use-empty-masters': { type: 'boolean', description: 'Give slots to masters that have none yet.' },
    by: {
      type: 'string',
      value: 'slots|keys|load',
      description: 'Balance slot counts (default), key counts, or load: the CPU time of each slot (CLUSTER SLOT-STATS) over --load-window.',
    },
    'load-window': {
      type: 'string',
      value: 'SECONDS',
      description: 'With --by load: seconds between the two CPU readings of every slot, in (0, 600] (default 5).',
    },
    'accept-partial-counts': {
      type: 'boolean',
      description: "Plan even when some master's keys could not be counted (key estimates and a --by keys balance are then partial).",
    },
    'dry-run': common.dryRun,
    yes: common.yes,
    pace: common.pace,
    json: common.json,
  },
  examples: [
    'redis-cluster rebalance --profile prod.json --use-empty-masters',
    'redis-cluster rebalance --profile prod.json --weight 3f2a=0 --yes --pace gentle',
    'redis-cluster rebalance --profile prod.json --by load --load-window 10 --dry-run',
  ],
  exitCodes: { 1: 'failure or cancelled', 3: 'plan shown, --yes missing' },
});

export async function rebalanceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, rebalanceSpec);
  if (positionals.length) throw new UsageError(`rebalance takes no positional arguments (got ${positionals.join(' ')})`);
  const by = values.by;
  if (by !== undefined && by !== 'slots' && by !== 'keys' && by !== 'load')
    throw new UsageError(`--by must be "slots", "keys" or "load", got "${by}"`);
  const window = values['load-window'];
  const loadWindowSeconds = window === undefined ? undefined : Number(window);
  if (loadWindowSeconds !== undefined && !(loadWindowSeconds > 0 && loadWindowSeconds <= 600))
    throw new UsageError(`--load-window must be seconds in (0, 600], got "${window}"`);
  if (loadWindowSeconds !== undefined && by !== 'load') throw new UsageError('--load-window only applies with --by load');
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    threshold = Number(values.threshold);
    if (!/^\d+(\.\d+)?$/.test(values.threshold) || !Number.isFinite(threshold))
      throw new UsageError(`--threshold must be a percentage >= 0, got "${values.threshold}"`);
  }
  const weights: Record<string, number> = {};
  for (const w of values.weight ?? []) {
    const m = /^(.+)=(\d+(?:\.\d+)?)$/.exec(w);
    if (!m) throw new UsageError(`--weight must be ID=W with W a number >= 0 (e.g. --weight 3f2a=0 to drain), got "${w}"`);
    weights[m[1]] = Number(m[2]);
  }
  return planAndRun(
    {
      action: 'rebalance',
      by,
      threshold,
      useEmptyMasters: values['use-empty-masters'],
      weights,
      loadWindowSeconds,
      pace: paceOf(values.pace),
      acceptPartialCounts: values['accept-partial-counts'],
    },
    { profile: values.profile, yes: values.yes, dryRun: values['dry-run'], json: values.json },
    io,
  );
}
