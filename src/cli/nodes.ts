// `add-node --profile FILE --new H:P [--replica-of ID] [--json]`
// `del-node --profile FILE --node ID [--shutdown] --yes [--json]`
// `forget   --profile FILE --node ID --yes [--json]`
// Node references: id, unambiguous id prefix, or host:port.
import { forgetNode } from '../core/admin/ops/forget';
import { addNode, removeNode } from '../core/admin/ops/nodes';
import { countSlots, formatRanges } from '../core/topology/slots';
import { address, discoverTopology, findNode } from '../core/topology/topology';
import { assertWritable } from '../core/common/errors';
import { parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { paceOf } from './migrateCommon';
import { notApplied, progressPrinter, withInterrupt } from './lifecycle-io';

export async function addNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' },
    new: { type: 'string' },
    'replica-of': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.new) throw new UsageError('--new H:P is required');
  const newAddress = values.new;
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'add-node');
    const r = await withInterrupt(io, (signal) =>
      addNode(session, newAddress, { replicaOf: values['replica-of'], onProgress: progressPrinter(io), signal }),
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

export async function delNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' },
    node: { type: 'string' },
    shutdown: { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    pace: { type: 'string' },
  });
  if (!values.node) throw new UsageError('--node ID is required (id, id prefix or host:port)');
  const ref = values.node;
  const pace = paceOf(values.pace);
  return withSession(values.profile, async (session) => {
    assertWritable(session.profile, 'del-node');
    if (!values.yes) {
      const n = findNode(await discoverTopology(session), ref);
      return notApplied(io, [
        `Would remove ${n.role} ${address(n)} (${n.id})` +
          `${n.slots.length ? ` after moving its ${countSlots(n.slots)} slots (${formatRanges(n.slots)}) to the other masters` : ''}` +
          `, ` +
          (`forget it on every other node, reset it` +
            `${values.shutdown ? ' and shut it down' : '; it keeps running (Redis 7.0 does not stop a removed node; add --shutdown)'}` +
            `.`),
      ]);
    }
    const r = await withInterrupt(io, (signal) =>
      removeNode(session, ref, { shutdown: values.shutdown, onProgress: progressPrinter(io), signal, pace }),
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
    if (!values.yes) {
      const n = findNode(await discoverTopology(session), ref);
      return notApplied(io, [`Would send CLUSTER FORGET ${n.id} (${address(n)}, ${n.flags.join(',') || 'no flags'}) to every other node.`]);
    }
    const r = await withInterrupt(io, (signal) => forgetNode(session, ref, { onProgress: progressPrinter(io), signal }));
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
