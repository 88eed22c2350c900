// The CPU time each slot used over a window, for a rebalance by load: two CLUSTER SLOT-STATS reads per master,
// `windowMs` apart, differenced (counters are cumulative and reset when a slot moves: see loadBetween).
// Refused with a clear reason where a master cannot say (no SLOT-STATS, or slot stats not enabled).
import { withDeadline } from '../common/deadline';
import { RedisClusterError, throwIfAborted } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { SLOT_COUNT } from '../topology/slots';
import { type Topology, address } from '../topology/topology';
import { masters } from '../topology/nodeLookup';
import { type SlotStat, capabilitiesOf, loadBetween, readSlotStats } from './slotStats';

export class SlotLoadUnavailableError extends RedisClusterError {
  override name = 'SlotLoadUnavailableError';
  constructor(message: string) {
    super(
      'node-command',
      message,
      'Rebalance by load needs CLUSTER SLOT-STATS (Valkey 8+, Redis 8.2+) with `cluster-slot-stats-enabled yes` ' +
        'on every master; rebalance by keys or slots instead',
    );
  }
}

function cpuArray(stats: SlotStat[], addr: string): Float64Array {
  const out = new Float64Array(SLOT_COUNT).fill(NaN);
  for (const s of stats) {
    if (s.cpuUsec === undefined)
      throw new SlotLoadUnavailableError(`${addr} does not collect per-slot CPU time (cluster-slot-stats-enabled is no)`);
    out[s.slot] = s.cpuUsec;
  }
  return out;
}

/** CPU µs per slot over `windowMs` (default 5 s), from every master with slots. */
export async function readSlotLoad(
  session: ClusterSession,
  topo: Topology,
  opts: { windowMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Map<number, number>> {
  const windowMs = opts.windowMs ?? 5000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const owners = masters(topo).filter((m) => m.slots.length > 0);
  const clients = await Promise.all(
    owners.map(async (m) => {
      const addr = address(m);
      const client = await withDeadline(session.node(addr), timeoutMs, `connecting to ${addr}`, opts.signal);
      if (!(await capabilitiesOf(client)).slotStats)
        throw new SlotLoadUnavailableError(`${addr} has no CLUSTER SLOT-STATS (its server predates Valkey 8 / Redis 8.2)`);
      return { addr, client };
    }),
  );
  const read = () =>
    Promise.all(
      clients.map(async ({ addr, client }) =>
        cpuArray(await withDeadline(readSlotStats(client), timeoutMs, `${addr}: CLUSTER SLOT-STATS`, opts.signal), addr),
      ),
    );
  const before = await read();
  await new Promise((r) => setTimeout(r, windowMs));
  throwIfAborted(opts.signal, 'while measuring slot load');
  const after = await read();
  const load = new Map<number, number>();
  after.forEach((cur, i) => {
    const d = loadBetween(before[i], cur);
    for (let s = 0; s < SLOT_COUNT; s++) if (!Number.isNaN(cur[s])) load.set(s, (load.get(s) ?? 0) + d[s]);
  });
  return load;
}
