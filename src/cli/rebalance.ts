// `rebalance --profile FILE [--weight ID=W]... [--threshold PCT] [--use-empty-masters] [--by keys|slots|load]
//  [--load-window SECONDS]
//  [--dry-run] [--yes] [--json] [--pace gentle|fast] [--accept-partial-counts]` — plans like redis-cli --cluster
// rebalance (through the same use case as the extension), shows the plan, runs it with --yes.
// Exit: 0 done / nothing to do / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { parse } from './args';
import { type CliIO, UsageError } from './context';
import { paceOf, planAndRun } from './migrateCommon';

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
    'accept-partial-counts': { type: 'boolean' },
    json: { type: 'boolean' },
  });
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
