import { type AddressInfo, createServer } from 'node:net';
import { strict as assert } from 'node:assert';
import { readAllNodeStats, readNodeStats, replicaLag } from '../../src/core/monitoring/nodeStats';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nodeStats on the shared TLS cluster', () => {
  it('reads keys, memory and replication of every node in one parallel pass', async () => {
    const info = await sharedCluster();
    const session = sessionFor(info);
    try {
      const t = await discoverTopology(session);
      const seen: string[] = [];
      const t0 = Date.now();
      const all = await readAllNodeStats(session, t.nodes.map(address), { timeoutMs: 3000, onNode: (s) => seen.push(s.address) });
      const ms = Date.now() - t0;
      assert.equal(all.size, 6);
      assert.equal(seen.length, 6);
      for (const n of t.nodes) {
        const s = all.get(address(n));
        assert.ok(s && !s.error, `${address(n)}: ${s?.error}`);
        assert.equal(typeof s.keys, 'number');
        assert.ok((s.usedMemory ?? 0) > 100_000, `${address(n)} used_memory ${s.usedMemory}`);
        assert.equal(s.replication?.role, n.role);
        if (n.role === 'replica') {
          assert.equal(s.replication?.linkStatus, 'up');
          const master = t.nodes.find((m) => m.id === n.masterId);
          assert.ok(master);
          const lag = replicaLag(all.get(address(master)), s, address(n));
          assert.ok(lag.bytes !== undefined && lag.bytes >= 0, `lag bytes ${lag.bytes}`);
          assert.ok(lag.seconds !== undefined, 'master lists the replica by its TLS port');
        }
      }
      console.log(`      6 nodes' stats in ${ms} ms`);
    } finally {
      await session.close();
    }
  });

  it('a node that does not answer costs at most the timeout and reports why', async () => {
    const info = await sharedCluster();
    const session = sessionFor(info, { commandTimeoutMs: 1000 });
    try {
      // A port the OS just handed out and took back: nothing listens there.
      const dead = `127.0.0.1:${await freePort()}`;
      const t0 = Date.now();
      const s = await readNodeStats(session, dead, { timeoutMs: 1500 });
      assert.ok(Date.now() - t0 < 2500, `took ${Date.now() - t0} ms`);
      assert.match(s.error ?? '', /refused|no answer/);
      assert.equal(s.keys, undefined);
    } finally {
      await session.close();
    }
  });
});
