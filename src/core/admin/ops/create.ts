// Creates a cluster from empty, cluster-enabled nodes, step by step and visibly (what `redis-cli --cluster
// create` does): check every node, assign slots, MEET, wait for agreement, REPLICATE, wait until every node
// is ok and agrees, then prove it with SET/GET on keys in every master's slots.
//
// API (plan first with planCreate() from ../plan/create, show it, then run it)
//   sessionForNewCluster(profile, addresses, password?): ClusterSession   profile's TLS/auth, these nodes
//   checkEmptyNode(session, address): Promise<NodeCheck>                  reachable, cluster-enabled, empty?
//   checkCreateNodes(session, addresses): Promise<NodeCheck[]>            all of them, in parallel
//   createCluster(session, plan, opts?: LifecycleOptions): Promise<CreateResult>
//   createCommandLine(plan, profileFile?): string                         the equivalent CLI line, for the log
//   replicateWithRetry(session, address, masterId, waitMs, signal?)        CLUSTER REPLICATE through gossip lag
// Defaults: opts.timeoutMs 60000 for each wait. Refuses read-only profiles and any node that is not empty.
import { type NodeView, agreementProblems, waitUntil } from '../../topology/agreement';
import { AdminRefusedError, AdminStepError, NodeCommandError, assertWritable, errorText, throwIfAborted } from '../../common/errors';
import type { CreatePlan } from '../plan/create';
import type { ClusterProfile } from '../../profiles/profile';
import { ClusterSession } from '../../connection/session';
import { keySlot, formatRanges } from '../../topology/slots';
import { parseClusterNodes } from '../../topology/topology';
import { type LifecycleOptions, type Report, bindableIp, progressReporter, readViewsOf, replicaLinkStatus, sleep } from './lifecycle-util';
import { shortId } from '../../common/format';

export interface NodeCheck {
  address: string;
  ok: boolean;
  /** Why the node cannot join a new cluster, and what to do about it. */
  problem?: string;
  id?: string;
  /** The cluster bus port the node itself announces (needed for MEET). */
  cport?: number;
}

export interface CreatedNode {
  address: string;
  id: string;
  role: 'master' | 'replica';
  masterId?: string;
  slots?: string;
}

export interface CreateResult {
  nodes: CreatedNode[];
  /** Seeds for a profile of the new cluster (the masters). */
  seeds: string[];
  /** The input profile with `nodes` set to the seeds: offer to save it. */
  profile: ClusterProfile;
  testedKeys: { key: string; slot: number; master: string }[];
  timings: Record<string, number>;
  totalMs: number;
}

export function sessionForNewCluster(profile: ClusterProfile, addresses: string[], password?: string): ClusterSession {
  return new ClusterSession({ ...profile, nodes: addresses }, { password });
}

export async function checkEmptyNode(session: ClusterSession, address: string): Promise<NodeCheck> {
  const bad = (problem: string, extra: Partial<NodeCheck> = {}): NodeCheck => ({ address, ok: false, problem, ...extra });
  let client;
  try {
    client = await session.node(address);
  } catch (e) {
    return bad(`not reachable: ${errorText(e)}`);
  }
  try {
    const info = String(await client.info('cluster'));
    if (!/cluster_enabled:1/.test(info)) return bad('not cluster-enabled: set "cluster-enabled yes" in its config and restart it');
    const nodes = parseClusterNodes(String(await client.call('CLUSTER', 'NODES')));
    const me = nodes.find((n) => n.myself);
    if (!me) return bad('CLUSTER NODES has no "myself" line');
    const extra = { id: me.id, cport: me.cport };
    const others = nodes.filter((n) => !n.myself);
    if (others.length)
      return bad(
        `already knows ${others.length} other node(s), so it belongs to a cluster: ` +
          `pick another node, or run CLUSTER RESET HARD on it if it may be wiped`,
        extra,
      );
    if (me.slots.length)
      return bad(`already serves slots ${formatRanges(me.slots)}: run CLUSTER RESET HARD on it if it may be wiped`, extra);
    const keys = Number(await client.dbsize());
    if (keys > 0) return bad(`holds ${keys} key(s): pick another node, or FLUSHALL it if the data may go`, extra);
    return { address, ok: true, ...extra };
  } catch (e) {
    return bad(`check failed: ${errorText(e)}`);
  }
}

export function checkCreateNodes(session: ClusterSession, addresses: string[]): Promise<NodeCheck[]> {
  return Promise.all(addresses.map((a) => checkEmptyNode(session, a)));
}

export function createCommandLine(plan: CreatePlan, profileFile?: string): string {
  const nodes = [...plan.masters.map((m) => m.address), ...plan.replicas.map((r) => r.address)];
  return (
    `redis-cluster create --nodes ${nodes.join(',')} --replicas ${plan.replicasPerMaster}` +
    `${profileFile ? ` --profile ${profileFile}` : ''} --yes`
  );
}

/** Problems with the new cluster's views: [] once every node knows all `expected` nodes and they agree. */
function membershipProblems(views: NodeView[], expected: number, requireOk: boolean): string[] {
  const problems = agreementProblems(views, { requireOk });
  for (const v of views) {
    const known = (v.nodes ?? []).filter((n) => !n.flags.includes('handshake')).length;
    if (v.nodes && known !== expected) problems.push(`${v.address} knows ${known} of ${expected} nodes`);
  }
  return problems;
}

/** Per master, two keys whose slots it owns: the SET/GET proof touches every shard. */
function testKeysFor(plan: CreatePlan): { key: string; slot: number; master: string }[] {
  const out: { key: string; slot: number; master: string }[] = [];
  for (const m of plan.masters) {
    let found = 0;
    for (let i = 0; found < 2 && i < 1_000_000; i++) {
      const key = `redis-cluster:create-check:${i}`;
      const slot = keySlot(key);
      if (slot >= m.slots[0] && slot <= m.slots[1]) {
        out.push({ key, slot, master: m.address });
        found++;
      }
    }
  }
  return out;
}

export async function createCluster(session: ClusterSession, plan: CreatePlan, opts: LifecycleOptions = {}): Promise<CreateResult> {
  assertWritable(session.profile, 'create cluster');
  const report = progressReporter('create', opts);
  const waitMs = opts.timeoutMs ?? 60000;
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  let phase = 'check';
  let mark = Date.now();
  const step = (next: string) => {
    timings[phase] = Date.now() - mark;
    throwIfAborted(opts.signal, `before "${next}"${phase === 'check' ? ' (nothing was changed)' : ''}`);
    phase = next;
    mark = Date.now();
  };
  const all = [...plan.masters.map((m) => m.address), ...plan.replicas.map((r) => r.address)];

  report('check', `checking ${all.length} nodes are reachable, cluster-enabled and empty`);
  const checks = await checkCreateNodes(session, all);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) {
    throw new AdminRefusedError(
      `cannot create the cluster; nothing was changed. ${failed.map((c) => `${c.address}: ${c.problem}`).join('; ')}`,
    );
  }
  const byAddr = new Map(checks.map((c) => [c.address, c]));
  const idOf = (a: string) => byAddr.get(a)?.id as string;

  try {
    step('slots');
    await assignSlots(session, plan, report);
    step('meet');
    await meetAll(session, all, byAddr, report);
    step('wait-meet');
    report('wait-meet', `waiting until all ${all.length} nodes know each other and agree`);
    await waitUntil(async () => membershipProblems(await readViewsOf(session, all), all.length, false)[0], {
      timeoutMs: waitMs,
      intervalMs: 100,
      signal: opts.signal,
      what: 'every node to know every other node',
    });
    step('replicate');
    await replicateAll(session, plan, idOf, report, waitMs, opts.signal);
    step('wait-ok');
    report('wait-ok', 'waiting for cluster_state:ok on every node, replicas in sync, all views equal');
    await waitUntil(
      async () => {
        const problem = membershipProblems(await readViewsOf(session, all), all.length, true)[0];
        if (problem) return problem;
        for (const r of plan.replicas) {
          const link = await replicaLinkStatus(session, r.address);
          if (link !== 'up') return `${r.address}: master_link_status is ${link}`;
        }
        return undefined;
      },
      { timeoutMs: waitMs, intervalMs: 150, signal: opts.signal, what: 'the new cluster to be ok everywhere' },
    );
    step('test');
  } catch (e) {
    throw new AdminStepError(
      `create failed during "${phase}": ${errorText(e)}. The nodes are partly configured`,
      `To start over run CLUSTER RESET HARD on each of ${all.join(', ')}`,
      e,
    );
  }

  const testedKeys = testKeysFor(plan);
  report('test', `SET/GET on ${testedKeys.length} keys across ${plan.masters.length} masters`);
  const cluster = await session.cluster();
  for (const t of testedKeys) {
    const value = `ok-${t.slot}-${Date.now()}`;
    await cluster.set(t.key, value);
    const got = await cluster.get(t.key);
    if (got !== value)
      throw new AdminStepError(
        `the cluster was created but the test key ${t.key} (slot ${t.slot}, on ${t.master}) ` +
          `read back ${JSON.stringify(got)} instead of the value written`,
        `Run check on the new cluster and read ${t.master}'s log before storing data in it`,
      );
    await cluster.del(t.key);
  }
  timings.test = Date.now() - mark;

  const nodes: CreatedNode[] = [
    ...plan.masters.map(
      (m): CreatedNode => ({ address: m.address, id: idOf(m.address), role: 'master', slots: `${m.slots[0]}-${m.slots[1]}` }),
    ),
    ...plan.replicas.map(
      (r): CreatedNode => ({ address: r.address, id: idOf(r.address), role: 'replica', masterId: idOf(r.masterAddress) }),
    ),
  ];
  const seeds = plan.masters.map((m) => m.address);
  const totalMs = Date.now() - t0;
  report(
    'done',
    `cluster created in ${totalMs} ms: ${plan.masters.length} masters, ${plan.replicas.length} replicas; ` +
      `connect to any of ${seeds.join(', ')}`,
  );
  return { nodes, seeds, profile: { ...session.profile, nodes: seeds }, testedKeys, timings, totalMs };
}

async function assignSlots(session: ClusterSession, plan: CreatePlan, report: Report): Promise<void> {
  const all = [...plan.masters.map((m) => m.address), ...plan.replicas.map((r) => r.address)];
  // Distinct config epochs up front spare the nodes the collision-resolution dance after MEET.
  await Promise.all(
    all.map(async (a, i) => {
      const client = await session.node(a);
      await client.call('CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1)).catch(() => undefined);
    }),
  );
  let done = 0;
  for (const m of plan.masters) {
    report('slots', `CLUSTER ADDSLOTSRANGE ${m.slots[0]} ${m.slots[1]} on ${m.address}`, done, plan.masters.length);
    const client = await session.node(m.address);
    try {
      await client.call('CLUSTER', 'ADDSLOTSRANGE', String(m.slots[0]), String(m.slots[1]));
    } catch (e) {
      const hint = `Check with CLUSTER NODES on ${m.address} that no slot of ${m.slots[0]}-${m.slots[1]} is assigned already`;
      throw new NodeCommandError(m.address, `CLUSTER ADDSLOTSRANGE ${m.slots[0]} ${m.slots[1]} failed: ${errorText(e)}`, e, hint);
    }
    done++;
  }
}

async function meetAll(session: ClusterSession, all: string[], byAddr: Map<string, NodeCheck>, report: Report): Promise<void> {
  const [first, ...rest] = all;
  const client = await session.node(first);
  let done = 0;
  for (const a of rest) {
    const check = byAddr.get(a);
    const [host, port] = [a.slice(0, a.lastIndexOf(':')).replace(/^\[|\]$/g, ''), a.slice(a.lastIndexOf(':') + 1)];
    const ip = await bindableIp(host);
    // The bus port each node announces itself: with TLS clusters the client port given is the TLS port,
    // and a custom cluster-port or announce-bus-port would make the default port+10000 wrong.
    const cport = String(check?.cport ?? Number(port) + 10000);
    report('meet', `CLUSTER MEET ${ip} ${port} ${cport} from ${first}`, done, rest.length);
    try {
      await client.call('CLUSTER', 'MEET', ip, port, cport);
    } catch (e) {
      const hint = `Check that ${a} runs with cluster-enabled yes and that ${first} can reach its bus port ${cport}`;
      throw new NodeCommandError(first, `CLUSTER MEET ${ip} ${port} ${cport} failed: ${errorText(e)}`, e, hint);
    }
    done++;
  }
}

async function replicateAll(
  session: ClusterSession,
  plan: CreatePlan,
  idOf: (a: string) => string,
  report: Report,
  waitMs: number,
  signal?: AbortSignal,
): Promise<void> {
  let done = 0;
  for (const r of plan.replicas) {
    const masterId = idOf(r.masterAddress);
    report('replicate', `CLUSTER REPLICATE ${shortId(masterId)} (${r.masterAddress}) on ${r.address}`, done, plan.replicas.length);
    await replicateWithRetry(session, r.address, masterId, waitMs, signal);
    done++;
  }
}

/** CLUSTER REPLICATE, retried while the node does not know the master yet (gossip lag); other errors fail at once. */
export async function replicateWithRetry(
  session: ClusterSession,
  addr: string,
  masterId: string,
  waitMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const client = await session.node(addr);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await client.call('CLUSTER', 'REPLICATE', masterId);
      return;
    } catch (e) {
      const text = errorText(e);
      if (!/unknown node/i.test(text) || Date.now() > deadline) {
        const hint = `Check that ${addr} is an empty node that knows ${masterId} (CLUSTER NODES on ${addr})`;
        throw new NodeCommandError(addr, `CLUSTER REPLICATE ${masterId} failed: ${text}`, e, hint);
      }
    }
    throwIfAborted(signal, `while ${addr} waited to learn its master ${masterId}`);
    await sleep(100, signal);
  }
}
