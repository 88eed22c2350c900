// `forget --profile FILE --node ID --yes [--json]` — planned by the same use case as the extension's Forget Node…
// (core/admin/useCases/nodes.ts); without --yes it shows the plan and changes nothing.
import { forgetNode } from '../core/admin/ops/forget';
import { adminCommandLine } from '../core/admin/commandLine';
import { planForget } from '../core/admin/useCases/nodes';
import { assertWritable } from '../core/common/errors';
import { discoverTopology } from '../core/topology/topology';
import { parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { planOrUsage } from './migrateCommon';
import { progressPrinter, showNodePlan, withInterrupt } from './lifecycle-io';

export async function forgetCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' },
    node: { type: 'string' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
  });
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
