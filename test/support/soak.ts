// Days open, compressed: what the explorer does while a window stays open (a topology + metrics poll every second,
// through LinkWatch, as the tree and the dashboard do), against a remote cluster (RTT 20 ms) that fails over now and
// then and whose link drops now and then. Measured: heap after GC, open client connections, unhandled rejections,
// log lines. Shared by bench/soak.bench.ts (60 min) and test/reliability/soak.test.ts (3 min).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { failover } from '../../src/core/admin/ops/failover';
import { LinkWatch } from '../../src/core/connection/linkWatch';
import { ClusterSession } from '../../src/core/connection/session';
import { LightPoller } from '../../src/core/monitoring/lightPoll';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { address } from '../../src/core/topology/topology';
import type { RemoteCluster } from './remoteCluster';

export interface SoakOptions {
  durationMs: number;
  pollMs: number;
  failoverEveryMs: number;
  dropEveryMs: number;
  /** How long a drop lasts (paused, then killed, then back). */
  dropMs: number;
  onSample?: (s: SoakSample) => void;
}

export interface SoakSample {
  atMs: number;
  heapMb: number;
  links: number;
  state: string;
}

export interface SoakResult {
  polls: number;
  failedPolls: number;
  failovers: number;
  drops: number;
  heapStartMb: number;
  heapEndMb: number;
  linksStart: number;
  linksMax: number;
  /** Connections after the first failover: the admin work adds its own (the routed client), once. */
  linksSteady: number;
  linksEnd: number;
  unhandled: string[];
  /** Lines the loop logged: one per link transition, never one per failed poll. */
  logLines: number;
  /** Longest time from a drop's end to the next successful poll. */
  worstRecoveryMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// gc() without --expose-gc on the command line: the flag is turned on, and a fresh context picks the function up.
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

function heapMb(): number {
  const gc = collector();
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function soak(remote: RemoteCluster, opts: SoakOptions): Promise<SoakResult> {
  const unhandled: string[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(String(e));
  process.on('unhandledRejection', onUnhandled);
  const session = new ClusterSession(loadProfileFile(remote.profilePath), { password: remote.info.password });
  const link = new LinkWatch(session);
  const poller = new LightPoller(session);
  let logLines = 0;
  link.onChange(() => logLines++);
  const r: SoakResult = {
    polls: 0,
    failedPolls: 0,
    failovers: 0,
    drops: 0,
    heapStartMb: 0,
    heapEndMb: 0,
    linksStart: 0,
    linksMax: 0,
    linksSteady: 0,
    linksEnd: 0,
    unhandled,
    logLines: 0,
    worstRecoveryMs: 0,
  };
  let lastOk = 0;
  const poll = async () => {
    r.polls++;
    try {
      await link.watch(() => poller.poll({ timeoutMs: 1500 }));
      lastOk = Date.now();
    } catch {
      r.failedPolls++;
    }
  };
  try {
    await poll();
    await sleep(opts.pollMs);
    await poll();
    r.heapStartMb = heapMb();
    r.linksStart = remote.forwarder.openClientLinks();
    const t0 = Date.now();
    let nextFailover = t0 + opts.failoverEveryMs;
    let nextDrop = t0 + opts.dropEveryMs;
    while (Date.now() - t0 < opts.durationMs) {
      const tick = Date.now();
      await poll();
      r.linksMax = Math.max(r.linksMax, remote.forwarder.openClientLinks());
      if (Date.now() >= nextDrop) {
        nextDrop += opts.dropEveryMs;
        r.drops++;
        remote.forwarder.pause();
        await pollFor(opts.dropMs / 2, opts.pollMs, poll);
        await remote.forwarder.kill();
        await pollFor(opts.dropMs / 2, opts.pollMs, poll);
        await remote.forwarder.restore();
        const back = Date.now();
        while (lastOk < back && Date.now() - back < 30_000) {
          await sleep(opts.pollMs);
          await poll();
        }
        r.worstRecoveryMs = Math.max(r.worstRecoveryMs, lastOk - back);
      } else if (Date.now() >= nextFailover) {
        nextFailover += opts.failoverEveryMs;
        const topo = await poller.poll();
        const replica = topo.topology.nodes.find((n) => n.role === 'replica' && !n.flags.includes('fail'));
        if (replica) {
          await failover(session, address(replica));
          r.failovers++;
          if (r.failovers === 1) {
            await poll();
            r.linksSteady = remote.forwarder.openClientLinks();
          }
        }
      }
      opts.onSample?.({
        atMs: Date.now() - t0,
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
        links: remote.forwarder.openClientLinks(),
        state: link.state,
      });
      await sleep(Math.max(0, opts.pollMs - (Date.now() - tick)));
    }
    await poll();
    r.heapEndMb = heapMb();
    r.linksEnd = remote.forwarder.openClientLinks();
    r.logLines = logLines;
    return r;
  } finally {
    process.removeListener('unhandledRejection', onUnhandled);
    await session.close();
  }
}

async function pollFor(ms: number, every: number, poll: () => Promise<void>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await poll();
    await sleep(every);
  }
}
