// Removing a node: a replica is forgotten by every node; a master is drained first (opts.drain, default engineDrain:
// the migration engine's weight-0 rebalance), its replicas are moved to another master, then it is forgotten. The
// removed node is then reset (CLUSTER RESET SOFT) and, with opts.shutdown, shut down; Redis 7.0 leaves it running
// otherwise. Takes the cluster-wide admin lock (lock.ts); refuses read-only profiles, an unsettled cluster, the last
// master, a failing node (use forgetNode) and, with drain: false, a master that owns slots.
import { waitUntil } from '../../topology/agreement';
import { AdminRefusedError, AdminStepError, assertWritable, errorText, throwIfAborted } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { countSlots, formatRanges } from '../../topology/slots';
import { type ClusterNode, type Topology, address, discoverTopology, findNode, isFailing } from '../../topology/topology';
import { replicateWithRetry } from './create';
import { forgetEverywhere, FORGET_BAN_MS } from './forget';
import { type LifecycleOptions, type Report, progressReporter } from './lifecycle-util';
import { type AdminLock, withAdminLock } from './lock';
import { drainMaster } from './migrate';
import type { Pace } from './pace';
import { shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';
import { live, requireSettled, waitViews } from './nodeWaits';

/** Empties a master; resolves once it owns no slot. `lock` is the admin lock removeNode holds. */
export type DrainMaster = (
  session: ClusterSession,
  master: ClusterNode,
  opts: LifecycleOptions & { lock: AdminLock; pace?: Pace },
) => Promise<void>;

/** The migration engine's drain (a rebalance with the master's weight at 0), run under removeNode's lock. */
export const engineDrain: DrainMaster = async (session, master, opts) => {
  await drainMaster(session, master, {
    signal: opts.signal,
    pace: opts.pace,
    lock: { held: opts.lock },
    onProgress: (p) =>
      opts.onProgress?.({
        op: 'del-node',
        phase: 'drain',
        message: p.message,
        done: p.slotsDone,
        total: p.slotsTotal,
        elapsedMs: p.elapsedMs,
      }),
  });
};

export interface RemoveNodeOptions extends LifecycleOptions {
  /** SHUTDOWN the node after it left the cluster. */
  shutdown?: boolean;
  /** Pace of the drain (see pace.ts). Default fast. */
  pace?: Pace;
  /** How a master with slots is emptied first. Default engineDrain; false refuses such a master. */
  drain?: DrainMaster | false;
}

export interface RemoveNodeResult {
  id: string;
  address: string;
  role: 'master' | 'replica';
  drainedSlots: number;
  /** Replicas of a removed master that now follow another master: address -> new master id. */
  movedReplicas: Record<string, string>;
  forgetMs: number;
  reset: boolean;
  shutDown: boolean;
  /** What happened to the process, in words (it keeps running unless shut down). */
  note: string;
  totalMs: number;
}

/** Moves the replicas of `from` to the remaining master with the fewest replicas. */
async function moveReplicas(
  session: ClusterSession,
  topo: Topology,
  from: ClusterNode,
  opts: LifecycleOptions,
  report: Report,
): Promise<Record<string, string>> {
  const moved: Record<string, string> = {};
  const followers = live(topo).filter((n) => n.masterId === from.id);
  const targets = live(topo).filter((n) => n.role === 'master' && n.id !== from.id && n.slots.length);
  for (const r of followers) {
    const count = (m: ClusterNode) =>
      topo.nodes.filter((n) => n.masterId === m.id).length + Object.values(moved).filter((x) => x === m.id).length;
    const target = [...targets].sort((a, b) => count(a) - count(b))[0];
    if (!target) throw new AdminRefusedError(`no other master with slots to take replica ${address(r)}`);
    report('move-replicas', `CLUSTER REPLICATE ${shortId(target.id)} (${address(target)}) on ${address(r)}`);
    await replicateWithRetry(session, address(r), target.id, opts.timeoutMs ?? 60000, opts.signal);
    moved[address(r)] = target.id;
  }
  return moved;
}

export async function removeNode(session: ClusterSession, ref: string, opts: RemoveNodeOptions = {}): Promise<RemoveNodeResult> {
  assertWritable(session.profile, 'remove node');
  const report = progressReporter('del-node', opts);
  return withAdminLock(session, 'del-node', 'take', (lock) => removeNodeLocked(session, ref, opts, report, lock));
}

async function removeNodeLocked(
  session: ClusterSession,
  ref: string,
  opts: RemoveNodeOptions,
  report: Report,
  lock: AdminLock,
): Promise<RemoveNodeResult> {
  const t0 = Date.now();
  let topo = await discoverTopology(session);
  const node = findNode(topo, ref);
  const addr = address(node);
  const where = `${shortId(node.id)} (${addr})`;
  if (isFailing(node)) throw new AdminRefusedError(`${where} is failing (${node.flags.join(',')}); use forget to drop a failed node`);
  const otherMasters = live(topo).filter((n) => n.role === 'master' && n.id !== node.id && n.slots.length);
  if (node.role === 'master' && !otherMasters.length)
    throw new AdminRefusedError(`${where} is the last master with slots; a cluster cannot lose it`);
  await requireSettled(session, topo, 'remove node');

  let drainedSlots = 0;
  if (node.role === 'master' && node.slots.length) {
    const slots = countSlots(node.slots);
    const drain = opts.drain === undefined ? engineDrain : opts.drain;
    if (!drain) {
      throw new AdminRefusedError(
        `${where} is a master that owns ${slots} slots (${formatRanges(node.slots)}). Move them away first ` +
          '(rebalance with weight 0 for this node, or reshard its slots to other masters), then remove it',
      );
    }
    throwIfAborted(opts.signal, `before draining ${where} (nothing was changed)`);
    report('drain', `moving ${slots} slots off ${where}`);
    await drain(session, node, { ...opts, lock });
    topo = await discoverTopology(session);
    const after = nodeById(topo.nodes, node.id);
    if (after?.slots.length)
      throw new AdminStepError(
        `${where} still owns ${formatRanges(after.slots)} after the drain; nothing was forgotten`,
        'Run del-node again to retry',
      );
    drainedSlots = slots;
  }
  throwIfAborted(opts.signal, `before forgetting ${where}${drainedSlots ? ' (its slots were already moved)' : ''}`);
  const current = nodeById(topo.nodes, node.id) ?? node;
  const movedReplicas = await moveReplicas(session, topo, current, opts, report);
  const remaining = live(topo)
    .filter((n) => n.id !== node.id)
    .map(address);
  if (Object.keys(movedReplicas).length) {
    await waitViews(session, remaining, 'moved replicas to be seen everywhere', opts, false, (views) => {
      for (const v of views)
        for (const n of v.nodes ?? []) if (n.masterId === node.id) return `${v.address} still sees ${address(n)} following ${where}`;
      return undefined;
    });
  }

  // Within the ban window every remaining node must forget it, or one re-teaches the others.
  const forgot = await forgetEverywhere(session, node.id, remaining, { ...opts, report });
  if (forgot.failed.length) {
    throw new AdminStepError(
      `${where} was forgotten by ${forgot.forgotten.length} of ${remaining.length} nodes; not by ` +
        `${forgot.failed.map((f) => `${f.address} (${f.error})`).join(', ')}`,
      `Run forget --node ${node.id} within ${FORGET_BAN_MS / 1000} s`,
    );
  }
  // A removed node that still knows the cluster keeps gossiping to it; a soft reset makes it a lone empty master.
  let reset = false;
  try {
    const client = await session.node(addr);
    await client.call('CLUSTER', 'RESET', 'SOFT');
    reset = true;
  } catch (e) {
    report('reset', `could not reset ${addr} (${errorText(e)}); it still has the old cluster view`);
  }
  let shutDown = false;
  if (opts.shutdown) shutDown = await shutdownNode(session, addr, reset, report);
  session.forget(addr);
  await waitViews(session, remaining, `the cluster to settle without ${where}`, opts, true, (views) => {
    for (const v of views) if (v.nodes?.some((n) => n.id === node.id)) return `${v.address} still lists ${where}`;
    return undefined;
  });
  const note = shutDown
    ? `${addr} was shut down`
    : `${addr} left the cluster but is still running (Redis 7.0 does not stop a removed node)` +
      `${reset ? '; it was reset (CLUSTER RESET SOFT) and is an empty standalone master' : ''}. ` +
      `Stop it with --shutdown or by its service manager`;
  const totalMs = Date.now() - t0;
  report('done', `removed ${where} in ${totalMs} ms. ${note}`);
  return {
    id: node.id,
    address: addr,
    role: node.role,
    drainedSlots,
    movedReplicas,
    forgetMs: forgot.settledMs,
    reset,
    shutDown,
    note,
    totalMs,
  };
}

async function shutdownNode(session: ClusterSession, addr: string, wasReset: boolean, report: Report): Promise<boolean> {
  report('shutdown', `SHUTDOWN${wasReset ? ' NOSAVE' : ''} on ${addr}`);
  try {
    const client = await session.node(addr);
    // After a reset it holds nothing worth saving; otherwise let its own save policy decide.
    await (wasReset ? client.call('SHUTDOWN', 'NOSAVE') : client.call('SHUTDOWN'));
  } catch {
    // The connection closing is the normal answer to SHUTDOWN; whether it worked is checked below.
  }
  session.forget(addr);
  try {
    await waitUntil(
      async () => {
        try {
          const c = await session.node(addr);
          await c.ping();
          session.forget(addr);
          return `${addr} still answers PING`;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 10000, intervalMs: 200, what: `${addr} to stop` },
    );
    return true;
  } catch (e) {
    report('shutdown', `${addr} did not stop: ${errorText(e)}`);
    return false;
  }
}
