// The whole-cluster NAT check: is the node we read the topology from reachable at the address it announces?
// Kept apart from reachability.ts, which the session itself uses, so session and check do not import each other.
import { probeNode } from '../connection/connect';
import { ClusterConnectionError, classifyError } from '../common/errors';
import { address, shortId } from '../common/format';
import { dialTarget } from '../connection/natMap';
import { announcedText, natHint } from '../connection/reachability';
import type { ClusterSession } from '../connection/session';

const CHECK_TIMEOUT_MS = 2000;

/** What the check needs of a topology node (structural: topology.ts calls this, so it cannot be imported here). */
interface AnnouncedNode {
  id: string;
  host: string;
  port: number;
  hostname?: string;
  myself: boolean;
}

const verified = new WeakMap<ClusterSession, string>();

/**
 * Checks once per session that the node we read the topology from can be reached at the address it announces.
 * When it cannot, the whole cluster is behind NAT: one error names every unmapped address and the fix.
 */
export async function checkAnnouncedReachable(session: ClusterSession, nodes: AnnouncedNode[], source: string): Promise<void> {
  const self = nodes.find((n) => n.myself && n.port > 0);
  if (!self) return;
  const announced = { host: self.host, port: self.port };
  const target = dialTarget(session.profile, announced, self.hostname);
  const dialled = address(target.hp);
  if (dialled === source || verified.get(session) === dialled) return;
  let cause: string;
  let error: unknown;
  try {
    const client = await probeNode(
      session.profile,
      target.hp,
      { ...session.connectOptions, connectTimeoutMs: CHECK_TIMEOUT_MS },
      target.servername,
    );
    // Something else may answer there (a proxy, another container): only the node itself counts.
    const id = String(await client.call('CLUSTER', 'MYID'));
    client.disconnect();
    if (id === self.id) {
      verified.set(session, dialled);
      return;
    }
    cause = `another node (${shortId(id)}) answers there`;
  } catch (e) {
    const classified = classifyError(e, dialled, { tls: !!session.profile.tls });
    // The right node with a certificate for another name: tls.servername (or a natMap host name) is the fix.
    if (classified.kind === 'tls-hostname') throw classified;
    error = e;
    cause = classified.message;
  }
  // The seed answered with the same profile, so a failure at the announced address means it leads elsewhere.
  if (target.mapped) {
    throw new ClusterConnectionError(
      'nat-unreachable',
      undefined,
      `natMap maps ${announcedText(announced, self.hostname)} (seed ${source}) to ${dialled}, which gave: ${cause}`,
      `Fix that natMap entry: "${address({ host: self.hostname ?? self.host, port: self.port })}": "${source}"`,
      error,
    );
  }
  const unmapped = nodes.filter((n) => n.port > 0 && !dialTarget(session.profile, { host: n.host, port: n.port }, n.hostname).mapped);
  const list = unmapped.map((n) => announcedText({ host: n.host, port: n.port }, n.hostname));
  const key = address({ host: self.hostname ?? self.host, port: self.port });
  throw new ClusterConnectionError(
    'nat-unreachable',
    undefined,
    `the cluster announces node addresses that cannot be reached from here: ${list.join(', ')}; seed ${source} is ` +
      `${announcedText(announced, self.hostname)}, and ${dialled} gave: ${cause}`,
    natHint(key, source),
    error,
  );
}
