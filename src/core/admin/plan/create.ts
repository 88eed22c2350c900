// Pure planner for creating a cluster from empty nodes: which nodes become masters, which slots each master
// gets, and which master each replica follows. No I/O: the plan is shown to the user before anything runs.
//
// API
//   planCreate(addresses: string[], replicasPerMaster: number): CreatePlan   throws CreatePlanError
//   formatCreatePlan(plan: CreatePlan): string[]                             human lines, one per node
//   splitSlots(masterCount: number): SlotRange[]                             even contiguous ranges over 0-16383 (as redis-cli)
//   MIN_MASTERS = 3
//
// Rules
//   - masters = floor(nodes / (1 + replicasPerMaster)), at least MIN_MASTERS (a majority must survive one loss).
//   - Masters are picked round-robin over hosts, so they spread over machines.
//   - Each replica goes to a master on another host when one exists; nodes left over after every master has
//     `replicasPerMaster` replicas become extra replicas of the masters with the fewest.
//   - When a replica has to share its master's host although the nodes span several hosts, the plan says so.
import { RedisClusterError } from '../../common/errors';
import { type HostPort, parseHostPort } from '../../profiles/profile';
import { SLOT_COUNT, type SlotRange } from '../../topology/slots';
import { address } from '../../common/format';

export const MIN_MASTERS = 3;

export interface PlannedMaster {
  address: string;
  host: string;
  port: number;
  slots: SlotRange;
}

export interface PlannedReplica {
  address: string;
  host: string;
  port: number;
  masterAddress: string;
}

export interface CreatePlan {
  replicasPerMaster: number;
  masters: PlannedMaster[];
  replicas: PlannedReplica[];
  /** Things the user should know before confirming (e.g. a replica on its master's host). */
  warnings: string[];
}

export class CreatePlanError extends RedisClusterError {
  override name = 'CreatePlanError';
  constructor(message: string) {
    super('plan', message, 'Change the node list or the replica count');
  }
}

/** Even, contiguous ranges covering every slot once. */
export function splitSlots(masterCount: number): SlotRange[] {
  if (!Number.isInteger(masterCount) || masterCount < 1 || masterCount > SLOT_COUNT) {
    throw new CreatePlanError(`cannot split ${SLOT_COUNT} slots over ${masterCount} masters`);
  }
  // Rounded boundaries give the same ranges as redis-cli (0-5460, 5461-10922, 10923-16383 for 3).
  const end = (i: number) => (i === masterCount - 1 ? SLOT_COUNT - 1 : Math.round(((i + 1) * SLOT_COUNT) / masterCount - 1));
  return Array.from({ length: masterCount }, (_, i): SlotRange => [i === 0 ? 0 : end(i - 1) + 1, end(i)]);
}

function parseAll(addresses: string[]): HostPort[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: HostPort[] = [];
  for (const a of addresses) {
    const hp = parseHostPort(a.trim());
    if (typeof hp === 'string') {
      problems.push(hp);
      continue;
    }
    const key = address(hp);
    if (seen.has(key)) problems.push(`${key} is listed twice`);
    seen.add(key);
    out.push(hp);
  }
  if (problems.length) throw new CreatePlanError(`bad node list: ${problems.join('; ')}`);
  return out;
}

/** Round-robin over hosts (in first-seen order), so consecutive picks land on different machines. */
function interleaveByHost(nodes: HostPort[]): HostPort[] {
  const byHost = new Map<string, HostPort[]>();
  for (const n of nodes) byHost.set(n.host, [...(byHost.get(n.host) ?? []), n]);
  const queues = [...byHost.values()];
  const out: HostPort[] = [];
  while (out.length < nodes.length) {
    for (const q of queues) {
      const next = q.shift();
      if (next) out.push(next);
    }
  }
  return out;
}

/** Takes the candidate off another host than `avoid`, preferring hosts with the most nodes left. */
function takeReplicaFor(avoid: string, pool: HostPort[]): HostPort {
  const left = new Map<string, number>();
  for (const n of pool) left.set(n.host, (left.get(n.host) ?? 0) + 1);
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    if (pool[i].host === avoid) continue;
    if (best < 0 || (left.get(pool[i].host) ?? 0) > (left.get(pool[best].host) ?? 0)) best = i;
  }
  if (best < 0) best = 0;
  return pool.splice(best, 1)[0];
}

export function planCreate(addresses: string[], replicasPerMaster: number): CreatePlan {
  if (!Number.isInteger(replicasPerMaster) || replicasPerMaster < 0) {
    throw new CreatePlanError(`replicas per master must be a whole number >= 0, got ${replicasPerMaster}`);
  }
  const nodes = parseAll(addresses);
  const masterCount = Math.floor(nodes.length / (1 + replicasPerMaster));
  if (masterCount < MIN_MASTERS) {
    const need = MIN_MASTERS * (1 + replicasPerMaster);
    throw new CreatePlanError(
      `${nodes.length} node(s) with ${replicasPerMaster} replica(s) per master give ${masterCount} master(s); ` +
        `a cluster needs at least ${MIN_MASTERS} masters, so give at least ${need} nodes or fewer replicas`,
    );
  }
  const ordered = interleaveByHost(nodes);
  const ranges = splitSlots(masterCount);
  const masters: PlannedMaster[] = ordered.slice(0, masterCount).map((n, i) => ({
    address: address(n),
    host: n.host,
    port: n.port,
    slots: ranges[i],
  }));
  const pool = ordered.slice(masterCount);
  const replicas: PlannedReplica[] = [];
  const count = new Map(masters.map((m) => [m.address, 0]));
  const assign = (m: PlannedMaster) => {
    const r = takeReplicaFor(m.host, pool);
    replicas.push({ address: address(r), host: r.host, port: r.port, masterAddress: m.address });
    count.set(m.address, (count.get(m.address) ?? 0) + 1);
  };
  // Round by round, so every master gets its first replica before any gets a second.
  for (let round = 0; round < replicasPerMaster; round++) for (const m of masters) assign(m);
  while (pool.length) {
    const fewest = [...masters].sort((a, b) => (count.get(a.address) ?? 0) - (count.get(b.address) ?? 0))[0];
    assign(fewest);
  }

  const warnings: string[] = [];
  const hosts = new Set(nodes.map((n) => n.host));
  if (hosts.size > 1) {
    const masterHost = new Map(masters.map((m) => [m.address, m.host]));
    for (const r of replicas) {
      if (masterHost.get(r.masterAddress) === r.host) {
        warnings.push(`replica ${r.address} is on the same host as its master ${r.masterAddress}: losing that host loses both`);
      }
    }
  } else if (replicas.length) {
    warnings.push(`all nodes are on host ${[...hosts][0]}: replicas cannot be kept off their master's host`);
  }
  if (nodes.length > masterCount * (1 + replicasPerMaster)) {
    warnings.push(
      `${nodes.length - masterCount * (1 + replicasPerMaster)} node(s) ` +
        `beyond ${masterCount} x (1 + ${replicasPerMaster}) become extra replicas`,
    );
  }
  return { replicasPerMaster, masters, replicas, warnings };
}

export function formatCreatePlan(plan: CreatePlan): string[] {
  const lines: string[] = [];
  for (const m of plan.masters) {
    lines.push(`master  ${m.address}  slots ${m.slots[0]}-${m.slots[1]} (${m.slots[1] - m.slots[0] + 1})`);
    for (const r of plan.replicas.filter((x) => x.masterAddress === m.address)) lines.push(`  replica ${r.address}`);
  }
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return lines;
}
