import { strict as assert } from 'node:assert';
import { buildShards, parseClusterInfo, parseClusterNodes, parseClusterShards } from '../../src/core/topology/topology';

const NODES = `a1 127.0.0.1:7100@17100 myself,master - 0 0 1 connected 0-5460 [5461->-b2]
b2 127.0.0.1:7101@17101 master - 0 1700000000000 2 connected 5461-10922 [5461-<-a1]
c3 127.0.0.1:7102@17102 master,fail? - 1700000000000 0 3 disconnected 10923-16383
d4 127.0.0.1:7103@17103 slave a1 0 1700000000000 1 connected
e5 127.0.0.1:7104@17104,node-e slave,fail b2 0 0 2 disconnected
f6 :0@0 slave,noaddr zz 0 0 0 disconnected
`;

describe('topology parsing', () => {
  const nodes = parseClusterNodes(NODES);
  it('reads ids, roles, flags and slots', () => {
    assert.equal(nodes.length, 6);
    const [a, b, c, d, e] = nodes;
    assert.equal(a.myself, true);
    assert.deepEqual(a.slots, [[0, 5460]]);
    assert.deepEqual(a.migrating, [{ slot: 5461, peer: 'b2' }]);
    assert.deepEqual(b.importing, [{ slot: 5461, peer: 'a1' }]);
    assert.deepEqual(c.flags, ['fail?']);
    assert.equal(c.linkState, 'disconnected');
    assert.equal(d.role, 'replica');
    assert.equal(d.masterId, 'a1');
    assert.equal(e.hostname, 'node-e');
    assert.deepEqual(e.flags, ['fail']);
  });
  it('groups shards by master, keeping orphans', () => {
    const shards = buildShards(nodes);
    assert.equal(shards.length, 4);
    assert.equal(shards[0].master?.id, 'a1');
    assert.deepEqual(
      shards[0].replicas.map((r) => r.id),
      ['d4'],
    );
    assert.ok(shards.some((s) => !s.master && s.replicas[0].id === 'f6'));
  });
  it('parses CLUSTER INFO and CLUSTER SHARDS', () => {
    const info = parseClusterInfo(
      'cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_known_nodes:6\r\ncluster_current_epoch:6\r\n',
    );
    assert.equal(info.state, 'ok');
    assert.equal(info.knownNodes, 6);
    const shards = parseClusterShards([
      ['slots', [0, 5460], 'nodes', [['id', 'a1', 'tls-port', 7100, 'role', 'master', 'replication-offset', 42, 'health', 'online']]],
    ]);
    assert.deepEqual(shards, [[{ id: 'a1', offset: 42, health: 'online' }]]);
  });
});
