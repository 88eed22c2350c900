// `topology --profile FILE [--json]`
import { address, discoverTopology } from '../core/topology/topology';
import { formatRanges } from '../core/topology/slots';
import { common, defineCommand, parse } from './args';
import { type CliIO, json, withSession } from './context';
import { shortId } from '../core/common/format';
import { readServers } from '../core/monitoring/serverInfo';
import { serverLabel } from '../core/topology/server';

export const topologySpec = defineCommand({
  name: 'topology',
  summary: 'Print the shards, nodes, roles, slot ranges and server (Redis or Valkey, version) of every node.',
  usage: 'topology --profile FILE [--json]',
  options: { profile: common.profile, json: common.json },
  examples: ['redis-cluster topology --profile prod.json --json'],
});

export async function topologyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, topologySpec);
  // Topology and each node's server in one session; the server reads run in parallel, one round trip per node.
  const { topo, servers } = await withSession(values.profile, async (session) => {
    const t = await discoverTopology(session);
    return { topo: t, servers: new Map((await readServers(session, t.nodes)).map((s) => [s.id, s])) };
  });
  const serverOf = (id: string) => servers.get(id)?.server;
  const server = (id: string) => serverLabel(serverOf(id));
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
          server: serverOf(n.id) ?? null,
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
        ? `master  ${address(m)}  ${shortId(m.id)}  ${formatRanges(m.slots) || '(no slots)'}  ${server(m.id)}  ${m.flags.join(',')}`
        : `shard without master ${shard.id}`,
    );
    for (const r of shard.replicas) io.out(`  replica ${address(r)}  ${shortId(r.id)}  ${server(r.id)}  ${r.flags.join(',')}`);
  }
  return 0;
}
