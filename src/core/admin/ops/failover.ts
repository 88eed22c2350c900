// Manual failover: CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica, then polling ROLE and CLUSTER NODES until
// the replica is master, the old master follows it, and every node agrees.
// CLUSTER FAILOVER can reply OK and do nothing (e.g. sent before the master registered the replica): when
// the replica is still a replica after one attempt window, the command is sent again, within a bound.
//
// API
//   failover(session, ref, opts?: FailoverOptions): Promise<FailoverResult>   ref: replica id, id prefix, host:port
//   FAILOVER_MODES: Record<FailoverMode, { label; risk }>                      texts for a mode picker
// Defaults: mode 'default'; attempt window: default 6 s (Redis gives a manual failover 5 s), force
// 2 x cluster-node-timeout + 1 s (its election may take that long), takeover 3 s; timeoutMs max(30 s, 3 windows).
// Takes the admin lock (force/takeover run without it, with a warning, when it cannot be written).
// Refuses: read-only profiles, a master (names its replicas), a failing replica, a replica whose master is
// unknown, and mode 'default' when the master is failing or the replica's link to it is down.
import { agreementProblems, waitUntil } from '../../topology/agreement';
import {
  AdminRefusedError,
  AdminStepError,
  assertWritable,
  CancelledError,
  errorText,
  NodeCommandError,
  throwIfAborted,
} from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { formatRanges } from '../../topology/slots';
import { type ClusterNode, address, discoverTopology, findNode, isFailing } from '../../topology/topology';
import { type LifecycleOptions, type Report, progressReporter, readViewsOf, replicaLinkStatus, sleep } from './lifecycle-util';
import { withAdminLock } from './lock';
import { shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';

export type FailoverMode = 'default' | 'force' | 'takeover';

export const FAILOVER_MODES: Record<FailoverMode, { label: string; risk: string }> = {
  default: {
    label: 'Default (safe)',
    risk: 'The master stops writes, the replica catches up, then they switch. No acknowledged write is lost. Needs the master reachable.',
  },
  force: {
    label: 'FORCE',
    risk: 'Does not wait for the master: writes the replica has not received yet are lost. Still needs a majority of masters to vote.',
  },
  takeover: {
    label: 'TAKEOVER',
    risk:
      'No master handshake and no election: the replica bumps the epoch itself. ' +
      'Use only when most masters are unreachable; can lose writes and conflict with another failover.',
  },
};

export interface FailoverOptions extends LifecycleOptions {
  mode?: FailoverMode;
  /** How long one CLUSTER FAILOVER may take before it is sent again. */
  attemptMs?: number;
}

export interface FailoverResult {
  mode: FailoverMode;
  newMasterId: string;
  newMasterAddress: string;
  oldMasterId: string;
  oldMasterAddress: string;
  /** Whether the old master was reachable; if not, it will become a replica when it comes back. */
  oldMasterReachable: boolean;
  /** CLUSTER FAILOVER commands sent (more than 1: earlier ones replied OK and did nothing). */
  attempts: number;
  timings: {
    /** From the last CLUSTER FAILOVER to ROLE = master on the replica. */
    promotedMs: number;
    /** From the first CLUSTER FAILOVER until every node saw the new master. */
    allSeeNewMasterMs: number;
    /** ... until every node saw the old master as its replica (absent when it was unreachable). */
    oldMasterDemotedMs?: number;
    /** ... until all nodes were ok and agreed. */
    settledMs: number;
    totalMs: number;
  };
}

async function roleOf(session: ClusterSession, addr: string): Promise<string> {
  const client = await session.node(addr);
  const reply = (await client.call('ROLE')) as unknown[];
  return String(reply[0]);
}

async function nodeTimeoutMs(session: ClusterSession, addr: string): Promise<number> {
  try {
    const reply = (await (await session.node(addr)).call('CONFIG', 'GET', 'cluster-node-timeout')) as string[];
    const n = Number(reply[1]);
    return Number.isFinite(n) && n > 0 ? n : 15000;
  } catch {
    return 15000; // CONFIG may be renamed away; assume Redis's default.
  }
}

function preconditions(node: ClusterNode, master: ClusterNode | undefined, replicasOf: ClusterNode[], mode: FailoverMode): ClusterNode {
  const where = `${shortId(node.id)} (${address(node)})`;
  if (node.role === 'master') {
    const list = replicasOf.map((r) => `${shortId(r.id)} (${address(r)})`).join(', ');
    throw new AdminRefusedError(`${where} is a master; a failover runs on one of its replicas${list ? `: ${list}` : ', and it has none'}`);
  }
  if (isFailing(node)) throw new AdminRefusedError(`${where} is failing (${node.flags.join(',')}); pick a healthy replica`);
  if (!master)
    throw new AdminRefusedError(`the master of ${where} (${node.masterId ?? 'none'}) is unknown to the cluster; nothing to fail over from`);
  if (mode === 'default' && isFailing(master)) {
    throw new AdminRefusedError(
      `master ${address(master)} is failing (${master.flags.join(',')}); a default failover needs it to cooperate. ` +
        `Use force (or takeover if most masters are down)`,
    );
  }
  return master;
}

/**
 * A promoted replica claims the slots that *its own view* gives its master. Right after a reshard that
 * view can lag behind the master's (the promotion can then leave a slot unowned and the cluster down), so wait for it.
 */
async function replicaKnowsMasterSlots(
  session: ClusterSession,
  replicaAddr: string,
  masterAddr: string,
  masterId: string,
  signal?: AbortSignal,
): Promise<void> {
  await waitUntil(
    async () => {
      const [replicaView, masterView] = await readViewsOf(session, [replicaAddr, masterAddr]);
      const seen = formatRanges(nodeById(replicaView.nodes ?? [], masterId)?.slots ?? []);
      const owned = formatRanges(masterView.nodes?.find((n) => n.myself)?.slots ?? []);
      return seen === owned ? undefined : `${replicaAddr} sees its master owning [${seen}] but ${masterAddr} owns [${owned}]`;
    },
    { timeoutMs: 10000, intervalMs: 50, signal, what: `${replicaAddr} to learn its master's current slots (nothing was changed)` },
  );
}

export async function failover(session: ClusterSession, ref: string, opts: FailoverOptions = {}): Promise<FailoverResult> {
  assertWritable(session.profile, 'failover');
  const mode = opts.mode ?? 'default';
  const report = progressReporter('failover', opts);
  // A forced failover is an emergency tool: it must work when the lock's own slot is down.
  return withAdminLock(session, 'failover', 'take', () => failoverLocked(session, ref, opts, mode, report), {
    required: mode === 'default',
    onUnlocked: (reason) => report('lock', `warning: ${reason}`),
  });
}

async function failoverLocked(
  session: ClusterSession,
  ref: string,
  opts: FailoverOptions,
  mode: FailoverMode,
  report: Report,
): Promise<FailoverResult> {
  const topo = await discoverTopology(session);
  const node = findNode(topo, ref);
  const master = preconditions(
    node,
    nodeById(topo.nodes, node.masterId),
    topo.nodes.filter((n) => n.masterId === node.id),
    mode,
  );
  const replicaAddr = address(node);
  const masterAddr = address(master);
  if (mode === 'default') {
    const link = await replicaLinkStatus(session, replicaAddr);
    if (link !== 'up')
      throw new AdminRefusedError(
        `${replicaAddr} has master_link_status:${link}; a default failover waits for it to catch up, which cannot happen. ` +
          `Wait for the link, or use force`,
      );
  }
  const oldMasterReachable =
    !isFailing(master) &&
    (await roleOf(session, masterAddr).then(
      () => true,
      () => false,
    ));
  const members = topo.nodes
    .filter((n) => !isFailing(n) && !n.flags.includes('noaddr') && n.port > 0 && (n.id !== master.id || oldMasterReachable))
    .map(address);
  const nt = mode === 'force' ? await nodeTimeoutMs(session, replicaAddr) : 0;
  const attemptMs = opts.attemptMs ?? (mode === 'default' ? 6000 : mode === 'force' ? 2 * nt + 1000 : 3000);
  const timeoutMs = opts.timeoutMs ?? Math.max(30000, 3 * attemptMs);
  if (oldMasterReachable) await replicaKnowsMasterSlots(session, replicaAddr, masterAddr, master.id, opts.signal);
  throwIfAborted(opts.signal, 'before CLUSTER FAILOVER (nothing was changed)');

  const args = mode === 'default' ? ['FAILOVER'] : ['FAILOVER', mode.toUpperCase()];
  const t0 = Date.now();
  const deadline = t0 + timeoutMs;
  let attempts = 0;
  let sentAt = 0;
  let promotedMs = -1;
  const replica = await session.node(replicaAddr);
  // Sends CLUSTER FAILOVER until ROLE says master; also used again when a promotion is reverted.
  const promote = async (): Promise<void> => {
    promotedMs = -1;
    while (promotedMs < 0) {
      if (attempts > 0 && (Date.now() > deadline || opts.signal?.aborted)) {
        const pending =
          "The last request may still complete within Redis's 5 s manual-failover window: look at the topology before retrying";
        if (opts.signal?.aborted)
          throw new CancelledError(`after CLUSTER ${args.join(' ')} was sent to ${replicaAddr} ${attempts} time(s)`, pending);
        const why = `still a replica after ${Date.now() - t0} ms`;
        throw new AdminStepError(
          `${replicaAddr} replied OK to CLUSTER ${args.join(' ')} ${attempts} time(s) but is ${why}`,
          `Check its link to ${masterAddr} (INFO replication on ${replicaAddr}) and that the masters can vote; ` +
            (mode === 'default'
              ? 'force skips the master handshake'
              : mode === 'force'
                ? 'takeover skips the election'
                : 'check the logs of both nodes') +
            `. ${pending}`,
        );
      }
      attempts++;
      report(
        'send',
        `CLUSTER ${args.join(' ')} on ${replicaAddr}` +
          `${attempts > 1 ? ` (attempt ${attempts}: the previous one replied OK and did nothing)` : ''}`,
      );
      try {
        await replica.call('CLUSTER', ...args);
      } catch (e) {
        const hint = `Check that ${replicaAddr} is a replica of ${masterAddr} with its link up (INFO replication), then retry`;
        throw new NodeCommandError(replicaAddr, `CLUSTER ${args.join(' ')} failed: ${errorText(e)}`, e, hint);
      }
      sentAt = Date.now();
      const windowEnd = Math.min(sentAt + attemptMs, deadline);
      while (Date.now() < windowEnd) {
        if ((await roleOf(session, replicaAddr).catch(() => 'unknown')) === 'master') {
          promotedMs = Date.now() - sentAt;
          break;
        }
        // Cancelling mid-failover is not safe: the switch may already be under way, so only stop waiting.
        if (opts.signal?.aborted) break;
        await sleep(20);
      }
    }
  };
  await promote();
  report('promoted', `${replicaAddr} is master ${promotedMs} ms after CLUSTER FAILOVER`);

  let allSeeNewMasterMs: number | undefined;
  let oldMasterDemotedMs: number | undefined;
  let last = '';
  for (;;) {
    const views = await readViewsOf(session, members);
    const seen = views.every((v) => nodeById(v.nodes ?? [], node.id)?.role === 'master');
    if (seen && allSeeNewMasterMs === undefined) {
      allSeeNewMasterMs = Date.now() - t0;
      report('agree', `every node sees ${replicaAddr} as master after ${allSeeNewMasterMs} ms`);
    }
    const demoted =
      !oldMasterReachable ||
      views.every((v) => {
        const m = nodeById(v.nodes ?? [], master.id);
        return m?.role === 'replica' && m.masterId === node.id;
      });
    if (oldMasterReachable && demoted && oldMasterDemotedMs === undefined) {
      oldMasterDemotedMs = Date.now() - t0;
      report('demoted', `every node sees ${masterAddr} as a replica of ${replicaAddr} after ${oldMasterDemotedMs} ms`);
    }
    const oldRole = oldMasterReachable ? await roleOf(session, masterAddr).catch(() => 'unknown') : 'slave';
    // Redis 7.0: a replica that won an election less than 4 x node-timeout ago can reuse that
    // election's votes, call itself master with its old epoch, and be demoted again by everyone else.
    const mine = nodeById(views.find((v) => v.address === replicaAddr)?.nodes ?? [], node.id);
    if (!seen && mine?.role === 'replica' && Date.now() < deadline) {
      report(
        'reverted',
        `${replicaAddr} was master but the cluster made it a replica again (stale election state); sending CLUSTER FAILOVER again`,
      );
      allSeeNewMasterMs = undefined;
      await promote();
      continue;
    }
    const problems = agreementProblems(views, { requireOk: true });
    const notSeeing = views
      .filter((v) => nodeById(v.nodes ?? [], node.id)?.role !== 'master')
      .map((v) => `${v.address}${v.error ? ` (${v.error})` : ''}`);
    last = !seen
      ? `${notSeeing.join(', ')} ${notSeeing.length === 1 ? 'does' : 'do'} not see ${replicaAddr} as master yet`
      : !demoted
        ? `not every node sees ${masterAddr} as a replica of ${replicaAddr} yet`
        : oldRole !== 'slave'
          ? `${masterAddr} reports ROLE ${oldRole}`
          : (problems[0] ?? '');
    if (!last) break;
    if (Date.now() > deadline) {
      throw new AdminStepError(
        `${replicaAddr} became master, but the cluster did not settle within ${timeoutMs} ms: ${last}`,
        'Run topology to see the current state',
      );
    }
    throwIfAborted(opts.signal, `after ${replicaAddr} became master (the failover itself is done): ${last}`);
    await sleep(50);
  }
  const settledMs = Date.now() - t0;
  report(
    'done',
    `failover done: ${replicaAddr} is master, ` +
      `${masterAddr} ${oldMasterReachable ? 'is its replica' : 'was unreachable and will follow it when back'}; settled in ${settledMs} ms`,
  );
  return {
    mode,
    newMasterId: node.id,
    newMasterAddress: replicaAddr,
    oldMasterId: master.id,
    oldMasterAddress: masterAddr,
    oldMasterReachable,
    attempts,
    timings: { promotedMs, allSeeNewMasterMs: allSeeNewMasterMs ?? settledMs, oldMasterDemotedMs, settledMs, totalMs: settledMs },
  };
}
