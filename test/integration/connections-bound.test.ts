// A session holds at most one connection per node, however many reads run at once: counted on the server
// side (CLIENT LIST on every node), by the name the session gives its connections.
import * as assert from 'node:assert/strict';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { readAllNodeStats } from '../../src/core/monitoring/nodeStats';
import { checkCluster } from '../../src/core/admin/ops/check';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

async function connectionsNamed(observer: ClusterSession, addresses: string[], name: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await Promise.all(
    addresses.map(async (a) => {
      const list = String(await (await observer.node(a)).call('CLIENT', 'LIST', 'TYPE', 'normal'));
      out.set(a, list.split('\n').filter((l) => l.includes(` name=${name} `)).length);
    }),
  );
  return out;
}

describe('connections per session', function () {
  this.timeout(60000);

  it('opens one connection per node, reused by concurrent topology, check, distribution and stats reads', async () => {
    const info = await sharedCluster();
    const name = `bound-${process.pid}-${Date.now()}`;
    const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password, connectionName: name });
    const observer = sessionFor(info);
    try {
      const topo = await discoverTopology(session);
      const addresses = topo.nodes.map(address);
      // Everything at once, before any node connection exists beyond the seed: concurrent first uses must share one.
      await Promise.all([
        checkCluster(session),
        checkCluster(session),
        discoverTopology(session),
        countKeysPerSlot(session, topo),
        readAllNodeStats(session, addresses),
        readAllNodeStats(session, addresses),
      ]);
      await checkCluster(session);
      const counts = await connectionsNamed(observer, addresses, name);
      assert.equal(counts.size, 6);
      for (const [a, n] of counts) assert.equal(n, 1, `${a}: ${n} connections of the session (expected exactly 1)`);
      await session.close();
      const after = await connectionsNamed(observer, addresses, name);
      assert.deepEqual([...after.values()], [0, 0, 0, 0, 0, 0], 'closing the session closes every connection');
    } finally {
      await session.close();
      await observer.close();
    }
  });
});
