// Forgetting a node: CLUSTER FORGET on every remaining node. Each FORGET bans the id on that node for 60 s;
// a node that still knows the id within that window gossips it back to the others, so every node must be
// told inside the window. The FORGETs go out in parallel, and a node that re-learned the id is told again.
//
// API
//   forgetNode(session, ref, opts?: LifecycleOptions): Promise<ForgetResult>    a failed (dead) node
//   forgetEverywhere(session, id, addresses, opts?): Promise<ForgetEverywhere>  the mechanism, also used by removeNode
//   FORGET_BAN_MS = 60000
// forgetNode takes the admin lock when it can (a repair runs without it, with a warning) and refuses:
// read-only profiles; a node that still answers (use removeNode); a master that still owns slots (fail over
// first); a node that live replicas still follow.
import { agreementProblems } from '../../topology/agreement';
import { AdminRefusedError, AdminStepError, assertWritable, errorText, throwIfAborted } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { countSlots, formatRanges } from '../../topology/slots';
import { type ClusterNode, address, discoverTopology, findNode, isFailing } from '../../topology/topology';
import { type LifecycleOptions, type Report, progressReporter, readViewsOf, sleep } from './lifecycle-util';
import { withAdminLock } from './lock';
import { shortId } from '../../common/format';

export const FORGET_BAN_MS = 60000;

export interface ForgetEverywhere {
  /** Nodes that no longer list the id. */
  forgotten: string[];
  /** Nodes where FORGET failed for good, with the reason. */
  failed: { address: string; error: string }[];
  /** From the first FORGET until no remaining node listed the id. */
  settledMs: number;
  rounds: number;
}

export interface ForgetResult extends ForgetEverywhere {
  id: string;
  address: string;
  role: 'master' | 'replica';
  totalMs: number;
}

/**
 * Sends CLUSTER FORGET id to every address and repeats for nodes that still list the id, until none does.
 * Bounded by the ban window: after it, the id could come back through gossip, so that is an error.
 */
export async function forgetEverywhere(
  session: ClusterSession,
  id: string,
  addresses: string[],
  opts: LifecycleOptions & { report?: Report } = {},
): Promise<ForgetEverywhere> {
  const t0 = Date.now();
  const deadline = t0 + Math.min(opts.timeoutMs ?? FORGET_BAN_MS - 5000, FORGET_BAN_MS - 5000);
  const failed = new Map<string, string>();
  let pending = [...addresses];
  let rounds = 0;
  while (pending.length) {
    rounds++;
    opts.report?.(
      'forget',
      `CLUSTER FORGET ${shortId(id)} on ${pending.length} node(s) (round ${rounds})`,
      addresses.length - pending.length,
      addresses.length,
    );
    await Promise.all(
      pending.map(async (a) => {
        try {
          const client = await session.node(a);
          await client.call('CLUSTER', 'FORGET', id);
          failed.delete(a);
        } catch (e) {
          const text = errorText(e);
          // "Unknown node" means it is already gone there: that is the goal.
          if (/unknown node/i.test(text)) failed.delete(a);
          else failed.set(a, text);
        }
      }),
    );
    const views = await readViewsOf(session, addresses);
    pending = views.filter((v) => v.error || (v.nodes ?? []).some((n) => n.id === id)).map((v) => v.address);
    const hard = [...failed.entries()].filter(([a, err]) => pending.includes(a) && /can't forget my master|myself/i.test(err));
    if (hard.length) break;
    if (!pending.length) break;
    // Do not abort between rounds once FORGET went out: a half-told cluster gossips the id back.
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  const stillKnow = pending.map((a) => ({ address: a, error: failed.get(a) ?? 'still lists the node' }));
  return {
    forgotten: addresses.filter((a) => !pending.includes(a)),
    failed: stillKnow,
    settledMs: Date.now() - t0,
    rounds,
  };
}

async function alive(session: ClusterSession, node: ClusterNode): Promise<boolean> {
  try {
    const client = await session.node(address(node));
    const myid = String(await client.call('CLUSTER', 'MYID'));
    return myid === node.id;
  } catch {
    return false;
  }
}

export async function forgetNode(session: ClusterSession, ref: string, opts: LifecycleOptions = {}): Promise<ForgetResult> {
  assertWritable(session.profile, 'forget node');
  const report = progressReporter('forget', opts);
  const t0 = Date.now();
  const topo = await discoverTopology(session);
  const node = findNode(topo, ref);
  const where = `${shortId(node.id)} (${address(node)})`;
  if (await alive(session, node)) {
    throw new AdminRefusedError(`${where} still answers: forget is for failed nodes. Use del-node to remove a running node`);
  }
  session.forget(address(node));
  if (node.role === 'master' && node.slots.length) {
    throw new AdminRefusedError(
      `${where} is a master that still owns ` +
        `${countSlots(node.slots)} slots (${formatRanges(node.slots)}); forgetting it would leave them unserved. ` +
        'Wait for automatic failover, or run failover --takeover on one of its replicas, then forget it',
    );
  }
  const others = topo.nodes.filter((n) => n.id !== node.id && !isFailing(n) && !n.flags.includes('noaddr'));
  const followers = others.filter((n) => n.masterId === node.id);
  if (followers.length) {
    throw new AdminRefusedError(
      `${followers.map(address).join(', ')} still replicate ${where}; make them replicate another master (CLUSTER REPLICATE) first`,
    );
  }
  throwIfAborted(opts.signal, `before forgetting ${where} (nothing was changed)`);
  const addresses = others.map(address);
  // Forget is a repair: without the lock (e.g. its slot is down) it still runs, with a warning.
  const result = await withAdminLock(session, 'forget', 'take', () => forgetEverywhere(session, node.id, addresses, { ...opts, report }), {
    required: false,
    onUnlocked: (reason) => report('lock', `warning: ${reason}`),
  });
  if (result.failed.length) {
    throw new AdminStepError(
      `${where} was forgotten by ${result.forgotten.length} of ${addresses.length} nodes; ` +
        `not by ${result.failed.map((f) => `${f.address} (${f.error})`).join(', ')}`,
      `Run forget again within ${FORGET_BAN_MS / 1000} s, or the others may learn the node back from them`,
    );
  }
  const views = await readViewsOf(session, addresses);
  const problems = agreementProblems(views, { requireOk: false });
  report(
    'done',
    `forgot ${where} on ${addresses.length} nodes in ${result.settledMs} ms${problems.length ? `; note: ${problems[0]}` : ''}`,
  );
  return { ...result, id: node.id, address: address(node), role: node.role, totalMs: Date.now() - t0 };
}
