// What adding and removing a node both wait for: the live members, a settled cluster before anything changes, and
// every view agreeing (plus an action's own condition) afterwards.
import { agreementProblems, readAllViews, waitUntil } from '../../topology/agreement';
import { AdminRefusedError } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { type Topology, isFailing } from '../../topology/topology';
import { type LifecycleOptions, readViewsOf } from './lifecycle-util';

export const live = (t: Topology) => t.nodes.filter((n) => !isFailing(n) && !n.flags.includes('noaddr') && n.port > 0);

export async function requireSettled(session: ClusterSession, topo: Topology, action: string): Promise<void> {
  const problems = agreementProblems(await readAllViews(session, topo));
  if (problems.length) {
    throw new AdminRefusedError(
      `${action} refused: the cluster is not settled (${problems.slice(0, 3).join('; ')}). Wait ` +
        `until every node is ok and agrees (see topology), then retry`,
    );
  }
}

/** Waits until every address is readable, agrees, and `check` on its views finds nothing wrong. */
export function waitViews(
  session: ClusterSession,
  addresses: string[],
  what: string,
  opts: LifecycleOptions,
  requireOk: boolean,
  check: (views: Awaited<ReturnType<typeof readViewsOf>>) => string | undefined = () => undefined,
): Promise<void> {
  return waitUntil(
    async () => {
      const views = await readViewsOf(session, addresses);
      return agreementProblems(views, { requireOk })[0] ?? check(views);
    },
    { timeoutMs: opts.timeoutMs ?? 60000, intervalMs: 100, signal: opts.signal, what },
  );
}
