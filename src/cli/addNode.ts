// `add-node --profile FILE --new H:P [--replica-of ID] [--dry-run] [--json]` — planned by the same use case as the
// extension's Add Node… (core/admin/useCases/nodes.ts), then run (--dry-run: only shown). Adding moves no data, so
// it needs no --yes.
// Node references: id, unambiguous id prefix, or host:port.
import { addNode } from '../core/admin/ops/addNode';
import { adminCommandLine } from '../core/admin/commandLine';
import { planAddNode } from '../core/admin/useCases/nodes';
import { assertWritable } from '../core/common/errors';
import { discoverTopology } from '../core/topology/topology';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { progressPrinter, withInterrupt } from './lifecycle-io';
import { planOrUsage } from './migrateCommon';

export const addNodeSpec = defineCommand({
  name: 'add-node',
  summary: 'Add an empty node as a master (no slots yet) or as a replica.',
  usage: 'add-node --profile FILE --new H:P [--replica-of ID] [--dry-run] [--json]',
  options: {
    profile: common.profile,
    new: { type: 'string', value: 'H:P', description: 'The new node: empty, cluster-enabled, reachable with the profile settings.' },
    'replica-of': { type: 'string', value: 'ID', description: 'Make it a replica of this master (id, id prefix or host:port).' },
    'dry-run': { type: 'boolean', description: 'Show the steps and the command line, then exit 0 without changing anything.' },
    json: common.json,
  },
  examples: [
    'redis-cluster add-node --profile prod.json --new 127.0.0.1:7006 --replica-of 127.0.0.1:7000',
    'redis-cluster add-node --profile prod.json --new 127.0.0.1:7007 --dry-run',
  ],
  exitCodes: { 130: 'a second Ctrl-C while stopping (the first stops at the next safe point)' },
});

export async function addNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, addNodeSpec);
  if (!values.new) throw new UsageError('--new H:P is required');
  const newAddress = values.new;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'add-node');
    const topo = await discoverTopology(session);
    const plan = await planOrUsage(async () =>
      planAddNode(topo, { action: 'add-node', address: newAddress, replicaOf: values['replica-of'] }),
    );
    const commandLine = adminCommandLine(plan.request, values.profile as string);
    if (values['dry-run']) {
      io.out(
        values.json
          ? json({ plan, commandLine, executed: false })
          : [...plan.steps.map((x, i) => `${i + 1}. ${x}`), commandLine].join('\n'),
      );
      return 0;
    }
    io.err(`running: ${commandLine}`);
    const r = await withInterrupt(io, (signal) =>
      addNode(session, plan.address, { replicaOf: plan.request.replicaOf, onProgress: progressPrinter(io), signal }),
    );
    if (values.json) io.out(json(r));
    else
      io.out(
        `Added ${r.address} (${r.id}) as ` +
          `${r.role === 'replica' ? `a replica of ${r.masterId}` : 'an empty master (move slots to it with rebalance or reshard)'}` +
          `; all nodes knew it after ${r.knownByAllMs} ms, done in ${r.totalMs} ms.`,
      );
    return 0;
  });
}
