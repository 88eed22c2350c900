// `del-node --profile FILE --node ID [--shutdown] [--pace gentle|fast] --yes [--json]` — planned by the same use case
// as the extension's Remove Node… (core/admin/useCases/nodes.ts); without --yes it shows the plan and changes nothing.
// Node references: id, unambiguous id prefix, or host:port.
import { removeNode } from '../core/admin/ops/removeNode';
import { adminCommandLine } from '../core/admin/commandLine';
import { planRemoveNode } from '../core/admin/useCases/nodes';
import { assertWritable } from '../core/common/errors';
import { discoverTopology } from '../core/topology/topology';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { paceOf, planOrUsage } from './migrateCommon';
import { progressPrinter, showNodePlan, withInterrupt } from './lifecycle-io';

export const delNodeSpec = defineCommand({
  name: 'del-node',
  summary: 'Remove a node: move its slots away, forget it on every node, reset it.',
  usage: 'del-node --profile FILE --node ID [--shutdown] [--pace gentle|fast] --yes [--json]',
  options: {
    profile: common.profile,
    node: { type: 'string', value: 'ID', description: 'The node to remove: id, id prefix or host:port.' },
    shutdown: { type: 'boolean', description: 'Also shut the node down (Redis 7.0 keeps a removed node running).' },
    yes: common.yes,
    json: common.json,
    pace: common.pace,
  },
  examples: [
    'redis-cluster del-node --profile prod.json --node 127.0.0.1:7006',
    'redis-cluster del-node --profile prod.json --node 127.0.0.1:7006 --shutdown --yes',
  ],
  exitCodes: { 3: 'plan shown, --yes missing', 130: 'a second Ctrl-C while stopping (the first stops at the next safe point)' },
});

export async function delNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, delNodeSpec);
  if (!values.node) throw new UsageError('--node ID is required (id, id prefix or host:port)');
  const request = { action: 'del-node', node: values.node, shutdown: values.shutdown, pace: paceOf(values.pace) } as const;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'del-node');
    const plan = await planOrUsage(async () => planRemoveNode(await discoverTopology(session), request));
    if (!values.yes) return showNodePlan(io, plan, values.profile as string, values.json);
    io.err(`running: ${adminCommandLine(plan.request, values.profile as string)}`);
    const r = await withInterrupt(io, (signal) =>
      removeNode(session, plan.node.id, { shutdown: values.shutdown, onProgress: progressPrinter(io), signal, pace: request.pace }),
    );
    if (values.json) io.out(json(r));
    else
      io.out(
        `Removed ${r.role} ${r.address} (${r.id})` +
          `${r.drainedSlots ? ` after moving ${r.drainedSlots} slots` : ''}; forgotten by every node ` +
          `in ${r.forgetMs} ms. ${r.note}.`,
      );
    return 0;
  });
}
