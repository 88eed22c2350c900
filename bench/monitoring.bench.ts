// What monitoring costs an idle cluster: each contender polls its own private 3+3 TLS cluster for the same
// BENCH_SECONDS (default 300), all three at the same time, and each node's INFO commandstats (calls, usec) is
// read before and after.
//   ours:     the extension's periodic poll with the explorer, the status bar and the dashboard's metrics tab
//             open: the Monitor's light poll (src/core/monitoring/lightPoll.ts) on its PollScheduler, every 5 s; all three
//             views feed off that one poll.
//   insight:  RedisInsight's documented poll every 5 s: INFO on every node, CLUSTER INFO and CLUSTER SHARDS.
//   before:   what the same three views sent before the light poll: a full topology read (+ CLUSTER NODES on
//             every other master), DBSIZE + INFO memory + INFO replication per node, and the dashboard's
//             INFO + CLUSTER INFO + 3 PINGs + SLOWLOG GET per node.
// Goal: ours <= insight in commands sent (replication's own REPLCONF/PING left out; see below). The poll code runs here in Node, not in
// code-server: the views add no
// commands of their own (they render what the poll read), which the integration tests check per poll.
//   npx tsx bench/monitoring.bench.ts   (env TEST_PORT_OFFSET; BENCH_SECONDS default 300)
import { type ClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { LightPoller } from '../src/core/monitoring/lightPoll';
import { pollMetrics } from '../src/core/monitoring/metrics';
import { readAllNodeStats } from '../src/core/monitoring/nodeStats';
import { PollScheduler } from '../src/core/monitoring/pollScheduler';
import { loadProfileFile } from '../src/core/profiles/profile';
import { ClusterSession } from '../src/core/connection/session';
import { fetchSlowlogs } from '../src/core/monitoring/slowlog';
import { address, discoverTopology } from '../src/core/topology/topology';
import { type PortBlock, basePort } from '../test/support/ports';
import { runBench } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 300);
const INTERVAL_MS = 5000;

type Stats = Map<string, { calls: number; usec: number }>;

async function commandStats(session: ClusterSession, addresses: string[]): Promise<Stats> {
  const out: Stats = new Map();
  for (const a of addresses) {
    const text = String(await (await session.node(a)).info('commandstats'));
    for (const line of text.split('\n')) {
      const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
      if (!m) continue;
      const e = out.get(m[1]) ?? { calls: 0, usec: 0 };
      e.calls += Number(m[2]);
      e.usec += Number(m[3]);
      out.set(m[1], e);
    }
  }
  return out;
}

interface Contender {
  name: string;
  block: PortBlock;
  /** One poll, on a session already connected. */
  poll: (session: ClusterSession) => () => Promise<void>;
}

const contenders: Contender[] = [
  {
    name: 'ours (light poll: tree + status bar + metrics tab)',
    block: 'benchMonitoringOurs',
    poll: (s) => {
      const poller = new LightPoller(s);
      return async () => void (await poller.poll());
    },
  },
  {
    name: 'RedisInsight (INFO per node + CLUSTER INFO + SHARDS)',
    block: 'benchMonitoringInsight',
    poll: (s) => {
      // Addresses are learnt once, outside the count, so exactly the documented commands are sent per poll.
      const known = discoverTopology(s, { openSlots: false });
      return async () => {
        const topo = await known;
        const seed = await s.node(topo.source);
        await Promise.all([
          ...topo.nodes.map(async (n) => (await s.node(address(n))).info()),
          seed.call('CLUSTER', 'INFO'),
          seed.call('CLUSTER', 'SHARDS'),
        ]);
      };
    },
  },
  {
    name: 'before (full topology + stats + metrics + slowlog)',
    block: 'benchMonitoringBefore',
    poll: (s) => async () => {
      const topo = await discoverTopology(s);
      await readAllNodeStats(s, topo.nodes.map(address));
      await Promise.all([pollMetrics(s, topo), fetchSlowlogs(s, topo)]);
    },
  },
];

interface Run {
  info: ClusterInfo;
  session: ClusterSession;
  observer: ClusterSession;
  addresses: string[];
  scheduler?: PollScheduler;
  before?: Stats;
}

async function main(): Promise<number> {
  const runs: Run[] = [];
  try {
    for (const c of contenders) {
      const info = await startCluster({ basePort: basePort(c.block), dir: `/tmp/rc-bench-monitoring-${basePort(c.block)}` });
      const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
      const observer = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
      const addresses = (await discoverTopology(observer)).nodes.map(address);
      runs.push({ info, session, observer, addresses });
    }
    // Every contender gets its first poll (connections) before the counting starts.
    const polls = contenders.map((c, i) => c.poll(runs[i].session));
    await Promise.all(polls.map((p) => p()));
    for (const r of runs) r.before = await commandStats(r.observer, r.addresses);
    runs.forEach((r, i) => {
      r.scheduler = new PollScheduler({ intervalMs: () => INTERVAL_MS, poll: () => polls[i]() });
      r.scheduler.setVisible('bench', true);
    });
    console.log(`polling 3 idle 3+3 TLS clusters for ${SECONDS} s every ${INTERVAL_MS / 1000} s, side by side...`);
    await new Promise((res) => setTimeout(res, SECONDS * 1000));
    for (const r of runs) r.scheduler?.dispose();
    await new Promise((res) => setTimeout(res, 3000));
    const totals: number[] = [];
    for (const [i, r] of runs.entries()) {
      const after = await commandStats(r.observer, r.addresses);
      const rows: string[] = [];
      let calls = 0;
      let usec = 0;
      for (const [cmd, e] of after) {
        const b = r.before?.get(cmd) ?? { calls: 0, usec: 0 };
        // The observer's own INFO commandstats: one per node, before.
        const dc = e.calls - b.calls - (cmd === 'info' ? r.addresses.length : 0);
        const du = e.usec - b.usec;
        if (dc <= 0) continue;
        // Replication's own traffic (REPLCONF ACK, the master's PING to its replicas) is no client's doing;
        // PING counts only beyond that (the 'before' poll sent PINGs), taken from the RedisInsight run.
        if (cmd === 'replconf') continue;
        if (cmd === 'ping' && i !== 2) continue;
        calls += dc;
        usec += du;
        rows.push(`${cmd} ${dc}`);
      }
      totals.push(calls);
      const polled = r.scheduler?.counters.started ?? 0;
      console.log(
        `${contenders[i].name}: ${calls} commands (${(calls / Math.max(1, polled)).toFixed(1)} per poll, ${polled} polls), ` +
          `${(usec / 1000).toFixed(1)} ms of server time; ${rows.sort().join(', ')}`,
      );
    }
    const ratio = totals[0] / totals[1];
    console.log(
      `ours / RedisInsight = ${ratio.toFixed(2)} (goal <= 1: ${ratio <= 1 ? 'MET' : 'NOT MET'}); ` +
        `before / RedisInsight = ${(totals[2] / totals[1]).toFixed(2)}`,
    );
    return ratio <= 1 ? 0 : 1;
  } finally {
    for (const r of runs) {
      r.scheduler?.dispose();
      await r.session.close();
      await r.observer.close();
      await stopCluster(r.info);
    }
  }
}

runBench(main);
