// Metrics and slow log against the real shared TLS cluster (read-only, apart from one node's slowlog
// threshold, which is restored).
import { strict as assert } from 'node:assert';
import { pollMetrics } from '../../src/core/monitoring/metrics';
import type { ClusterSession } from '../../src/core/connection/session';
import { fetchSlowlogs } from '../../src/core/monitoring/slowlog';
import { type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

describe('metrics (shared TLS cluster)', function () {
  this.timeout(60000);
  let session: ClusterSession;
  let topo: Topology;

  before(async () => {
    session = sessionFor(await sharedCluster());
    topo = await discoverTopology(session);
  });
  after(() => session?.close());

  it('polls every node: role, memory, latency, bus messages, replica lag, cluster state', async () => {
    const snap = await pollMetrics(session, topo, { pingSamples: 3 });
    assert.equal(snap.nodes.length, topo.nodes.length);
    for (const n of snap.nodes) {
      assert.equal(n.ok, true, `${n.address}: ${n.error}`);
      assert.ok(n.usedMemory > 0 && n.usedMemoryPeak >= n.usedMemory * 0.5, `${n.address} memory ${n.usedMemory}/${n.usedMemoryPeak}`);
      assert.ok(n.connectedClients >= 1);
      assert.ok(
        n.latency &&
          n.latency.samples === 3 &&
          n.latency.minMs > 0 &&
          n.latency.minMs <= n.latency.avgMs &&
          n.latency.avgMs <= n.latency.maxMs,
      );
      assert.ok(n.busSent > 0 && n.busReceived > 0, `${n.address} bus ${n.busSent}/${n.busReceived}`);
      assert.equal(n.clusterState, 'ok');
      assert.equal(n.role, topo.nodes.find((t) => t.id === n.id)?.role);
    }
    const replicas = snap.nodes.filter((n) => n.role === 'replica');
    assert.ok(replicas.length >= 3);
    for (const r of replicas) {
      assert.equal(r.linkStatus, 'up');
      assert.ok(r.lagBytes !== undefined && r.lagBytes >= 0, `${r.address} lag ${r.lagBytes}`);
      assert.ok(r.lagSeconds !== undefined);
    }
    assert.equal(snap.cluster.state, 'ok');
    assert.equal(snap.cluster.slotsOk, 16384);
    assert.equal(snap.cluster.agree, true);
    assert.ok(snap.cluster.currentEpoch >= 1);
  });

  it('merges the slow logs of all nodes, newest first', async () => {
    const master = topo.nodes.find((n) => n.role === 'master');
    assert.ok(master);
    const client = await session.node(address(master));
    const [, before] = (await client.config('GET', 'slowlog-log-slower-than')) as [string, string];
    const marker = `slowlog-probe-${process.pid}-${Date.now()}`;
    try {
      await client.config('SET', 'slowlog-log-slower-than', '0');
      await client.call('ECHO', marker);
    } finally {
      await client.config('SET', 'slowlog-log-slower-than', before);
    }
    const { entries, errors } = await fetchSlowlogs(session, topo, { count: 128 });
    assert.deepEqual(errors, []);
    const mine = entries.find((e) => e.args.includes(marker));
    assert.ok(mine, 'the probe command is missing from the merged slow log');
    assert.equal(mine.node, address(master));
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].time >= entries[i].time);
  });
});
