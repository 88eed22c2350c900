// Hand-made gathered data for the Diagnose rules: a healthy 3 masters + 3 replicas cluster on six hosts, built
// from CLUSTER NODES text as each node would answer, plus helpers that break one thing at a time.
import { parseClusterInfo, parseClusterNodes } from '../../src/core/topology/topology';
import type { Gathered, NodeProbe } from '../../src/core/diagnose';

export interface Line {
  id: string;
  host: string;
  port: number;
  master?: string;
  epoch: number;
  slots?: string;
  flags?: string[];
}

export const HEALTHY: Line[] = [
  { id: 'm1', host: '10.0.0.1', port: 6379, epoch: 1, slots: '0-5460' },
  { id: 'm2', host: '10.0.0.2', port: 6379, epoch: 2, slots: '5461-10922' },
  { id: 'm3', host: '10.0.0.3', port: 6379, epoch: 3, slots: '10923-16383' },
  { id: 'r1', host: '10.0.0.4', port: 6379, epoch: 1, master: 'm1' },
  { id: 'r2', host: '10.0.0.5', port: 6379, epoch: 2, master: 'm2' },
  { id: 'r3', host: '10.0.0.6', port: 6379, epoch: 3, master: 'm3' },
];

export const addr = (l: Line) => `${l.host}:${l.port}`;

export function nodesText(lines: Line[], self: string, extraFlags: Record<string, string[]> = {}): string {
  return lines
    .map((l) => {
      const role = l.master ? 'slave' : 'master';
      const flags = [...(l.id === self ? ['myself'] : []), role, ...(l.flags ?? []), ...(extraFlags[l.id] ?? [])].join(',');
      return `${l.id} ${addr(l)}@${l.port + 10000} ${flags} ${l.master ?? '-'} 0 0 ${l.epoch} connected ${l.slots ?? ''}`.trim();
    })
    .join('\n');
}

export const CONFIG: Record<string, string> = {
  'cluster-node-timeout': '5000',
  maxmemory: '0',
  'maxmemory-policy': 'noeviction',
  'cluster-require-full-coverage': 'yes',
  'cluster-allow-reads-when-down': 'no',
  appendonly: 'no',
  port: '0',
  'tls-port': '6379',
  'tls-replication': 'yes',
  'tls-cluster': 'yes',
  'protected-mode': 'yes',
  'latency-monitor-threshold': '100',
};

export function probeOf(lines: Line[], self: Line, over: Partial<NodeProbe> = {}, known: Line[] = lines): NodeProbe {
  const replica = !!self.master;
  return {
    address: addr(self),
    reachable: true,
    pingMs: 1,
    view: parseClusterNodes(nodesText(known, self.id)),
    clusterInfo: parseClusterInfo('cluster_state:ok\r\ncluster_slots_assigned:16384\r\n'),
    info: replica
      ? {
          role: 'slave',
          master_link_status: 'up',
          slave_repl_offset: '1000',
          master_last_io_seconds_ago: '1',
          used_memory: '1000000',
          mem_fragmentation_ratio: '3',
        }
      : {
          role: 'master',
          master_repl_offset: '1000',
          used_memory: '1000000',
          mem_fragmentation_ratio: '3',
          evicted_keys: '0',
          db0: 'keys=10,expires=0,avg_ttl=0',
        },
    config: { ...CONFIG },
    latency: [],
    slowlog: [],
    aclLog: [],
    defaultUser: { on: true, nopass: false },
    denied: [],
    errors: [],
    ...over,
  };
}

export function gathered(nodes: NodeProbe[], over: Partial<Gathered> = {}): Gathered {
  return {
    profile: { name: 't', username: 'app', seeds: [nodes[0]?.address ?? ''], tls: true },
    nodes,
    user: { username: 'app', allowed: [] },
    password: { set: true },
    bigKeys: [],
    limits: { timeoutMs: 2000, bigKeyBytes: 1024 * 1024, scanBudgetMs: 1000, scanMaxKeys: 20000 },
    startedAt: 0,
    elapsedMs: 5,
    ...over,
  };
}

/** The healthy cluster, with per-node overrides by id. */
export function healthy(over: Record<string, Partial<NodeProbe>> = {}, lines: Line[] = HEALTHY): Gathered {
  return gathered(lines.map((l) => probeOf(lines, l, over[l.id])));
}
