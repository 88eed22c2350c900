// `add-node --profile FILE --new H:P [--replica-of ID] [--json]`
// `del-node --profile FILE --node ID [--shutdown] --yes [--json]`
// `forget   --profile FILE --node ID --yes [--json]`
// Node references: id, unambiguous id prefix, or host:port.
import { forgetNode } from '../core/admin/ops/forget';
import { addNode, removeNode } from '../core/admin/ops/nodes';
import { countSlots, formatRanges } from '../core/topology/slots';
import { address, discoverTopology, findNode } from '../core/topology/topology';
import { assertWritable } from '../core/common/errors';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { paceOf } from './migrateCommon';
import { notApplied, progressPrinter, withInterrupt } from './lifecycle-io';

export const addNodeSpec = defineCommand({
  name: 'add-node',
  summary: 'Add an empty node as a master (no slots yet) or as a replica.',
  usage: 'add-node --profile FILE --new H:P [--replica-of ID] [--json]',
  options: {
    profile: common.profile,
    new: { type: 'string', value: 'H:P', description: 'The new node: empty, cluster-enabled, reachable with the profile settings.' },
    'replica-of': { type: 'string', value: 'ID', description: 'Make it a replica of this master (id, id prefix or host:port).' },
    json: common.json,
  },
  examples: ['redis-cluster add-node --profile prod.json --new 127.0.0.1:7006 --replica-of 127.0.0.1:7000'],
});

export async function addNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, addNodeSpec);
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
  examples: ['redis-cluster del-node --profile prod.json --node 127.0.0.1:7006 --shutdown --yes'],
  exitCodes: { 1: 'failure, or not applied because --yes is missing' },
});

export async function delNodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, delNodeSpec);
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
  examples: ['redis-cluster forget --profile prod.json --node 3f2a91c0 --yes'],
  exitCodes: { 1: 'failure, or not applied because --yes is missing' },
});

export async function forgetCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, forgetSpec);
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
