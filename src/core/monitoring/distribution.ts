// Key distribution over the 16384 slots. COUNTKEYSINSLOT only counts the keys of the node it is sent to, so
// each slot is asked of its OWNER (a routed cluster client would land on an arbitrary node and answer 0),
// pipelined per master in chunks, all masters in parallel. Slots being imported are also counted on the
// importing node, so the counts of a slot in mid-migration add up to the keys that really exist.
// The fast path runs the per-slot loop on the server (see COUNT_SCRIPT); plain pipelines are the fallback.
import type Redis from 'ioredis';
import { withDeadline } from '../common/deadline';
import { RedisClusterError, errorText, throwIfAborted } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { SLOT_COUNT, expandRanges, isValidSlot } from '../topology/slots';
import { type ClusterNode, type Topology, address } from '../topology/topology';
import { type LoadMetric, type SlotStat, capabilitiesOf, readSlotStats } from './slotStats';

export interface MasterKeys {
  id: string;
  address: string;
  /** Keys this node reported (owned slots plus slots it is importing): equals its DBSIZE. */
  keys: number;
  /** Slots this master owns. */
  slots: number;
  /** Set when the node could not be counted; its slots then read 0. */
  error?: string;
  /** How its slots were counted: one CLUSTER SLOT-STATS, or COUNTKEYSINSLOT per slot (script or pipeline). */
  via?: 'slot-stats' | 'count';
}

export interface TopSlot {
  slot: number;
  keys: number;
  owner?: string;
}

export interface Distribution {
  slots: Uint32Array;
  masters: MasterKeys[];
  total: number;
  /** Largest master key count over the mean (1 = perfectly even). */
  imbalance: number;
  top: TopSlot[];
  /** False when some master failed; see masters[].error. */
  complete: boolean;
  /**
   * Cumulative per-slot CPU and network counters, where every counted master gave them (CLUSTER SLOT-STATS with
   * cluster-slot-stats-enabled); NaN for a slot not read. Load is the difference between two reads (loadBetween).
   */
  counters?: Partial<Record<LoadMetric, Float64Array>>;
  elapsedMs: number;
  fetchedAt: number;
}

export interface CountOptions {
  /** Commands per pipeline. */
  chunkSize?: number;
  /** Deadline for connecting and for each pipeline. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called after every pipeline with slots counted so far and the number to count. */
  onProgress?: (done: number, total: number) => void;
  /** 'auto' (default): CLUSTER SLOT-STATS where the node has it, else a server-side loop, else plain pipelines. */
  method?: CountMethod;
}

export const DEFAULT_CHUNK = 2000;
export const DEFAULT_TIMEOUT_MS = 10000;
export const TOP_SLOTS = 20;

/** Master id owning each slot (undefined for an unassigned slot). */
export function slotOwners(topo: Topology): (string | undefined)[] {
  const owners = new Array<string | undefined>(SLOT_COUNT).fill(undefined);
  for (const n of topo.nodes) {
    if (n.role !== 'master') continue;
    for (const [a, b] of n.slots) for (let s = a; s <= b; s++) owners[s] = n.id;
  }
  return owners;
}

/** Slots each master must be asked about: the ones it owns, then the ones it is importing. */
export function countPlan(topo: Topology): { node: ClusterNode; owned: number; slots: number[] }[] {
  return topo.nodes
    .filter((n) => n.role === 'master' && (n.slots.length > 0 || n.importing.length > 0))
    .map((node) => {
      const owned = expandRanges(node.slots);
      const mine = new Set(owned);
      const extra = node.importing.map((o) => o.slot).filter((s) => !mine.has(s));
      return { node, owned: owned.length, slots: [...owned, ...extra] };
    });
}

/** Max over mean of per-master key counts; 1 when there are no keys (nothing is uneven). */
export function imbalance(keys: number[]): number {
  const total = keys.reduce((a, b) => a + b, 0);
  if (keys.length === 0 || total === 0) return 1;
  return Math.max(...keys) / (total / keys.length);
}

/** The `n` fullest slots, fullest first (ties by slot number); empty slots never appear. */
export function topSlots(counts: ArrayLike<number>, n = TOP_SLOTS, owners?: (string | undefined)[]): TopSlot[] {
  const out: TopSlot[] = [];
  for (let s = 0; s < counts.length; s++) {
    const keys = counts[s];
    if (keys === 0) continue;
    if (out.length === n && keys <= out[n - 1].keys) continue;
    out.push({ slot: s, keys, owner: owners?.[s] });
    out.sort((a, b) => b.keys - a.keys || a.slot - b.slot);
    if (out.length > n) out.pop();
  }
  return out;
}

/**
 * Read-only server-side loop: one reply with the counts of a list of slots. It turns thousands of command
 * objects into one per chunk, which is where the client spends its time. Servers that refuse scripts
 * (ACL without @scripting, scripting disabled) get plain COUNTKEYSINSLOT pipelines instead.
 */
export const COUNT_SCRIPT =
  "local o = {} for i = 1, #ARGV do o[i] = redis.call('CLUSTER', 'COUNTKEYSINSLOT', tonumber(ARGV[i])) end return o";
/** Slots per script call: keeps each call's server time to a few milliseconds. */
const SCRIPT_CHUNK = 1024;

export type CountMethod = 'auto' | 'script' | 'pipeline' | 'slot-stats';

type Resolved = Required<Pick<CountOptions, 'chunkSize' | 'timeoutMs' | 'method'>> & CountOptions;

function chunks(slots: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < slots.length; i += size) out.push(slots.slice(i, i + size));
  return out;
}

/** Counts per slot, as one pipeline of script calls (each covering a chunk of slots). */
async function countByScript(
  client: Redis,
  addr: string,
  slots: number[],
  opts: Resolved,
  progress: (n: number) => void,
): Promise<number[]> {
  const parts = chunks(slots, SCRIPT_CHUNK);
  const pipe = client.pipeline();
  for (const part of parts) pipe.call('EVAL', COUNT_SCRIPT, 0, ...part);
  const what = `${addr}: counting ${slots.length} slots by script`;
  const replies = (await withDeadline(pipe.exec(), opts.timeoutMs, what, opts.signal)) ?? [];
  const out: number[] = [];
  replies.forEach(([err, value], j) => {
    if (err) throw new ScriptRefused(`${addr}: ${err.message}`);
    if (!Array.isArray(value) || value.length !== parts[j].length) throw new ScriptRefused(`${addr}: unexpected script reply`);
    for (const v of value) out.push(Number(v));
  });
  progress(slots.length);
  return out;
}

/** The counting script was refused (no EVAL permission, scripting off): the per-slot fallback takes over. */
class ScriptRefused extends RedisClusterError {
  override name = 'ScriptRefused';
  constructor(message: string) {
    super('script-refused', message, 'Counting falls back to one COUNTKEYSINSLOT per slot');
  }
}

/** Counts per slot with one COUNTKEYSINSLOT per slot, pipelined in chunks. */
async function countByPipeline(
  client: Redis,
  addr: string,
  slots: number[],
  opts: Resolved,
  progress: (n: number) => void,
): Promise<number[]> {
  const out: number[] = [];
  for (const chunk of chunks(slots, opts.chunkSize)) {
    // Cancellation is honoured between pipelines: counting is read-only, so any point is safe.
    throwIfAborted(opts.signal, `while counting keys on ${addr}`);
    const pipe = client.pipeline();
    for (const s of chunk) pipe.call('CLUSTER', 'COUNTKEYSINSLOT', s);
    const what = `${addr}: CLUSTER COUNTKEYSINSLOT for ${chunk.length} slots (${chunk[0]}…${chunk[chunk.length - 1]})`;
    const replies = (await withDeadline(pipe.exec(), opts.timeoutMs, what, opts.signal)) ?? [];
    replies.forEach(([err, value], j) => {
      if (err) throw new Error(`${addr}: CLUSTER COUNTKEYSINSLOT ${chunk[j]} failed: ${err.message}`);
      out.push(Number(value));
    });
    progress(chunk.length);
  }
  return out;
}

/**
 * Counts by one CLUSTER SLOT-STATS (owned slots only); slots it does not list (being imported) are counted one
 * by one. Undefined when the node has no SLOT-STATS or its reply is unusable: the caller counts as before.
 */
async function countBySlotStats(
  client: Redis,
  addr: string,
  slots: number[],
  opts: Resolved,
  progress: (n: number) => void,
): Promise<{ counts: number[]; stats: SlotStat[] } | undefined> {
  if (!(await withDeadline(capabilitiesOf(client), opts.timeoutMs, `${addr}: COMMAND INFO`, opts.signal)).slotStats) return undefined;
  let stats: SlotStat[];
  try {
    stats = await withDeadline(readSlotStats(client), opts.timeoutMs, `${addr}: CLUSTER SLOT-STATS`, opts.signal);
  } catch (e) {
    if (opts.signal?.aborted || opts.method === 'slot-stats') throw e;
    return undefined;
  }
  const bySlot = new Map(stats.map((s) => [s.slot, s.keys]));
  const missing = slots.filter((s) => !bySlot.has(s));
  const extra = missing.length ? await countByPipeline(client, addr, missing, opts, () => undefined) : [];
  missing.forEach((s, i) => bySlot.set(s, extra[i]));
  progress(slots.length);
  return { counts: slots.map((s) => bySlot.get(s) ?? 0), stats };
}

async function countOnNode(client: Redis, addr: string, slots: number[], opts: Resolved, progress: (n: number) => void): Promise<number[]> {
  if (opts.method === 'pipeline') return countByPipeline(client, addr, slots, opts, progress);
  try {
    return await countByScript(client, addr, slots, opts, progress);
  } catch (e) {
    if (opts.method === 'script' || !(e instanceof ScriptRefused)) throw e;
    return countByPipeline(client, addr, slots, opts, progress);
  }
}

/** Counts the keys of every slot on its owner. A failing master is reported, not fatal; an abort is. */
export async function countKeysPerSlot(session: ClusterSession, topo: Topology, options: CountOptions = {}): Promise<Distribution> {
  const t0 = performance.now();
  const opts: Resolved = {
    ...options,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    method: options.method ?? 'auto',
  };
  const counts = new Uint32Array(SLOT_COUNT);
  const statsOf: SlotStat[][] = [];
  const plan = countPlan(topo);
  const total = plan.reduce((a, p) => a + p.slots.length, 0);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  const masters = await Promise.all(
    plan.map(async ({ node, owned, slots }): Promise<MasterKeys> => {
      const addr = address(node);
      try {
        const client = await withDeadline(session.node(addr), opts.timeoutMs, `connecting to ${addr}`, opts.signal);
        // Added only once complete, so a node failing half-way leaves no partial counts behind.
        const byStats =
          opts.method === 'auto' || opts.method === 'slot-stats' ? await countBySlotStats(client, addr, slots, opts, progress) : undefined;
        const mine = byStats?.counts ?? (await countOnNode(client, addr, slots, opts, progress));
        if (byStats) statsOf.push(byStats.stats);
        let keys = 0;
        slots.forEach((s, i) => {
          counts[s] += mine[i];
          keys += mine[i];
        });
        return { id: node.id, address: addr, keys, slots: owned, via: byStats ? 'slot-stats' : 'count' };
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        return { id: node.id, address: addr, keys: 0, slots: owned, error: `${errorText(e)}. Check that the node is up, then refresh` };
      }
    }),
  );
  const owners = slotOwners(topo);
  const sum = masters.reduce((a, m) => a + m.keys, 0);
  return {
    slots: counts,
    masters,
    total: sum,
    imbalance: imbalance(masters.filter((m) => m.slots > 0).map((m) => m.keys)),
    top: topSlots(counts, TOP_SLOTS, owners),
    complete: masters.every((m) => !m.error),
    counters: statsOf.length && statsOf.length === masters.filter((m) => !m.error).length ? loadCounters(statsOf.flat()) : undefined,
    elapsedMs: performance.now() - t0,
    fetchedAt: Date.now(),
  };
}

/** The CPU and network counters of every slot read, where the servers collect them (else none). */
function loadCounters(stats: SlotStat[]): Distribution['counters'] {
  const out: Distribution['counters'] = {};
  for (const metric of ['cpuUsec', 'netIn', 'netOut'] as const) {
    if (!stats.some((s) => s[metric] !== undefined)) continue;
    const arr = new Float64Array(SLOT_COUNT).fill(NaN);
    for (const s of stats) if (s[metric] !== undefined) arr[s.slot] = s[metric] as number;
    out[metric] = arr;
  }
  return Object.keys(out).length ? out : undefined;
}

export interface SlotSample {
  slot: number;
  owner?: string;
  ownerAddress?: string;
  keys: string[];
}

/** Up to `n` key names from a slot, read from its owner with CLUSTER GETKEYSINSLOT. */
export async function sampleKeys(
  session: ClusterSession,
  topo: Topology,
  slot: number,
  n = 5,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<SlotSample> {
  if (!isValidSlot(slot)) throw new Error(`slot ${slot} is outside 0-16383`);
  const count = Math.max(1, Math.min(1000, Math.floor(n)));
  const owner = topo.nodes.find((m) => m.role === 'master' && m.slots.some(([a, b]) => slot >= a && slot <= b));
  if (!owner) return { slot, keys: [] };
  const addr = address(owner);
  const client = await withDeadline(session.node(addr), timeoutMs, `connecting to ${addr}`);
  const reply = await withDeadline(
    client.call('CLUSTER', 'GETKEYSINSLOT', slot, count),
    timeoutMs,
    `${addr}: CLUSTER GETKEYSINSLOT ${slot}`,
  );
  const keys = Array.isArray(reply) ? reply.map((k) => String(k)) : [];
  return { slot, owner: owner.id, ownerAddress: addr, keys };
}
