// The periodic poll behind the explorer, the status bar and the dashboard's metrics tab, in one pass:
// CLUSTER INFO + CLUSTER NODES from one master, and one INFO per node (its round trip is the latency sample).
// That is RedisInsight's documented poll (INFO per node + CLUSTER INFO + CLUSTER SHARDS) in command count,
// and nothing in it grows with keys or with slots x nodes.
// A master shows its open (migrating/importing) slots only in its own CLUSTER NODES line, so the master asked
// turns each poll: every master's own line is seen within one round of polls, and the last one seen is kept.
import { serverIdentity } from '../topology/server';
import { DeadlineError, withDeadline } from '../common/deadline';
import { errorText } from '../common/errors';
import { address } from '../common/format';
import { parseInfo } from './info';
import { type MetricsSnapshot, clusterLevel, emptyMetrics, fillReplicationLag, nodeMetrics } from './metrics';
import { type NodeStats, parseReplication } from './nodeStats';
import type { ClusterSession } from '../connection/session';
import {
  type ClusterInfo,
  type OpenSlot,
  type Topology,
  buildShards,
  discoverTopology,
  parseClusterInfo,
  parseClusterNodes,
} from '../topology/topology';

export interface LightPollResult {
  topology: Topology;
  stats: Map<string, NodeStats>;
  metrics: MetricsSnapshot;
}

export interface LightPollOptions {
  /** Per node deadline (ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface OwnView {
  migrating: OpenSlot[];
  importing: OpenSlot[];
}

function statsFromInfo(addr: string, info: Record<string, string>, text: string, ms: number): NodeStats {
  const keys = Object.keys(info)
    .filter((k) => /^db\d+$/.test(k))
    .reduce((a, k) => a + Number(/(?:^|,)keys=(\d+)/.exec(info[k])?.[1] ?? 0), 0);
  return {
    address: addr,
    keys,
    usedMemory: Number(info.used_memory ?? 0),
    usedMemoryHuman: info.used_memory_human,
    replication: parseReplication(text),
    server: serverIdentity(info),
    ms,
    at: Date.now(),
  };
}

export class LightPoller {
  private turn = 0;
  private last: Topology | undefined;
  private readonly own = new Map<string, OwnView>();

  constructor(private readonly session: ClusterSession) {}

  /** One poll. Throws only when no node at all can give the topology. */
  async poll(opts: LightPollOptions = {}): Promise<LightPollResult> {
    const t0 = performance.now();
    const timeoutMs = opts.timeoutMs ?? 3000;
    const topology = await this.readTopology(timeoutMs);
    const nodes = topology.nodes.filter((n) => n.port > 0 && !n.flags.includes('noaddr') && !n.flags.includes('handshake'));
    const stats = new Map<string, NodeStats>();
    const infos = new Map<string, Record<string, string>>();
    const metrics = await Promise.all(
      nodes.map(async (node) => {
        const addr = address(node);
        const start = performance.now();
        try {
          const text = String(
            await withDeadline(
              this.session.node(addr).then((c) => c.info()),
              timeoutMs,
              `${addr}: INFO`,
              opts.signal,
            ),
          );
          const ms = performance.now() - start;
          const info = parseInfo(text);
          infos.set(node.id, info);
          stats.set(addr, statsFromInfo(addr, info, text, ms));
          return nodeMetrics(node, text, '', [ms]);
        } catch (e) {
          if (opts.signal?.aborted) throw e;
          const slow = e instanceof DeadlineError;
          stats.set(addr, { address: addr, error: errorText(e), ms: performance.now() - start, at: Date.now() });
          return emptyMetrics(node, errorText(e), slow);
        }
      }),
    );
    for (const m of metrics) m.clusterState = undefined;
    fillReplicationLag(metrics, new Map([...infos].filter(([id]) => metrics.find((m) => m.id === id)?.role === 'master')));
    const seed = topology.nodes.find((n) => n.myself);
    const levels = new Map<string, ClusterInfo>(seed ? [[seed.id, topology.info]] : []);
    return {
      topology,
      stats,
      metrics: { at: Date.now(), elapsedMs: performance.now() - t0, cluster: clusterLevel(metrics, levels), nodes: metrics },
    };
  }

  /** CLUSTER INFO + NODES from the next master in turn; the full discovery when none of the known ones answers. */
  private async readTopology(timeoutMs: number): Promise<Topology> {
    const masters = (this.last?.nodes ?? [])
      .filter((n) => n.role === 'master' && n.port > 0 && !n.flags.includes('fail') && !n.flags.includes('noaddr'))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    let topo: Topology | undefined;
    if (masters.length) {
      const seed = masters[this.turn++ % masters.length];
      const source = address(seed);
      try {
        const client = await this.session.node(source);
        const read = client.pipeline().cluster('INFO').cluster('NODES').exec();
        const results = await withDeadline(read, timeoutMs, `${source}: CLUSTER INFO/NODES`);
        if (!results || results.some(([err]) => err)) throw new Error(`${source}: no reply to CLUSTER INFO/NODES`);
        const nodes = parseClusterNodes(String(results[1][1]));
        topo = {
          source,
          nodes,
          shards: buildShards(nodes),
          info: parseClusterInfo(String(results[0][1])),
          fetchedAt: Date.now(),
          usedShardsCommand: false,
        };
      } catch {
        topo = undefined;
      }
    }
    topo ??= await discoverTopology(this.session, { openSlots: false });
    for (const n of topo.nodes) {
      if (n.myself) this.own.set(n.id, { migrating: n.migrating, importing: n.importing });
      else if (n.role === 'master') {
        const seen = this.own.get(n.id);
        if (seen) {
          n.migrating = seen.migrating;
          n.importing = seen.importing;
        }
      }
    }
    this.last = topo;
    return topo;
  }
}
