// Analyze Keyspace: every key of every analysed shard, read exactly (type, MEMORY USAGE SAMPLES 0, PTTL, element
// count), all shards in parallel, one SCAN step and its keys' facts per round trip (scanFacts.ts), streamed into the
// bounded aggregates of aggregate.ts.
//
// Migrating slots, the rule: a key is counted in the main pass only on the shard that owned its slot when the run
// started, and only when that slot was not open (migrating/importing) then nor seen open since (a watcher re-reads
// the masters' open slots every 500 ms). After the pass, every slot that was open at any time, or whose owner at
// the end differs from the start, is settled (settle.ts): its keys are read where they live now, source before
// target, and counted unless the same name was already counted (per-slot hashes, counted.ts). So a key is never
// counted on two nodes, and a key that moved before its source reached it is found on its new owner.
import { CancelledError, errorText, RedisClusterError } from '../common/errors';
import { Canary } from '../admin/ops/pace';
import type { ClusterSession } from '../connection/session';
import { slotOwners } from '../monitoring/distribution';
import { keySlot } from '../topology/slots';
import { address, discoverTopology, isFailing, type ClusterNode, type Topology } from '../topology/topology';
import { Aggregator } from './aggregate';
import { CountedKeys } from './counted';
import { OpenSlotWatcher, openSlots } from './openSlots';
import { ShardScanner } from './scanFacts';
import { settleSlots } from './settle';
import type { AnalyzeOptions, AnalyzeProgress, AnalyzeReport, ShardTotals } from './types';

export interface AnalyzeRun {
  signal?: AbortSignal;
  onProgress?: (p: AnalyzeProgress) => void;
}

/** Keys per SCAN step: fast takes big steps; gentle sizes its steps by the canary. */
const FAST_COUNT = 1000;
const GENTLE = { keysPerUnit: 25, maxUnits: 8 };
const PROGRESS_MS = 250;

interface ShardJob {
  shard: string;
  master: ClusterNode;
  reader: ClusterNode;
  totals: ShardTotals;
}

function chooseReaders(topo: Topology, opts: AnalyzeOptions, notes: string[]): ShardJob[] {
  const selected = topo.shards.filter((s) => s.master && s.slots.length > 0 && (!opts.shards || opts.shards.includes(s.master.id)));
  if (opts.shards) {
    const missing = opts.shards.filter((id) => !selected.some((s) => s.master?.id === id));
    if (missing.length)
      throw new RedisClusterError(
        'usage',
        `no master with slots has id ${missing.join(', ')}`,
        'Refresh the topology and pick a master that serves slots',
      );
  }
  return selected.map((s) => {
    const master = s.master as ClusterNode;
    let reader = master;
    if (opts.on === 'replicas') {
      const healthy = s.replicas.find((r) => !isFailing(r) && r.linkState === 'connected' && r.port > 0 && !r.flags.includes('loading'));
      if (healthy) reader = healthy;
      else notes.push(`shard of ${address(master)} has no healthy replica: its keys were read from the master`);
    }
    const totals: ShardTotals = {
      shard: master.id,
      master: address(master),
      readFrom: address(reader),
      role: reader.role,
      keys: 0,
      bytes: 0,
      done: false,
    };
    return { shard: master.id, master, reader, totals };
  });
}

export async function analyzeKeyspace(session: ClusterSession, opts: AnalyzeOptions, run: AnalyzeRun = {}): Promise<AnalyzeReport> {
  const t0 = Date.now();
  const notes: string[] = [];
  const failed: { node: string; error: string }[] = [];
  const topo = await discoverTopology(session);
  const owners = slotOwners(topo);
  const jobs = chooseReaders(topo, opts, notes);
  const openAtStart = openSlots(topo);
  const watcher = new OpenSlotWatcher(session, topo, openAtStart);
  const agg = new Aggregator(opts);
  const counted = new CountedKeys();
  const filtered = !!opts.match || !!opts.type;
  const expected = filtered ? undefined : await dbsizes(session, jobs);
  let keys = 0;
  let nodesDone = 0;
  let lastProgress = 0;
  const canary = opts.pace === 'gentle' ? new Canary(session) : undefined;
  const progress = (phase: AnalyzeProgress['phase'], force = false) => {
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_MS) return;
    lastProgress = now;
    const secs = Math.max(0.001, (now - t0) / 1000);
    const rate = keys / secs;
    const c = canary?.report(1);
    run.onProgress?.({
      keys,
      keysPerSec: Math.round(rate),
      expected,
      etaSeconds: expected && rate > 0 ? Math.max(0, Math.round((expected - keys) / rate)) : undefined,
      nodesDone,
      nodes: jobs.length,
      latencyMs: c?.ms,
      budgetMs: c?.budgetMs,
      phase,
    });
  };

  const scanShard = async (job: ShardJob) => {
    const client = await session.node(address(job.reader));
    // A replica serves keyed reads (the script's TYPE/MEMORY/PTTL) only to a READONLY connection.
    if (job.reader.role === 'replica') await client.call('READONLY');
    const scanner = new ShardScanner(client, { match: opts.match, type: opts.type });
    let cursor = '0';
    do {
      if (run.signal?.aborted) return;
      let count = FAST_COUNT;
      if (canary) {
        await canary.gate();
        count = canary.chunkSlots(GENTLE.maxUnits) * GENTLE.keysPerUnit;
      }
      const step = await scanner.next(cursor, count);
      cursor = step.cursor;
      for (const f of step.facts) {
        const slot = keySlot(f.key);
        // Not this shard's at the start, or open at some point: left to the settle step.
        if (owners[slot] !== job.shard || watcher.unsettled.has(slot)) continue;
        agg.add(f, slot, job.shard, job.totals.readFrom);
        counted.add(slot, f.key);
        job.totals.keys++;
        job.totals.bytes += f.bytes;
        keys++;
      }
      progress('scan');
    } while (cursor !== '0');
    job.totals.done = true;
  };

  try {
    if (canary) await canary.start(jobs.map((j) => address(j.reader)));
    watcher.start();
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await scanShard(job);
        } catch (e) {
          job.totals.error = errorText(e);
          failed.push({ node: job.totals.readFrom, error: errorText(e) });
        } finally {
          nodesDone++;
        }
      }),
    );
  } finally {
    watcher.stop();
    await canary?.close();
  }
  let settled = { unsettledSlots: 0, recountedKeys: 0 };
  const cancelled = !!run.signal?.aborted;
  if (!cancelled && !failed.length) {
    progress('settle', true);
    try {
      settled = await settleSlots(session, {
        topo,
        owners,
        seenOpen: watcher.unsettled,
        jobs: jobs.map((j) => j.shard),
        opts,
        agg,
        counted,
      });
      keys += settled.recountedKeys;
      if (settled.unsettledSlots)
        notes.push(
          `${settled.unsettledSlots} slot(s) moved or were open during the analysis; ` +
            'their keys were read where they live now, each counted once',
        );
    } catch (e) {
      failed.push({ node: 'settle', error: errorText(e) });
    }
  } else if (openAtStart.size) notes.push(`${openAtStart.size} open slot(s) were not settled (run incomplete)`);
  for (const [shard, t] of agg.shards) {
    const job = jobs.find((j) => j.shard === shard);
    if (job) Object.assign(job.totals, { keys: t.keys, bytes: t.bytes });
  }
  progress('done', true);
  const partialReason = cancelled
    ? 'cancelled'
    : failed.length
      ? `failed on ${failed.map((f) => `${f.node} (${f.error})`).join('; ')}`
      : undefined;
  if (opts.on === 'replicas' && jobs.some((j) => j.reader.role === 'replica') && settled.unsettledSlots)
    notes.push('settled slots were read from their masters');
  if (agg.uncheckedFamilies) notes.push(`${agg.uncheckedFamilies} key families beyond the tracking limit were not checked for slot spread`);
  return {
    profile: session.profile.name,
    startedAt: new Date(t0).toISOString(),
    elapsedMs: Date.now() - t0,
    options: {
      match: opts.match,
      type: opts.type,
      delimiter: opts.delimiter,
      top: opts.top,
      on: opts.on,
      pace: opts.pace,
      shards: opts.shards,
    },
    partial: !!partialReason,
    partialReason,
    failedNodes: failed,
    notes,
    shards: jobs.map((j) => j.totals),
    ...agg.result(),
    migration: settled,
  };
}

async function dbsizes(session: ClusterSession, jobs: ShardJob[]): Promise<number | undefined> {
  try {
    const sizes = await Promise.all(jobs.map(async (j) => Number(await (await session.node(address(j.reader))).dbsize())));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return undefined; // only the ETA is lost; the scan reports the node itself
  }
}

/** For callers that want a cancelled run to throw rather than return a partial report. */
export function assertComplete(r: AnalyzeReport): void {
  if (r.partialReason === 'cancelled') throw new CancelledError('analysing the keyspace', 'The partial report covers the keys read so far');
}
