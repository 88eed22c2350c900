import { strict as assert } from 'node:assert';
import { parseInfo } from '../../src/core/monitoring/info';
import { type NodeStats, parseReplication, replicaLag } from '../../src/core/monitoring/nodeStats';

// Captured from a Redis 7.0.15 TLS cluster (scripts/cluster.ts), with offsets edited to show lag.
const MASTER_REPL = `# Replication\r
role:master\r
connected_slaves:1\r
slave0:ip=127.0.0.1,port=7905,state=online,offset=1200,lag=1\r
master_failover_state:no-failover\r
master_replid:6543180c3ac0862e1c9d9b0c55799b8eba4c9857\r
master_repl_offset:1500\r
second_repl_offset:-1\r
`;
const REPLICA_REPL = `# Replication\r
role:slave\r
master_host:127.0.0.1\r
master_port:7900\r
master_link_status:up\r
master_last_io_seconds_ago:4\r
master_sync_in_progress:0\r
slave_read_repl_offset:1300\r
slave_repl_offset:1300\r
slave_priority:100\r
connected_slaves:0\r
master_repl_offset:1300\r
`;
const REPLICA_DOWN = `# Replication
role:slave
master_host:127.0.0.1
master_port:7900
master_link_status:down
master_last_io_seconds_ago:-1
master_sync_in_progress:0
slave_repl_offset:1000
master_link_down_since_seconds:12
`;

const stats = (address: string, text: string): NodeStats => ({ address, replication: parseReplication(text), ms: 1, at: 0 });

describe('nodeStats INFO parsing', () => {
  it('parses INFO fields, skipping section headers and blank lines', () => {
    const f = parseInfo(
      '# Memory\r\nused_memory:1910040\r\nused_memory_human:1.82M\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\n',
    );
    assert.equal(f.used_memory, '1910040');
    assert.equal(f.used_memory_human, '1.82M');
    assert.equal(f.db0, 'keys=3,expires=0,avg_ttl=0');
    assert.equal(Object.keys(f).length, 3);
  });

  it("reads a master's replicas with their offsets and ack lag", () => {
    const r = parseReplication(MASTER_REPL);
    assert.equal(r.role, 'master');
    assert.equal(r.offset, 1500);
    assert.deepEqual(r.replicas, [{ address: '127.0.0.1:7905', state: 'online', offset: 1200, lagSeconds: 1 }]);
  });

  it("reads a replica's link status, master and offset", () => {
    const r = parseReplication(REPLICA_REPL);
    assert.equal(r.role, 'replica');
    assert.equal(r.masterAddress, '127.0.0.1:7900');
    assert.equal(r.linkStatus, 'up');
    assert.equal(r.offset, 1300);
    assert.equal(r.lastIoSecondsAgo, 4);
    assert.equal(r.syncInProgress, false);
  });

  it('reports a broken link with how long it has been down', () => {
    const r = parseReplication(REPLICA_DOWN);
    assert.equal(r.linkStatus, 'down');
    assert.equal(r.linkDownSinceSeconds, 12);
  });

  it("computes lag in bytes from the offsets and seconds from the master's view", () => {
    const lag = replicaLag(stats('127.0.0.1:7900', MASTER_REPL), stats('127.0.0.1:7905', REPLICA_REPL), '127.0.0.1:7905');
    assert.deepEqual(lag, { bytes: 200, seconds: 1 });
  });

  it("falls back to the replica's own figures when the master did not list it", () => {
    const lag = replicaLag(undefined, stats('127.0.0.1:7905', REPLICA_REPL), '127.0.0.1:7905');
    assert.deepEqual(lag, { bytes: undefined, seconds: 4 });
    const viaMasterOnly = replicaLag(stats('127.0.0.1:7900', MASTER_REPL), undefined, '127.0.0.1:7905');
    assert.deepEqual(viaMasterOnly, { bytes: 300, seconds: 1 });
  });

  it('brackets IPv6 replica addresses', () => {
    const r = parseReplication('role:master\nmaster_repl_offset:0\nslave0:ip=::1,port=7001,state=online,offset=0,lag=0\n');
    assert.equal(r.replicas[0].address, '[::1]:7001');
  });
});
