// `failover --profile FILE --node ID [--force|--takeover] --yes [--json]`
// ID names the replica to promote: id, unambiguous id prefix, or host:port.
import { FAILOVER_MODES, type FailoverMode, failover } from '../core/admin/ops/failover';
import { address, discoverTopology, findNode } from '../core/topology/topology';
import { assertWritable } from '../core/common/errors';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { notApplied, progressPrinter, withInterrupt } from './lifecycle-io';
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
  exitCodes: { 1: 'failure, or not applied because --yes is missing' },
});

export async function failoverCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, failoverSpec);
  if (!values.node) throw new UsageError('--node ID is required: the replica to promote (id, id prefix or host:port)');
  if (values.force && values.takeover) throw new UsageError('give --force or --takeover, not both');
  const mode: FailoverMode = values.takeover ? 'takeover' : values.force ? 'force' : 'default';
  const ref = values.node;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'failover');
    if (!values.yes) {
      const n = findNode(await discoverTopology(session), ref);
      return notApplied(io, [
        `Would run CLUSTER FAILOVER${mode === 'default' ? '' : ` ${mode.toUpperCase()}`} on ${n.role} ${address(n)} (${n.id}).`,
        `${FAILOVER_MODES[mode].label}: ${FAILOVER_MODES[mode].risk}`,
      ]);
    }
    const r = await withInterrupt(io, (signal) => failover(session, ref, { mode, onProgress: progressPrinter(io), signal }));
    if (values.json) {
      io.out(json(r));
      return 0;
    }
    const t = r.timings;
    io.out(
      `Failover (${mode}) done: ${r.newMasterAddress} (${shortId(r.newMasterId)}) is master; ` +
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
