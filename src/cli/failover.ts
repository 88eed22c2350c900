// `failover --profile FILE --node ID [--force|--takeover] --yes [--json]` — planned by the same use case as the
// extension's Failover… (core/admin/useCases/nodes.ts); without --yes it shows the plan and changes nothing.
// ID names the replica to promote: id, unambiguous id prefix, or host:port.
import { type FailoverMode, failover } from '../core/admin/ops/failover';
import { adminCommandLine } from '../core/admin/commandLine';
import { planFailover } from '../core/admin/useCases/nodes';
import { discoverTopology } from '../core/topology/topology';
import { assertWritable } from '../core/common/errors';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { progressPrinter, showNodePlan, withInterrupt } from './lifecycle-io';
import { planOrUsage } from './migrateCommon';
import { shortId } from '../core/common/format';

export const failoverSpec = defineCommand({
  name: 'failover',
  summary: 'Promote a replica to master (CLUSTER FAILOVER on the replica).',
  usage: 'failover --profile FILE --node ID [--force|--takeover] --yes [--json]',
  options: {
    profile: common.profile,
    node: { type: 'string', value: 'ID', description: 'The replica to promote: node id, unambiguous id prefix, or host:port.' },
    force: { type: 'boolean', description: 'CLUSTER FAILOVER FORCE: do not wait for the master (it is down or unreachable).' },
    takeover: { type: 'boolean', description: 'CLUSTER FAILOVER TAKEOVER: no agreement from the other masters (last resort).' },
    yes: common.yes,
    json: common.json,
  },
  examples: ['redis-cluster failover --profile prod.json --node 127.0.0.1:7004 --yes'],
  exitCodes: { 3: 'plan shown, --yes missing', 130: 'a second Ctrl-C while stopping (the first stops at the next safe point)' },
});

export async function failoverCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, failoverSpec);
  if (!values.node) throw new UsageError('--node ID is required: the replica to promote (id, id prefix or host:port)');
  if (values.force && values.takeover) throw new UsageError('give --force or --takeover, not both');
  const mode: FailoverMode | undefined = values.takeover ? 'takeover' : values.force ? 'force' : undefined;
  const ref = values.node;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'failover');
    const plan = await planOrUsage(async () => planFailover(await discoverTopology(session), { action: 'failover', node: ref, mode }));
    if (!values.yes) return showNodePlan(io, plan, values.profile as string, values.json);
    io.err(`running: ${adminCommandLine(plan.request, values.profile as string)}`);
    const r = await withInterrupt(io, (signal) => failover(session, plan.node.id, { mode, onProgress: progressPrinter(io), signal }));
    if (values.json) {
      io.out(json(r));
      return 0;
    }
    const t = r.timings;
    io.out(
      `Failover (${mode ?? 'default'}) done: ${r.newMasterAddress} (${shortId(r.newMasterId)}) is master; ` +
        `${r.oldMasterAddress} ${r.oldMasterReachable ? 'is its replica' : 'was unreachable and will follow it when back'}.`,
    );
    io.out(
      `  promoted ${t.promotedMs} ms after the command; all nodes saw it after ${t.allSeeNewMasterMs} ms` +
        `${t.oldMasterDemotedMs !== undefined ? `; old master seen as replica after ${t.oldMasterDemotedMs} ms` : ''}` +
        `; settled after ${t.settledMs} ms; ${r.attempts} attempt(s).`,
    );
    return 0;
  });
}
