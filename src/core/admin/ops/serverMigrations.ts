// Server-side slot migration jobs (Redis 8.4 `CLUSTER MIGRATION`, Valkey 9 `CLUSTER MIGRATESLOTS`): while one
// runs, a MIGRATE-based move of ours must not start (both would write the same slot states). Nodes are asked
// only where COMMAND INFO lists the API (src/core/monitoring/slotStats.ts, capabilitiesOf), so Redis 7 pays
// one COMMAND INFO per connection and nothing else.
//
// Documented reply shapes: Redis 8.4 `CLUSTER MIGRATION STATUS ALL` and Valkey 9 `CLUSTER GETSLOTMIGRATIONS` both
// answer a list of jobs, each a map (RESP3) or a flat field/value list (RESP2): Redis names id, slots, source,
// dest, operation, state; Valkey names name, operation, slot_ranges, source_node, target_node, state.
import { errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';
import { capabilitiesOf } from '../../monitoring/slotStats';
import { masters } from '../../topology/nodeLookup';
import { type Topology, address } from '../../topology/topology';

export interface ServerMigrationJob {
  id: string;
  operation: string;
  slots: string;
  state: string;
  /** Not finished, failed or cancelled (an unknown state counts as active: refusing is the safe side). */
  active: boolean;
}

const DONE = /^(success|succeeded|successful|completed?|finished|done|failed|failure|cancell?ed|canceled|aborted)$/i;

function fields(entry: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(entry)) for (let i = 0; i + 1 < entry.length; i += 2) out.set(String(entry[i]).toLowerCase(), text(entry[i + 1]));
  else if (entry instanceof Map) for (const [k, v] of entry) out.set(String(k).toLowerCase(), text(v));
  else if (entry && typeof entry === 'object') for (const [k, v] of Object.entries(entry)) out.set(k.toLowerCase(), text(v));
  return out;
}

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join(' ') : v === null || v === undefined ? '' : String(v));

/** Jobs from either server's reply; anything that is not a list reads as no job. */
export function parseMigrationJobs(reply: unknown): ServerMigrationJob[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((entry) => {
    const f = fields(entry);
    const state = f.get('state') ?? '';
    return {
      id: f.get('id') ?? f.get('name') ?? '?',
      operation: f.get('operation') ?? '',
      slots: f.get('slots') ?? f.get('slot_ranges') ?? '',
      state,
      active: !DONE.test(state.trim()),
    };
  });
}

/** "127.0.0.1:7000 is running a server-side slot migration (IMPORT 0-99, state …)", one per node with active jobs. */
export async function serverMigrationProblems(session: ClusterSession, topo: Topology): Promise<string[]> {
  const found = await Promise.all(
    masters(topo).map(async (m) => {
      const addr = address(m);
      try {
        const client = await session.node(addr);
        const api = (await capabilitiesOf(client)).serverMigration;
        if (!api) return undefined;
        const reply =
          api === 'redis' ? await client.call('CLUSTER', 'MIGRATION', 'STATUS', 'ALL') : await client.call('CLUSTER', 'GETSLOTMIGRATIONS');
        const active = parseMigrationJobs(reply).filter((j) => j.active);
        if (!active.length) return undefined;
        const jobs = active.map((j) => `${j.operation || 'job'} ${j.slots || '?'} (${j.state || 'state unknown'})`).join(', ');
        const cancel = api === 'redis' ? 'CLUSTER MIGRATION CANCEL' : 'CLUSTER CANCELSLOTMIGRATIONS';
        return `${addr} is running a server-side slot migration: ${jobs}; wait for it to finish or cancel it (${cancel})`;
      } catch (e) {
        // The guard's other reads report an unreachable node; this one only says what it could not learn.
        return `${addr}: could not ask for server-side slot migrations (${errorText(e)})`;
      }
    }),
  );
  return found.filter((p): p is string => !!p);
}
