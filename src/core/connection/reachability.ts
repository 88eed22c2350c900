// Nodes that announce addresses the editor cannot reach (containers, pods) fail with one clear error that names
// the address and the natMap fix, instead of a timeout per node and per command.
import { ClusterConnectionError, classifyError } from '../common/errors';
import type { DialTarget } from './natMap';
import { type ClusterProfile, type HostPort, parseHostPort } from '../profiles/profile';
import { address } from '../common/format';

// With a natMap in place, an unmapped node that times out, is refused, or is answered by something whose certificate
// our CA did not sign (another host at that address) was most likely left out of the map.
const WRONG_PLACE_KINDS = new Set(['timeout', 'unreachable', 'refused', 'tls-verify']);

export function announcedText(hp: HostPort, hostname?: string): string {
  return hostname ? `${address({ host: hostname, port: hp.port })} (${hp.host})` : address(hp);
}

export function natHint(key: string, reachable?: string): string {
  return (
    `The nodes announce addresses of their own network (Docker, Kubernetes). ` +
    `Map them in the profile: "natMap": {"${key}": "${reachable ?? '<reachable host:port>'}", ...}`
  );
}

/**
 * A failed connection to an announced address that the profile's natMap leaves out: the natMap error when it is a
 * network failure. Without any natMap a timeout stays a timeout (a frozen or dead node); checkAnnouncedReachable
 * finds the unmapped cluster as a whole.
 */
export function unreachableAnnounced(
  e: unknown,
  profile: ClusterProfile,
  announced: HostPort,
  target: DialTarget,
  hostname?: string,
): ClusterConnectionError {
  const classified = classifyError(e, address(target.hp), { tls: !!profile.tls });
  const isSeed = profile.nodes.some((n) => {
    const hp = parseHostPort(n);
    return typeof hp !== 'string' && address(hp) === address(announced);
  });
  const hasMap = Object.keys(profile.natMap ?? {}).length > 0;
  if (!hasMap || target.mapped || isSeed || !WRONG_PLACE_KINDS.has(classified.kind)) return classified;
  const key = address({ host: hostname ?? announced.host, port: announced.port });
  return new ClusterConnectionError(
    'nat-unreachable',
    announcedText(announced, hostname),
    `the cluster announces this node at an address that the profile's natMap does not map ` +
      `and that cannot be reached from here (${classified.kind})`,
    natHint(key),
    classified,
  );
}
