// `reshard --profile FILE --from ID[,ID]|all --to ID (--slots N | --slot-list 1,5-9) [--dry-run] [--yes] [--json] [--pace gentle|fast]`
// Exit: 0 done / dry run, 1 failure or cancelled, 2 usage, 3 plan shown but --yes missing.
import { discoverTopology } from '../core/topology/topology';
import { planReshard } from '../core/admin/plan/reshard';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, withSession } from './context';
import { nodeId, paceOf, planOrUsage, showAndRun, slotCounts } from './migrateCommon';

function parseSlotList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new UsageError(`--slot-list: "${part}" is not a slot or a range like 10-20`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (a > b || b > 16383) throw new UsageError(`--slot-list: "${part}" is outside 0-16383 or reversed`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

export const reshardSpec = defineCommand({
  name: 'reshard',
  summary: 'Move slots (and their keys) to one master, like redis-cli --cluster reshard; shows the plan first.',
  usage: 'reshard --profile FILE --to ID (--slots N [--from ID[,ID]|all] | --slot-list LIST) [options]',
  options: {
    profile: common.profile,
    from: { type: 'string', value: 'ID[,ID]|all', description: 'Masters to take slots from (default all).' },
    to: { type: 'string', value: 'ID', description: 'The master that receives the slots: id, id prefix or host:port.' },
    slots: { type: 'string', value: 'N', description: 'How many slots to move (1-16384).' },
    'slot-list': { type: 'string', value: 'LIST', description: 'Exactly these slots, e.g. 1,5-9.' },
    'dry-run': common.dryRun,
    yes: common.yes,
    pace: common.pace,
    json: common.json,
  },
  examples: ['redis-cluster reshard --profile prod.json --to 127.0.0.1:7003 --slots 1000 --yes'],
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
  const slotList = values['slot-list'] === undefined ? undefined : parseSlotList(values['slot-list']);
  if (values.from === undefined && slotList === undefined) throw new UsageError('--from ID[,ID] (or all) is required with --slots');
  const profile = values.profile as string;
  return withSession(values.profile, async (session) => {
    const topo = await discoverTopology(session);
    const to = nodeId(topo, values.to as string, '--to');
    const fromRefs = (values.from ?? 'all')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const from = fromRefs.length === 1 && fromRefs[0] === 'all' ? ['all'] : fromRefs.map((r) => nodeId(topo, r, `--from ${r}`));
    const counts = await slotCounts(session, topo);
    const plan = planOrUsage(() => planReshard(topo, { from, to, slots, slotList, counts }));
    return showAndRun(
      session,
      plan,
      { yes: values.yes, dryRun: values['dry-run'], json: values.json, profile, pace: paceOf(values.pace) },
      io,
    );
  });
}
