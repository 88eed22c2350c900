// Add node, remove node, forget and failover as use cases shared by the extension (src/commands/nodes.ts) and the
// CLI (src/cli/addNode.ts, removeNode.ts, forget.ts, failover.ts): a pure plan from the topology and the request
// (node references resolved to ids, what will happen, in order), shown before anything runs (the confirmation, the
// CLI's answer without --yes) and written as the same command line (adminCommandLine of `request`). The operations
// themselves (ops/addNode.ts, removeNode.ts, forget.ts, failover.ts) check again under the admin lock.
import { parseHostPort } from '../../profiles/profile';
import { address, shortId } from '../../common/format';
import { countSlots, formatRanges } from '../../topology/slots';
import { type ClusterNode, type Topology, isFailing } from '../../topology/topology';
import { FAILOVER_MODES } from '../ops/failover';
import { PlanError } from '../plan/types';
import { nodeIdOf } from './migration';
import { ADMIN_DEFAULTS, type AddNodeRequest, type FailoverRequest, type ForgetRequest, type RemoveNodeRequest } from './requests';

export interface PlannedNode {
  id: string;
  address: string;
  role: 'master' | 'replica';
}

interface NodePlanBase<R> {
  /** The request with node references as ids. */
  request: R;
  /** What will happen, in order, in plain words (the CLI prints them; the extension shows its translated own). */
  steps: string[];
}

export interface AddNodePlan extends NodePlanBase<AddNodeRequest> {
  action: 'add-node';
  address: string;
  /** The master it will replicate; absent: it joins as an empty master. */
  replicaOf?: PlannedNode;
}

export interface RemoveNodePlan extends NodePlanBase<RemoveNodeRequest> {
  action: 'del-node';
  node: PlannedNode;
  /** Slots that move to the other masters first (a master's drain). */
  drainSlots: number;
  drainRanges: string;
  /** Replicas of a removed master that move to another master. */
  replicas: string[];
}

export interface ForgetPlan extends NodePlanBase<ForgetRequest> {
  action: 'forget';
  node: PlannedNode & { flags: string[] };
}

export interface FailoverPlan extends NodePlanBase<FailoverRequest> {
  action: 'failover';
  node: PlannedNode;
  master?: PlannedNode;
}

export type NodePlan = AddNodePlan | RemoveNodePlan | ForgetPlan | FailoverPlan;

const planned = (n: ClusterNode): PlannedNode => ({ id: n.id, address: address(n), role: n.role });
const label = (n: ClusterNode) => `${address(n)} (${shortId(n.id)})`;

function nodeOf(topology: Topology, ref: string, what: string): ClusterNode {
  const id = nodeIdOf(topology, ref, what);
  return topology.nodes.find((n) => n.id === id) as ClusterNode;
}

export function planAddNode(topology: Topology, r: AddNodeRequest): AddNodePlan {
  const hp = parseHostPort(r.address);
  if (typeof hp === 'string') throw new PlanError(`new node: ${hp}`);
  const addr = address(hp);
  if (topology.nodes.some((n) => address(n) === addr)) throw new PlanError(`${addr} is already a member of the cluster`);
  const master = r.replicaOf === undefined ? undefined : nodeOf(topology, r.replicaOf, '--replica-of');
  if (master && master.role !== 'master') throw new PlanError(`replica of ${r.replicaOf}: ${label(master)} is a replica; give a master`);
  if (master && isFailing(master)) throw new PlanError(`replica of ${r.replicaOf}: master ${label(master)} is failing`);
  return {
    action: 'add-node',
    request: { action: 'add-node', address: addr, replicaOf: master?.id },
    address: addr,
    replicaOf: master && planned(master),
    steps: [
      `check that ${addr} is reachable, cluster-enabled and empty`,
      'CLUSTER MEET it from every member and wait until every node knows it',
      master
        ? `CLUSTER REPLICATE ${shortId(master.id)} on it and wait until it is in sync with ${address(master)}`
        : 'it stays an empty master',
    ],
  };
}

export function planRemoveNode(topology: Topology, r: RemoveNodeRequest): RemoveNodePlan {
  const node = nodeOf(topology, r.node, '--node');
  if (isFailing(node)) throw new PlanError(`${label(node)} is failing (${node.flags.join(',')}); use forget to drop a failed node`);
  const replicas = topology.nodes.filter((n) => n.masterId === node.id).map(address);
  const drainSlots = node.role === 'master' ? countSlots(node.slots) : 0;
  const shutdown = r.shutdown ?? ADMIN_DEFAULTS.shutdown;
  return {
    action: 'del-node',
    request: { action: 'del-node', node: node.id, shutdown: r.shutdown, pace: r.pace },
    node: planned(node),
    drainSlots,
    drainRanges: drainSlots ? formatRanges(node.slots) : '',
    replicas: node.role === 'master' ? replicas : [],
    steps: [
      ...(drainSlots ? [`move its ${drainSlots} slots (${formatRanges(node.slots)}) and their keys to the other masters`] : []),
      ...(node.role === 'master' && replicas.length ? [`move its replicas (${replicas.join(', ')}) to another master`] : []),
      `every other node forgets ${shortId(node.id)}`,
      shutdown
        ? 'reset it (CLUSTER RESET SOFT) and shut it down'
        : 'reset it (CLUSTER RESET SOFT); it keeps running (Redis 7.0 does not stop a removed node; add --shutdown)',
    ],
  };
}

export function planForget(topology: Topology, r: ForgetRequest): ForgetPlan {
  const node = nodeOf(topology, r.node, '--node');
  return {
    action: 'forget',
    request: { action: 'forget', node: node.id },
    node: { ...planned(node), flags: node.flags },
    steps: [
      `send CLUSTER FORGET ${node.id} (${address(node)}, ${node.flags.join(',') || 'no flags'}) to every other node until none lists it`,
    ],
  };
}

export function planFailover(topology: Topology, r: FailoverRequest): FailoverPlan {
  const node = nodeOf(topology, r.node, '--node');
  if (node.role !== 'replica') throw new PlanError(`${label(node)} is a master; fail over to one of its replicas`);
  const master = topology.nodes.find((n) => n.id === node.masterId);
  const mode = r.mode ?? ADMIN_DEFAULTS.mode;
  return {
    action: 'failover',
    request: { action: 'failover', node: node.id, mode: r.mode },
    node: planned(node),
    master: master && planned(master),
    steps: [
      `CLUSTER FAILOVER${mode === 'default' ? '' : ` ${mode.toUpperCase()}`} on ${label(node)}` +
        `${master ? `: it becomes master in place of ${label(master)}` : ''}`,
      `${FAILOVER_MODES[mode].label}: ${FAILOVER_MODES[mode].risk}`,
    ],
  };
}
