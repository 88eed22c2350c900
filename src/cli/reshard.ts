// `reshard --profile FILE --from ID[,ID]|all --to ID (--slots N | --slot-list 1,5-9) [--dry-run] [--yes] [--json]
//  [--pace gentle|fast] [--accept-partial-counts]` — plans through the same use case as the extension.
// Exit: 0 done / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { parse } from './args';
import { type CliIO, UsageError } from './context';
import { paceOf, planAndRun } from './migrateCommon';

export async function reshardCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    slots: { type: 'string' },
    'slot-list': { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
    pace: { type: 'string' },
    'accept-partial-counts': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`reshard takes no positional arguments (got ${positionals.join(' ')})`);
  if (!values.to) throw new UsageError('--to ID is required (a node id, an unambiguous id prefix, or host:port)');
  if ((values.slots === undefined) === (values['slot-list'] === undefined))
    throw new UsageError('give exactly one of --slots N or --slot-list LIST');
  let slots: number | undefined;
  if (values.slots !== undefined) {
    slots = Number(values.slots);
    if (!/^\d+$/.test(values.slots) || slots < 1 || slots > 16384)
      throw new UsageError(`--slots must be an integer in 1-16384, got "${values.slots}"`);
  }
  const slotList = values['slot-list'];
  if (values.from === undefined && slotList === undefined) throw new UsageError('--from ID[,ID] (or all) is required with --slots');
  const from = (values.from ?? 'all')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return planAndRun(
    {
      action: 'reshard',
      from,
      to: values.to,
      slots,
      slotList,
      pace: paceOf(values.pace),
      acceptPartialCounts: values['accept-partial-counts'],
    },
    { profile: values.profile, yes: values.yes, dryRun: values['dry-run'], json: values.json },
    io,
  );
}
