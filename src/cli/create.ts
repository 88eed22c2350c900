// `create --nodes H:P,H:P,... --replicas N [--profile FILE] [--yes] [--json]`
// Plans masters/replicas, checks every node is reachable, cluster-enabled and empty, and (with --yes) creates
// the cluster. --profile supplies TLS and auth settings (its nodes list is replaced by --nodes); without
// it the nodes are reached over plain TCP without a password.
import { checkCreateNodes, createCluster, sessionForNewCluster } from '../core/admin/ops/create';
import { formatCreatePlan, planCreate } from '../core/admin/plan/create';
import { type ClusterProfile, loadProfileFile } from '../core/profiles/profile';
import { assertWritable } from '../core/common/errors';
import { common, defineCommand, intOption, parse } from './args';
import { type CliIO, UsageError, json, profilePassword } from './context';
import { notApplied, progressPrinter, withInterrupt } from './lifecycle-io';
import { shortId } from '../core/common/format';

export const createSpec = defineCommand({
  name: 'create',
  summary: 'Create a cluster from empty cluster-enabled nodes (like redis-cli --cluster create).',
  usage: 'create --nodes H:P,H:P,... [--replicas N] [--profile FILE] [--yes] [--json]',
  options: {
    nodes: { type: 'string', value: 'H:P,H:P,...', description: 'The nodes to join, comma separated.' },
    replicas: { type: 'string', value: 'N', description: 'Replicas per master (0-10, default 1).' },
    profile: { ...common.profile, description: 'TLS and auth settings for the nodes (its nodes list is replaced by --nodes).' },
    yes: common.yes,
    json: common.json,
  },
  examples: ['redis-cluster create --nodes 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 --replicas 0 --yes'],
  exitCodes: { 3: 'plan shown, --yes missing', 130: 'a second Ctrl-C while stopping (the first stops at the next safe point)' },
});

export async function createCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, createSpec);
  if (!values.nodes) throw new UsageError('--nodes H:P,H:P,... is required');
  const nodes = values.nodes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const replicas = intOption(values.replicas, '--replicas', 0, 10) ?? 1;
  const base: ClusterProfile = values.profile ? loadProfileFile(values.profile) : { name: 'new-cluster', nodes };
  assertWritable(base, 'create');
  const plan = planCreate(nodes, replicas);
  const session = sessionForNewCluster(base, nodes, profilePassword(base));
  try {
    if (!values.yes) {
      const checks = await checkCreateNodes(session, nodes);
      const bad = checks.filter((c) => !c.ok).map((c) => `not usable: ${c.address}: ${c.problem}`);
      if (values.json) {
        io.out(json({ applied: false, plan, checks }));
        return 1;
      }
      return notApplied(io, [
        ...formatCreatePlan(plan),
        ...(bad.length ? bad : [`all ${nodes.length} nodes are reachable, cluster-enabled and empty`]),
      ]);
    }
    if (!values.json) for (const l of formatCreatePlan(plan)) io.out(l);
    const result = await withInterrupt(io, (signal) => createCluster(session, plan, { onProgress: progressPrinter(io), signal }));
    if (values.json) {
      io.out(json({ applied: true, ...result }));
      return 0;
    }
    io.out(
      `Cluster created in ${(result.totalMs / 1000).toFixed(1)} s: ${plan.masters.length} masters, ${plan.replicas.length} replicas; ` +
        `SET/GET ok on ${result.testedKeys.length} keys in ${plan.masters.length} shards.`,
    );
    for (const n of result.nodes)
      io.out(
        `  ${n.role.padEnd(7)} ${n.address}  ${n.id}` +
          `${n.slots ? `  slots ${n.slots}` : ''}${n.masterId ? `  -> ${shortId(n.masterId)}` : ''}`,
      );
    io.out(
      `Connect with seeds ${result.seeds.join(',')}${base.tls ? ' over TLS' : ''}` +
        `${base.passwordEnv ? ` (password from $${base.passwordEnv})` : ''}.`,
    );
    io.out(`Profile (save it to connect): ${JSON.stringify(result.profile)}`);
    return 0;
  } finally {
    await session.close();
  }
}
