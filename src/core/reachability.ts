// Nodes that announce addresses the editor cannot reach (containers, pods) fail with one clear error that names
// the address and the natMap fix, instead of a timeout per node and per command.
import { probeNode } from './connect';
import { ClusterConnectionError, classifyError } from './errors';
import type { DialTarget } from './natMap';
import { dialTarget } from './natMap';
import { type ClusterProfile, type HostPort, formatHostPort, parseHostPort } from './profile';
import type { ClusterSession } from './session';
import type { ClusterNode } from './topology';

// With a natMap in place, an unmapped node that times out, is refused, or is answered by something whose certificate
// our CA did not sign (another host at that address) was most likely left out of the map.
const WRONG_PLACE_KINDS = new Set(['timeout', 'unreachable', 'refused', 'tls-verify']);
const CHECK_TIMEOUT_MS = 2000;

function announcedText(hp: HostPort, hostname?: string): string {
  return hostname ? `${formatHostPort({ host: hostname, port: hp.port })} (${hp.host})` : formatHostPort(hp);
}

function natHint(key: string, reachable?: string): string {
  return `The nodes announce addresses of their own network (Docker, Kubernetes). Map them in the profile: "natMap": {"${key}": "${reachable ?? '<reachable host:port>'}", ...}`;
}

/**
 * A failed connection to an announced address that the profile's natMap leaves out: the natMap error when it is a
 * network failure. Without any natMap a timeout stays a timeout (a frozen or dead node); checkAnnouncedReachable
 * finds the unmapped cluster as a whole.
 */
export function unreachableAnnounced(e: unknown, profile: ClusterProfile, announced: HostPort, target: DialTarget, hostname?: string): ClusterConnectionError {
  const classified = classifyError(e, formatHostPort(target.hp), { tls: !!profile.tls });
  const isSeed = profile.nodes.some((n) => {
    const hp = parseHostPort(n);
    return typeof hp !== 'string' && formatHostPort(hp) === formatHostPort(announced);
  });
  const hasMap = Object.keys(profile.natMap ?? {}).length > 0;
  if (!hasMap || target.mapped || isSeed || !WRONG_PLACE_KINDS.has(classified.kind)) return classified;
  const key = formatHostPort({ host: hostname ?? announced.host, port: announced.port });
  return new ClusterConnectionError('nat-unreachable', announcedText(announced, hostname),
    `the cluster announces this node at an address that the profile's natMap does not map and that cannot be reached from here (${classified.kind})`,
    natHint(key), classified);
}

const verified = new WeakMap<ClusterSession, string>();

/**
 * Checks once per session that the node we read the topology from can be reached at the address it announces.
 * When it cannot, the whole cluster is behind NAT: one error names every unmapped address and the fix.
 */
export async function checkAnnouncedReachable(session: ClusterSession, nodes: ClusterNode[], source: string): Promise<void> {
  const self = nodes.find((n) => n.myself && n.port > 0);
  if (!self) return;
  const announced = { host: self.host, port: self.port };
  const target = dialTarget(session.profile, announced, self.hostname);
  const dialled = formatHostPort(target.hp);
  if (dialled === source || verified.get(session) === dialled) return;
  let cause: string;
  let error: unknown;
  try {
    const client = await probeNode(session.profile, target.hp, { ...session.connectOptions, connectTimeoutMs: CHECK_TIMEOUT_MS }, target.servername);
    // Something else may answer there (a proxy, another container): only the node itself counts.
    const id = String(await client.call('CLUSTER', 'MYID'));
    client.disconnect();
    if (id === self.id) {
      verified.set(session, dialled);
      return;
    }
    cause = `another node (${id.slice(0, 8)}) answers there`;
  } catch (e) {
    const classified = classifyError(e, dialled, { tls: !!session.profile.tls });
    // The right node with a certificate for another name: tls.servername (or a natMap host name) is the fix.
    if (classified.kind === 'tls-hostname') throw classified;
    error = e;
    cause = classified.message;
  }
  // The seed answered with the same profile, so a failure at the announced address means it leads elsewhere.
  if (target.mapped) {
    throw new ClusterConnectionError('nat-unreachable', undefined,
      `natMap maps ${announcedText(announced, self.hostname)} (seed ${source}) to ${dialled}, which gave: ${cause}`,
      `Fix that natMap entry: "${formatHostPort({ host: self.hostname ?? self.host, port: self.port })}": "${source}"`, error);
  }
  const unmapped = nodes.filter((n) => n.port > 0 && !dialTarget(session.profile, { host: n.host, port: n.port }, n.hostname).mapped);
  const list = unmapped.map((n) => announcedText({ host: n.host, port: n.port }, n.hostname));
  const key = formatHostPort({ host: self.hostname ?? self.host, port: self.port });
  throw new ClusterConnectionError('nat-unreachable', undefined,
    `the cluster announces node addresses that cannot be reached from here: ${list.join(', ')}; seed ${source} is `
    + `${announcedText(announced, self.hostname)}, and ${dialled} gave: ${cause}`,
    natHint(key, source), error);
}
