// `forget --profile FILE --node ID --yes [--json]` — planned by the same use case as the extension's Forget Node…
// (core/admin/useCases/nodes.ts); without --yes it shows the plan and changes nothing.
import { forgetNode } from '../core/admin/ops/forget';
import { adminCommandLine } from '../core/admin/commandLine';
import { planForget } from '../core/admin/useCases/nodes';
import { assertWritable } from '../core/common/errors';
import { discoverTopology } from '../core/topology/topology';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { planOrUsage } from './migrateCommon';
import { progressPrinter, showNodePlan, withInterrupt } from './lifecycle-io';

export const forgetSpec = defineCommand({
  name: 'forget',
  summary: 'CLUSTER FORGET a node on every other node (a node that is gone for good).',
  usage: 'forget --profile FILE --node ID --yes [--json]',
  options: {
    profile: common.profile,
    node: { type: 'string', value: 'ID', description: 'The node to forget: id, id prefix or host:port.' },
    yes: common.yes,
    json: common.json,
  },
  examples: ['redis-cluster forget --profile prod.json --node 3f2a91c0', 'redis-cluster forget --profile prod.json --node 3f2a91c0 --yes'],
  exitCodes: { 3: 'plan shown, --yes missing', 130: 'a second Ctrl-C while stopping (the first stops at the next safe point)' },
});

export async function forgetCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, forgetSpec);
  if (!values.node) throw new UsageError('--node ID is required (id, id prefix or host:port)');
  const ref = values.node;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'forget');
    const plan = await planOrUsage(async () => planForget(await discoverTopology(session), { action: 'forget', node: ref }));
    if (!values.yes) return showNodePlan(io, plan, values.profile as string, values.json);
    io.err(`running: ${adminCommandLine(plan.request, values.profile as string)}`);
    const r = await withInterrupt(io, (signal) => forgetNode(session, plan.node.id, { onProgress: progressPrinter(io), signal }));
    if (values.json) io.out(json(r));
    else
      io.out(
        `Forgot ${r.role} ${r.address} (${r.id}) on ${r.forgotten.length} nodes in ${r.settledMs} ` +
          `ms (${r.rounds} round(s)). If that process comes back with its old nodes.conf, reset it ` +
          `before reuse.`,
      );
    return 0;
  });
}
