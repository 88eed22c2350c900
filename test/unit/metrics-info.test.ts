import { strict as assert } from 'node:assert';
import { parseInfo } from '../../src/core/monitoring/info';
import { clusterLevel, fillReplicationLag, latencyStats, nodeMetrics, parseInfoList } from '../../src/core/monitoring/metrics';
import { parseClusterInfo, parseClusterNodes } from '../../src/core/topology/topology';

const [MASTER, REPLICA] = parseClusterNodes(`m1 127.0.0.1:7100@17100 myself,master - 0 0 1 connected 0-16383
r1 127.0.0.1:7103@17103 slave m1 0 0 1 connected
`);

const MASTER_INFO = `# Server\r
redis_version:7.0.15\r
\r
# Clients\r
connected_clients:7\r
# Memory\r
used_memory:2097152\r
used_memory_peak:4194304\r
maxmemory:0\r
# Stats\r
instantaneous_ops_per_sec:1234\r
keyspace_hits:30\r
keyspace_misses:10\r
expired_keys:5\r
evicted_keys:2\r
# Replication\r
role:master\r
connected_slaves:1\r
slave0:ip=127.0.0.1,port=7103,state=online,offset=900,lag=1\r
master_repl_offset:1000\r
# Keyspace\r
db0:keys=150,expires=3,avg_ttl=0\r
db1:keys=2,expires=0,avg_ttl=0\r
`;

const REPLICA_INFO = `# Replication
role:slave
master_host:127.0.0.1
master_link_status:up
master_last_io_seconds_ago:4
slave_repl_offset:900
master_repl_offset:900
# Stats
keyspace_hits:0
keyspace_misses:0
`;

const CLUSTER_INFO = `cluster_state:ok
cluster_slots_assigned:16384
cluster_slots_ok:16384
cluster_slots_pfail:0
cluster_slots_fail:0
cluster_known_nodes:6
cluster_size:3
cluster_current_epoch:6
cluster_my_epoch:1
cluster_stats_messages_sent:5000
cluster_stats_messages_received:4900
`;

describe('metrics: INFO parsing', () => {
  it('flattens sections and skips headers and blank lines', () => {
    const info = parseInfo(MASTER_INFO);
    assert.equal(info.redis_version, '7.0.15');
    assert.equal(info.used_memory, '2097152');
    assert.equal(
      Object.keys(info).some((k) => k.startsWith('#')),
      false,
    );
    assert.deepEqual(parseInfoList(info.db0), { keys: '150', expires: '3', avg_ttl: '0' });
  });

  it('reads a master: memory, ops, clients, hit ratio, expired/evicted, offset, keys, bus messages', () => {
    const m = nodeMetrics(MASTER, MASTER_INFO, CLUSTER_INFO, [1, 2, 6]);
    assert.equal(m.ok, true);
    assert.equal(m.role, 'master');
    assert.equal(m.usedMemory, 2097152);
    assert.equal(m.usedMemoryPeak, 4194304);
    assert.equal(m.opsPerSec, 1234);
    assert.equal(m.connectedClients, 7);
    assert.equal(m.hitRatio, 0.75);
    assert.equal(m.expired, 5);
    assert.equal(m.evicted, 2);
    assert.equal(m.replOffset, 1000);
    assert.equal(m.keys, 152);
    assert.equal(m.busSent, 5000);
    assert.equal(m.busReceived, 4900);
    assert.equal(m.clusterState, 'ok');
    assert.deepEqual(m.latency, { minMs: 1, avgMs: 3, maxMs: 6, samples: 3 });
  });

  it('has no hit ratio before the first lookup, and no latency without samples', () => {
    const r = nodeMetrics(REPLICA, REPLICA_INFO, CLUSTER_INFO, []);
    assert.equal(r.hitRatio, null);
    assert.equal(r.latency, null);
    assert.equal(latencyStats([]), null);
  });

  it("computes replica lag from the master's offset and the master's view of the replica", () => {
    const m = nodeMetrics(MASTER, MASTER_INFO, CLUSTER_INFO, [1]);
    const r = nodeMetrics(REPLICA, REPLICA_INFO, CLUSTER_INFO, [1]);
    assert.equal(r.role, 'replica');
    assert.equal(r.linkStatus, 'up');
    assert.equal(r.lagSeconds, 4);
    fillReplicationLag([m, r], new Map([[m.id, parseInfo(MASTER_INFO)]]));
    assert.equal(r.lagBytes, 100);
    assert.equal(r.lagSeconds, 1, "the master's lag field wins over last I/O");
    assert.equal(m.lagBytes, undefined);
  });

  it('summarises the cluster from a master and flags disagreement', () => {
    const m = nodeMetrics(MASTER, MASTER_INFO, CLUSTER_INFO, [1]);
    const r = nodeMetrics(REPLICA, REPLICA_INFO, CLUSTER_INFO, [1]);
    const ok = parseClusterInfo(CLUSTER_INFO);
    const level = clusterLevel(
      [r, m],
      new Map([
        [m.id, ok],
        [r.id, ok],
      ]),
    );
    assert.equal(level.state, 'ok');
    assert.equal(level.source, '127.0.0.1:7100');
    assert.equal(level.slotsOk, 16384);
    assert.equal(level.currentEpoch, 6);
    assert.equal(level.agree, true);
    const fail = parseClusterInfo(CLUSTER_INFO.replace('cluster_state:ok', 'cluster_state:fail'));
    assert.equal(
      clusterLevel(
        [m, r],
        new Map([
          [m.id, ok],
          [r.id, fail],
        ]),
      ).agree,
      false,
    );
    assert.equal(clusterLevel([], new Map()).state, 'unknown');
  });
});
