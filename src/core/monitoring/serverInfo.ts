// What each node's server is and what it can do, read from the nodes themselves: INFO server for the name and
// version, COMMAND INFO for the commands that only some servers have. A command's presence decides, never a
// version guess (a Valkey node reports redis_version 7.2.4 and still has CLUSTER SLOT-STATS).
import type Redis from 'ioredis';
import { withDeadline } from '../common/deadline';
import { errorText } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { type ClusterNode, address } from '../topology/topology';
import { type ServerIdentity, serverIdentity } from '../topology/server';
import { parseInfo } from './info';

/** Commands whose presence changes what we do on a node. */
export interface ServerCapabilities {
  /** CLUSTER SLOT-STATS (Valkey 8+, Redis 8.2+): per-slot key counts, and CPU/network with slot stats enabled. */
  slotStats: boolean;
  /** A server-side slot migration job API: CLUSTER MIGRATION (Redis 8.4) or CLUSTER GETSLOTMIGRATIONS (Valkey 9). */
  serverMigration: 'redis' | 'valkey' | undefined;
}

export interface NodeServer {
  id: string;
  address: string;
  server?: ServerIdentity;
  capabilities?: ServerCapabilities;
  error?: string;
}

const PROBED = ['cluster|slot-stats', 'cluster|migration', 'cluster|getslotmigrations'] as const;

/** COMMAND INFO answers one entry per name asked, null for a command the server does not know. */
export function capabilitiesFromCommandInfo(reply: unknown): ServerCapabilities {
  const known = (i: number) => Array.isArray(reply) && reply[i] !== null && reply[i] !== undefined;
  return {
    slotStats: known(0),
    serverMigration: known(1) ? 'redis' : known(2) ? 'valkey' : undefined,
  };
}

/** One pipeline per node: INFO server and COMMAND INFO of the probed commands. Never throws. */
export async function readNodeServer(client: Redis, node: Pick<ClusterNode, 'id'> & { address: string }): Promise<NodeServer> {
  try {
    const res =
      (await client
        .pipeline()
        .info('server')
        .call('COMMAND', 'INFO', ...PROBED)
        .exec()) ?? [];
    const [infoErr, info] = res[0] ?? [];
    const [cmdErr, cmd] = res[1] ?? [];
    return {
      id: node.id,
      address: node.address,
      server: infoErr ? undefined : serverIdentity(parseInfo(String(info))),
      capabilities: cmdErr ? undefined : capabilitiesFromCommandInfo(cmd),
      error: infoErr ? errorText(infoErr) : undefined,
    };
  } catch (e) {
    return { id: node.id, address: node.address, error: errorText(e) };
  }
}

/** Every node in parallel, each under `timeoutMs`; a node that fails is returned with its error. */
export async function readServers(
  session: ClusterSession,
  nodes: ClusterNode[],
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<NodeServer[]> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  return Promise.all(
    nodes
      .filter((n) => n.port > 0 && !n.flags.includes('noaddr') && !n.flags.includes('handshake'))
      .map(async (n) => {
        const addr = address(n);
        try {
          const client = await withDeadline(session.node(addr), timeoutMs, `${addr}: connect`, opts.signal);
          return await withDeadline(readNodeServer(client, { id: n.id, address: addr }), timeoutMs, `${addr}: INFO server`, opts.signal);
        } catch (e) {
          return { id: n.id, address: addr, error: errorText(e) };
        }
      }),
  );
}
