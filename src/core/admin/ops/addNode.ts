// Adding a node: MEETs an empty, cluster-enabled node into the cluster as an empty master, or (opts.replicaOf: id,
// id prefix or host:port of a master) as its replica; returns once every node knows it and agrees.
// Defaults: opts.timeoutMs 60000 per wait. Takes the cluster-wide admin lock (lock.ts); refuses read-only profiles
// and an unsettled cluster.
import { waitUntil } from '../../topology/agreement';
import { AdminRefusedError, AdminStepError, assertWritable, errorText, throwIfAborted } from '../../common/errors';
import { parseHostPort } from '../../profiles/profile';
import type { ClusterSession } from '../../connection/session';
import { type ClusterNode, address, discoverTopology, findNode, isFailing } from '../../topology/topology';
import { checkEmptyNode, replicateWithRetry } from './create';
import { type LifecycleOptions, type Report, bindableIp, progressReporter, readViewsOf, replicaLinkStatus } from './lifecycle-util';
import { withAdminLock } from './lock';
import { live, requireSettled, waitViews } from './nodeWaits';
import { shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';

export interface AddNodeOptions extends LifecycleOptions {
  /** Make the new node a replica of this master (id, unambiguous id prefix or host:port). */
  replicaOf?: string;
}

export interface AddNodeResult {
  id: string;
  address: string;
  role: 'master' | 'replica';
  masterId?: string;
  /** From MEET until every node knew the new node. */
  knownByAllMs: number;
  totalMs: number;
}

export async function addNode(session: ClusterSession, newAddress: string, opts: AddNodeOptions = {}): Promise<AddNodeResult> {
  assertWritable(session.profile, 'add node');
  const report = progressReporter('add-node', opts);
  return withAdminLock(session, 'add-node', 'take', () => addNodeLocked(session, newAddress, opts, report));
}

async function addNodeLocked(session: ClusterSession, newAddress: string, opts: AddNodeOptions, report: Report): Promise<AddNodeResult> {
  const t0 = Date.now();
  const hp = parseHostPort(newAddress);
  if (typeof hp === 'string') throw new AdminRefusedError(`--new: ${hp}`);
  const newAddr = address(hp);

  report('check', `checking the cluster is settled and ${newAddr} is empty`);
  const topo = await discoverTopology(session);
  if (topo.nodes.some((n) => address(n) === newAddr)) throw new AdminRefusedError(`${newAddr} is already a member of the cluster`);
  let master: ClusterNode | undefined;
  if (opts.replicaOf) {
    master = findNode(topo, opts.replicaOf);
    if (master.role !== 'master')
      throw new AdminRefusedError(
        `--replica-of ${opts.replicaOf}: ${address(master)} is a replica; give a master (its ` +
          `master is ${master.masterId ? shortId(master.masterId) : 'unknown'})`,
      );
    if (isFailing(master))
      throw new AdminRefusedError(`--replica-of ${opts.replicaOf}: master ${address(master)} is failing (${master.flags.join(',')})`);
  }
  await requireSettled(session, topo, 'add node');
  const check = await checkEmptyNode(session, newAddr);
  if (!check.ok || !check.id) throw new AdminRefusedError(`cannot add ${newAddr}: ${check.problem}; nothing was changed`);
  const id = check.id;
  throwIfAborted(opts.signal, 'before MEET (nothing was changed)');

  // Every member meets the new node directly: waiting for gossip to introduce it takes seconds.
  const newIp = await bindableIp(hp.host);
  const cport = String(check.cport ?? hp.port + 10000);
  const meeters = live(topo);
  report('meet', `CLUSTER MEET ${newIp} ${hp.port} ${cport} on ${meeters.length} members`);
  const met = await Promise.all(
    meeters.map(async (n) => {
      try {
        const c = await session.node(address(n));
        await c.call('CLUSTER', 'MEET', newIp, String(hp.port), cport);
        return undefined;
      } catch (e) {
        return `${address(n)}: ${errorText(e)}`;
      }
    }),
  );
  const meetErrors = met.filter((x): x is string => !!x);
  if (meetErrors.length === meeters.length)
    throw new AdminStepError(
      `CLUSTER MEET ${newIp} ${hp.port} ${cport} failed on every member: ${meetErrors.join('; ')}`,
      `Nothing was changed; check that ${newAddr} runs with cluster-enabled yes and that the members can reach it`,
    );
  const tMeet = Date.now();
  const members = [...live(topo).map(address), newAddr];
  report('wait-known', `waiting until all ${members.length} nodes know ${shortId(id)}`);
  const knowsNew = (views: Awaited<ReturnType<typeof readViewsOf>>) => {
    for (const v of views) {
      const n = (v.nodes ?? []).filter((x) => !x.flags.includes('handshake'));
      if (!n.some((x) => x.id === id)) return `${v.address} does not know ${newAddr} yet`;
      if (n.length !== members.length) return `${v.address} knows ${n.length} of ${members.length} nodes`;
    }
    return undefined;
  };
  await waitViews(session, members, `every node to know ${newAddr}`, opts, false, knowsNew).catch((e: unknown) => {
    throw new AdminStepError(
      `${newAddr} was sent MEET but the cluster did not take it in: ${errorText(e)}`,
      "Check that the node can reach the others' bus ports (port+10000)",
      e,
    );
  });
  const knownByAllMs = Date.now() - tMeet;

  if (master) {
    const m = master;
    throwIfAborted(opts.signal, `after ${newAddr} joined as an empty master (it stays one)`);
    report('replicate', `CLUSTER REPLICATE ${shortId(m.id)} (${address(m)}) on ${newAddr}`);
    await replicateWithRetry(session, newAddr, m.id, opts.timeoutMs ?? 60000, opts.signal);
    report('wait-sync', `waiting until ${newAddr} is in sync with ${address(m)} and all nodes agree`);
    await waitViews(session, members, `${newAddr} to be a replica of ${address(m)} everywhere`, opts, true, (views) => {
      for (const v of views) {
        const me = nodeById(v.nodes ?? [], id);
        if (me?.masterId !== m.id) return `${v.address} does not see ${newAddr} as a replica of ${address(m)} yet`;
      }
      return undefined;
    });
    await waitUntil(
      async () => {
        const link = await replicaLinkStatus(session, newAddr);
        return link === 'up' ? undefined : `master_link_status is ${link}`;
      },
      { timeoutMs: opts.timeoutMs ?? 60000, intervalMs: 100, signal: opts.signal, what: `${newAddr} to sync from ${address(m)}` },
    );
  } else {
    report('wait-ok', 'waiting until every node is ok and agrees');
    await waitViews(session, members, 'the cluster to settle', opts, true, knowsNew);
  }
  const totalMs = Date.now() - t0;
  report('done', `${newAddr} (${shortId(id)}) joined as ${master ? `replica of ${address(master)}` : 'an empty master'} in ${totalMs} ms`);
  return { id, address: newAddr, role: master ? 'replica' : 'master', masterId: master?.id, knownByAllMs, totalMs };
}
