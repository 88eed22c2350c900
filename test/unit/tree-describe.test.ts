import { strict as assert } from 'node:assert';
import { failingNodes, nodeHealth } from '../../src/core/topology/nodeHealth';
import type { NodeStats } from '../../src/core/monitoring/nodeStats';
import { buildShards, parseClusterInfo, parseClusterNodes, type Topology } from '../../src/core/topology/topology';
import {
  compactRanges,
  masterDescription,
  openSlotRows,
  openSlotText,
  replicaDescription,
  shardDescription,
  slotRowText,
  slotRows,
  summaryDescription,
} from '../../src/views/tree/describe';

const NODES = [
  'f0357034bff5f510a1d93e99320615c518e8d655 127.0.0.1:7900@17900 myself,master - 0 1795766432000 1 connected 0-5460',
  '1d7252f43e8e57f54e2025e4264d7bb78d37c274 127.0.0.1:7901@17901 master - 0 1795766432995 2 connected 5461-10922',
  'a103d326a6e2e68e7e97445ab88104728d522317 127.0.0.1:7902@17902 master - 0 1795766431586 3 connected 10923-16383',
  'f5042b452ef6071c8c71d9dbad80c462ce43c537 127.0.0.1:7905@17905 slave ' +
    'f0357034bff5f510a1d93e99320615c518e8d655 0 1795766431988 1 connected',
  '571f07b004ccd0e04ba6de3137fde293bf04688b 127.0.0.1:7904@17904 slave,fail ' +
    'a103d326a6e2e68e7e97445ab88104728d522317 1795766430000 1795766431000 3 disconnected',
  '2abcfe5a4216ebdf6ec3ddd43608a7f2cebe9d99 127.0.0.1:7903@17903 slave,fail? ' +
    '1d7252f43e8e57f54e2025e4264d7bb78d37c274 0 1795766431586 2 connected',
  '',
].join('\n');
const INFO =
  'cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n' +
  'cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:6\r\ncluster_size:3\r\ncluster_current_epoch:6\r\n';

function topo(text = NODES): Topology {
  const nodes = parseClusterNodes(text);
  return {
    source: '127.0.0.1:7900',
    nodes,
    shards: buildShards(nodes),
    info: parseClusterInfo(INFO),
    fetchedAt: 0,
    usedShardsCommand: false,
  };
}

const stat = (s: Partial<NodeStats>): NodeStats => ({ address: 'x', ms: 1, at: 0, ...s });

describe('tree descriptions', () => {
  it('compacts slot ranges like 0-5460 and caps fragmented lists', () => {
    assert.equal(compactRanges([[0, 5460]]), '0-5460');
    assert.equal(
      compactRanges([
        [0, 10],
        [12, 12],
        [20, 30],
      ]),
      '0-10,12,20-30',
    );
    assert.equal(
      compactRanges([
        [0, 1],
        [3, 4],
        [6, 7],
        [9, 9],
        [11, 11],
      ]),
      '0-1,3-4,6-7 +2 more',
    );
    assert.equal(compactRanges([]), 'no slots');
  });

  it('grades node health from flags: fail, pfail, handshake, noaddr', () => {
    const t = topo();
    const by = (port: number) => t.nodes.find((n) => n.port === port)!;
    assert.equal(nodeHealth(by(7900)), 'ok');
    assert.equal(nodeHealth(by(7904)), 'fail');
    assert.equal(nodeHealth(by(7903)), 'pfail');
    const odd = parseClusterNodes('aa 127.0.0.1:7910@17910 handshake - 0 0 0 connected\nbb :0@0 master,noaddr - 0 0 0 disconnected\n');
    assert.deepEqual(odd.map(nodeHealth), ['handshake', 'noaddr']);
    assert.deepEqual(
      failingNodes(t)
        .map((n) => n.port)
        .sort(),
      [7903, 7904],
    );
  });

  it('describes a master: short id, ranges, keys, memory, flags; loading while figures are on their way', () => {
    const m = topo().nodes[0];
    assert.equal(masterDescription(m, { loading: true }, 1), 'f0357034 · 0-5460 · loading…');
    assert.equal(
      masterDescription(m, { loading: false, stats: stat({ keys: 1234, usedMemory: 1910040 }) }, 1),
      'f0357034 · 0-5460 · 1,234 keys · 1.8 MiB',
    );
    assert.equal(masterDescription(m, { loading: false, stats: stat({ error: 'timeout' }) }, 1), 'f0357034 · 0-5460 · not answering');
    assert.match(masterDescription(m, { loading: false }, 0), /no replica$/);
  });

  it('describes a replica with link status and lag in bytes and seconds', () => {
    const t = topo();
    const replica = t.nodes.find((n) => n.port === 7905)!;
    const master = stat({
      address: '127.0.0.1:7900',
      replication: {
        role: 'master',
        offset: 1500,
        replicas: [{ address: '127.0.0.1:7905', state: 'online', offset: 1200, lagSeconds: 1 }],
      },
    });
    const self = stat({
      address: '127.0.0.1:7905',
      keys: 3,
      replication: { role: 'replica', offset: 1300, linkStatus: 'up', replicas: [] },
    });
    assert.equal(replicaDescription(replica, { loading: false, stats: self }, master), 'f5042b45 · link up · lag 200 B / 1 s · 3 keys');
    const failed = t.nodes.find((n) => n.port === 7904)!;
    assert.equal(
      replicaDescription(failed, { loading: false, stats: stat({ error: 'refused' }) }, undefined),
      '571f07b0 · not answering · fail',
    );
  });

  it('summarises the cluster and its shards', () => {
    const t = topo();
    assert.equal(summaryDescription(t.info, 2), 'slots 16384 assigned / 16384 ok / 0 pfail / 0 fail · epoch 6 · 6 nodes · 2 failing');
    assert.equal(t.shards.length, 3);
    assert.equal(shardDescription(t.shards[0]), '5461 slots · 1 replica');
    const lonely = topo(NODES.split('\n').slice(0, 3).join('\n'));
    assert.equal(shardDescription(lonely.shards[0]), '5461 slots · 0 replicas · no replica');
  });

  it('lists slot ranges with owners, unassigned gaps and open slots', () => {
    const gap = topo(
      NODES.replace(' 10923-16383', ' 10923-16000').replace(
        'connected 0-5460',
        'connected 0-5460 [5461->-1d7252f43e8e57f54e2025e4264d7bb78d37c274]',
      ),
    );
    const rows = slotRows(gap);
    assert.deepEqual(
      rows.map((r) => r.range),
      [
        [0, 5460],
        [5461, 10922],
        [10923, 16000],
        [16001, 16383],
      ],
    );
    assert.deepEqual(slotRowText(rows[0]), { label: '0-5460', description: '127.0.0.1:7900 · f0357034' });
    assert.deepEqual(slotRowText(rows[3]), { label: '16001-16383', description: 'unassigned' });
    const open = openSlotRows(gap);
    assert.equal(open.length, 1);
    assert.deepEqual(openSlotText(open[0]), { label: 'slot 5461 migrating', description: '127.0.0.1:7900 → 127.0.0.1:7901' });
  });
});
