// SLOWLOG GET on every node, merged into one list, newest first.
import { withDeadline } from '../common/deadline';
import { errorText } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { type Topology, address } from '../topology/topology';
import type { SlowlogEntry } from './snapshot';

export type { SlowlogEntry } from './snapshot';

export interface SlowlogResult {
  entries: SlowlogEntry[];
  errors: { node: string; error: string }[];
}

/** One node's RESP2 SLOWLOG GET reply: [[id, time, micros, [args…], client, name], …]. */
export function parseSlowlog(reply: unknown, node: string, nodeId: string): SlowlogEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: SlowlogEntry[] = [];
  for (const e of reply) {
    if (!Array.isArray(e) || e.length < 4) continue;
    out.push({
      node,
      nodeId,
      id: Number(e[0]),
      time: Number(e[1]),
      durationUs: Number(e[2]),
      args: Array.isArray(e[3]) ? e[3].map((a) => String(a)) : [],
      client: e[4] !== undefined ? String(e[4]) : undefined,
      clientName: e[5] ? String(e[5]) : undefined,
    });
  }
  return out;
}

/** Newest first; same second: slower first; then node and id for a stable order. */
export function mergeSlowlogs(lists: SlowlogEntry[][], limit = Infinity): SlowlogEntry[] {
  return lists
    .flat()
    .sort((a, b) => b.time - a.time || b.durationUs - a.durationUs || a.node.localeCompare(b.node) || b.id - a.id)
    .slice(0, limit);
}

export async function fetchSlowlogs(
  session: ClusterSession,
  topo: Topology,
  opts: { count?: number; timeoutMs?: number; limit?: number } = {},
): Promise<SlowlogResult> {
  const count = opts.count ?? 32;
  const errors: SlowlogResult['errors'] = [];
  const lists = await Promise.all(
    topo.nodes
      .filter((n) => !n.flags.includes('handshake') && !n.flags.includes('noaddr'))
      .map(async (n) => {
        const addr = address(n);
        try {
          const reply = await withDeadline(
            session.node(addr).then((c) => c.call('SLOWLOG', 'GET', count)),
            opts.timeoutMs ?? 3000,
            `${addr}: SLOWLOG GET`,
          );
          return parseSlowlog(reply, addr, n.id);
        } catch (e) {
          errors.push({ node: addr, error: errorText(e) });
          return [];
        }
      }),
  );
  return { entries: mergeSlowlogs(lists, opts.limit ?? 200), errors };
}
