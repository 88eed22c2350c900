// `reshard --profile FILE --from ID[,ID]|all --to ID (--slots N | --slot-list 1,5-9) [--dry-run] [--yes] [--json]
//  [--pace gentle|fast] [--accept-partial-counts]` — plans through the same use case as the extension.
// Exit: 0 done / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError } from './context';
import { paceOf, planAndRun } from './migrateCommon';

export const reshardSpec = defineCommand({
  name: 'reshard',
  summary: 'Move slots (and their keys) to one master, like redis-cli --cluster reshard; shows the plan first.',
  usage: 'reshard --profile FILE --to ID (--from ID[,ID]|all --slots N | --slot-list LIST [--from ID[,ID]|all]) [options]',
  options: {
    profile: common.profile,
    from: {
      type: 'string',
      value: 'ID[,ID]|all',
      description: 'Masters to take slots from, or all (required with --slots; default all with --slot-list).',
    },
    to: { type: 'string', value: 'ID', description: 'The master that receives the slots: id, id prefix or host:port.' },
    slots: { type: 'string', value: 'N', description: 'How many slots to move (1-16384).' },
    'slot-list': { type: 'string', value: 'LIST', description: 'Exactly these slots, e.g. 1,5-9.' },
    'accept-partial-counts': {
      type: 'boolean',
      description: "Plan even when some master's keys could not be counted (the plan's key estimates are then partial).",
    },
    'dry-run': common.dryRun,
    yes: common.yes,
    pace: common.pace,
    json: common.json,
  },
  examples: [
    'redis-cluster reshard --profile prod.json --from all --to 127.0.0.1:7003 --slots 1000 --yes',
    'redis-cluster reshard --profile prod.json --to 3f2a --slot-list 0-99,200 --dry-run',
  ],
  exitCodes: { 1: 'failure or cancelled', 3: 'plan shown, --yes missing' },
});

export async function reshardCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, reshardSpec);
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
