// A node that accepts connections but never answers must be marked slow within the deadline, not awaited.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { withDeadline } from '../../src/core/common/deadline';
import { pollMetrics } from '../../src/core/monitoring/metrics';
import { ClusterSession } from '../../src/core/connection/session';
import { parseClusterNodes, type Topology, parseClusterInfo } from '../../src/core/topology/topology';

describe('metrics: deadlines', () => {
  let server: net.Server;
  const sockets = new Set<net.Socket>();
  let port = 0;

  before(async () => {
    server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('withDeadline rejects late work and passes early work through', async () => {
    assert.equal(await withDeadline(Promise.resolve(7), 50, 'x'), 7);
    await assert.rejects(withDeadline(new Promise(() => undefined), 30, 'node 1:2 INFO'), /node 1:2 INFO did not answer within 30 ms/);
    const ctl = new AbortController();
    const p = withDeadline(new Promise(() => undefined), 5000, 'x', ctl.signal);
    ctl.abort();
    await assert.rejects(p, /cancelled/);
  });

  it('marks a silent node as timed out and returns on time', async function () {
    this.timeout(10000);
    const session = new ClusterSession({ name: 't', nodes: [`127.0.0.1:${port}`] }, { commandTimeoutMs: 1500, connectTimeoutMs: 1500 });
    const topo: Topology = {
      source: 'test',
      fetchedAt: 0,
      usedShardsCommand: false,
      shards: [],
      nodes: parseClusterNodes(`s1 127.0.0.1:${port}@1 master - 0 0 1 connected 0-16383\n`),
      info: parseClusterInfo(''),
    };
    const t0 = Date.now();
    const snap = await pollMetrics(session, topo, { timeoutMs: 300 });
    const took = Date.now() - t0;
    assert.ok(took < 1000, `poll took ${took} ms with a 300 ms deadline`);
    assert.equal(snap.nodes.length, 1);
    assert.equal(snap.nodes[0].ok, false);
    assert.equal(snap.nodes[0].timedOut, true);
    assert.match(snap.nodes[0].error ?? '', new RegExp(`127\\.0\\.0\\.1:${port}.*300 ms`));
    assert.equal(snap.cluster.state, 'unknown');
    await session.close();
  });
});
