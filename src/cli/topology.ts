// `topology --profile FILE [--json]`
import { address, discoverTopology } from '../core/topology/topology';
import { formatRanges } from '../core/topology/slots';
import { common, defineCommand, parse } from './args';
import { type CliIO, json, withSession } from './context';
import { shortId } from '../core/common/format';

export const topologySpec = defineCommand({
  name: 'topology',
  summary: 'Print the shards, nodes, roles and slot ranges of the cluster.',
  usage: 'topology --profile FILE [--json]',
  options: { profile: common.profile, json: common.json },
  examples: ['redis-cluster topology --profile prod.json --json'],
});

export async function topologyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, topologySpec);
  const topo = await withSession(values.profile, discoverTopology);
  if (values.json) {
    io.out(
      json({
        state: topo.info.state,
        nodes: topo.nodes.map((n) => ({
          id: n.id,
          host: n.host,
          port: n.port,
          role: n.role,
          masterId: n.masterId ?? null,
          slots: n.slots,
          flags: n.flags,
          linkState: n.linkState,
          migrating: n.migrating,
          importing: n.importing,
        })),
      }),
    );
    return 0;
  }
  io.out(`cluster_state: ${topo.info.state}  slots ok ${topo.info.slotsOk}/16384  nodes ${topo.nodes.length}  (read from ${topo.source})`);
  for (const shard of topo.shards) {
    const m = shard.master;
    io.out(
      m
        ? `master  ${address(m)}  ${shortId(m.id)}  ${formatRanges(m.slots) || '(no slots)'}  ${m.flags.join(',')}`
        : `shard without master ${shard.id}`,
    );
    for (const r of shard.replicas) io.out(`  replica ${address(r)}  ${shortId(r.id)}  ${r.flags.join(',')}`);
  }
  return 0;
}
