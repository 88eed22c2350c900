// CLUSTER SLOT-STATS (Valkey 8+, Redis 8.2+): one reply with the key count of every slot a node owns, and with
// `cluster-slot-stats-enabled yes` also the CPU time and network bytes spent on each slot. The CPU and network
// counters are cumulative since the slot arrived on the node (or since CONFIG RESETSTAT): load is the difference
// between two reads, and a counter that went down was reset (the slot moved), so its new value is the load.
import type Redis from 'ioredis';
import { RedisClusterError } from '../common/errors';
import { SLOT_COUNT } from '../topology/slots';
import { capabilitiesFromCommandInfo, type ServerCapabilities } from './serverInfo';

export interface SlotStat {
  slot: number;
  keys: number;
  /** Present only where the server collects them (cluster-slot-stats-enabled yes). */
  cpuUsec?: number;
  netIn?: number;
  netOut?: number;
}

/** A reply that is not the documented shape: the caller falls back to counting slot by slot. */
export class SlotStatsReplyError extends RedisClusterError {
  override name = 'SlotStatsReplyError';
  constructor(detail: string) {
    super('node-command', `unexpected CLUSTER SLOT-STATS reply: ${detail}`, 'Key counts fall back to COUNTKEYSINSLOT per slot');
  }
}

/** The stats of one slot: a RESP3 map (object), or the RESP2 flat list [name, value, name, value…]. */
function fieldsOf(raw: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (Array.isArray(raw)) for (let i = 0; i + 1 < raw.length; i += 2) out.set(String(raw[i]), Number(raw[i + 1]));
  else if (raw instanceof Map) for (const [k, v] of raw) out.set(String(k), Number(v));
  else if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) out.set(k, Number(v));
  else throw new SlotStatsReplyError('a slot entry has no fields');
  return out;
}

/** `[[slot, {key-count, cpu-usec, network-bytes-in, network-bytes-out}], …]` → typed stats, in reply order. */
export function parseSlotStats(reply: unknown): SlotStat[] {
  if (!Array.isArray(reply)) throw new SlotStatsReplyError('not a list');
  return reply.map((entry) => {
    if (!Array.isArray(entry) || entry.length < 2) throw new SlotStatsReplyError('an entry is not [slot, stats]');
    const slot = Number(entry[0]);
    if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) throw new SlotStatsReplyError(`slot ${String(entry[0])}`);
    const f = fieldsOf(entry[1]);
    const keys = f.get('key-count');
    if (keys === undefined || !Number.isFinite(keys)) throw new SlotStatsReplyError(`slot ${slot} has no key-count`);
    const stat: SlotStat = { slot, keys };
    if (f.has('cpu-usec')) stat.cpuUsec = f.get('cpu-usec');
    if (f.has('network-bytes-in')) stat.netIn = f.get('network-bytes-in');
    if (f.has('network-bytes-out')) stat.netOut = f.get('network-bytes-out');
    return stat;
  });
}

const probed = new WeakMap<Redis, Promise<ServerCapabilities>>();

/** What this node's server can do, asked once per connection (COMMAND INFO: presence, not a version guess). */
export function capabilitiesOf(client: Redis): Promise<ServerCapabilities> {
  let p = probed.get(client);
  if (!p) {
    p = client
      .call('COMMAND', 'INFO', 'cluster|slot-stats', 'cluster|migration', 'cluster|getslotmigrations')
      .then(capabilitiesFromCommandInfo, () => ({ slotStats: false, serverMigration: undefined }));
    probed.set(client, p);
  }
  return p;
}

/** Every owned slot's stats from one command. */
export async function readSlotStats(client: Redis): Promise<SlotStat[]> {
  return parseSlotStats(await client.call('CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', 0, SLOT_COUNT - 1));
}

export type LoadMetric = 'cpuUsec' | 'netIn' | 'netOut';

/**
 * Load per slot between two reads: cur - prev, or cur where the counter went down (reset when the slot moved or
 * stats were reset) or was not read before; 0 where it is unknown now.
 */
export function loadBetween(prev: Float64Array | undefined, cur: Float64Array): Float64Array {
  const out = new Float64Array(SLOT_COUNT);
  for (let s = 0; s < SLOT_COUNT; s++) {
    const c = cur[s];
    if (Number.isNaN(c)) continue;
    const p = prev?.[s];
    out[s] = p === undefined || Number.isNaN(p) || c < p ? c : c - p;
  }
  return out;
}

export interface HotSlot {
  slot: number;
  load: number;
  owner?: string;
}

/** The `n` slots with the most load, most first; slots with none never appear. */
export function hottestSlots(load: ArrayLike<number>, n = 20, owners?: (string | undefined)[]): HotSlot[] {
  const idx: number[] = [];
  for (let s = 0; s < load.length; s++) if (load[s] > 0) idx.push(s);
  idx.sort((a, b) => load[b] - load[a] || a - b);
  return idx.slice(0, n).map((slot) => ({ slot, load: load[slot], owner: owners?.[slot] }));
}

/** Per-slot load between this count and the previous one (CPU µs, and network bytes in + out), where collected. */
export interface SlotLoad {
  cpuUsec?: Float64Array;
  netBytes?: Float64Array;
}

/** Keeps the previous read of the cumulative counters, so each recount yields the load since the one before. */
export class SlotLoadTracker {
  private prev: Partial<Record<'cpuUsec' | 'netIn' | 'netOut', Float64Array>> | undefined;

  /** Undefined on the first read (nothing to difference yet) and wherever the servers give no counters. */
  next(counters: Partial<Record<'cpuUsec' | 'netIn' | 'netOut', Float64Array>> | undefined): SlotLoad | undefined {
    const prev = this.prev;
    this.prev = counters;
    if (!counters || !prev) return undefined;
    const out: SlotLoad = {};
    if (counters.cpuUsec) out.cpuUsec = loadBetween(prev.cpuUsec, counters.cpuUsec);
    if (counters.netIn || counters.netOut) {
      const inn = counters.netIn ? loadBetween(prev.netIn, counters.netIn) : new Float64Array(SLOT_COUNT);
      const outb = counters.netOut ? loadBetween(prev.netOut, counters.netOut) : new Float64Array(SLOT_COUNT);
      out.netBytes = inn.map((v, i) => v + outb[i]);
    }
    return out;
  }
}
