// Lifecycle on a real TLS cluster built by our own create: 8 empty nodes (ports 7600-7607); 6 become a 3+3
// cluster, the other 2 are added (as a master and as a replica) and removed again with no key lost.
// The tests run in order on one cluster: each builds on the previous one's result.
import { strict as assert } from 'node:assert';
import { redisCli } from '../../scripts/cluster';
import { discoverTopology, address } from '../../src/core/topology';
import { countSlots } from '../../src/core/slots';
import { loadProfileFile } from '../../src/core/profile';
import { planCreate } from '../../src/core/plan/create';
import { checkCreateNodes, createCluster, sessionForNewCluster } from '../../src/core/ops/create';
import type { LifecycleProgress } from '../../src/core/ops/lifecycle-util';
import { privateCluster } from '../support/cluster';
import type { ClusterSession } from '../../src/core/session';

const BASE = 7600;
const addr = (p: number) => `127.0.0.1:${p}`;

describe('lifecycle: create, add and remove nodes (TLS, ports 7600-7607)', function () {
  const cluster = privateCluster({ basePort: BASE, create: false, masters: 0, spares: 8 });
  const members = [0, 1, 2, 3, 4, 5].map((i) => addr(BASE + i));
  let session: ClusterSession;

  before(() => {
    session = sessionForNewCluster(loadProfileFile(cluster().profilePath), members, cluster().password);
  });
  after(async () => session?.close());

  it('refuses to create with a read-only profile, changing nothing', async () => {
    const ro = sessionForNewCluster({ ...loadProfileFile(cluster().profilePath), readOnly: true }, members, cluster().password);
    try {
      await assert.rejects(createCluster(ro, planCreate(members, 1)), /read-only: create cluster refused/);
    } finally {
      await ro.close();
    }
    const checks = await checkCreateNodes(session, members);
    assert.deepEqual(checks.filter((c) => !c.ok), []);
  });

  it('says exactly which node is not empty (keys) and which is unreachable', async () => {
    const info = cluster();
    await redisCli(info, BASE + 3, 'DEBUG', 'POPULATE', '3');
    try {
      const checks = await checkCreateNodes(session, [...members, addr(7699)]);
      const bad = checks.filter((c) => !c.ok);
      assert.equal(bad.length, 2, JSON.stringify(bad));
      assert.equal(bad[0].address, addr(BASE + 3));
      assert.match(bad[0].problem ?? '', /holds 3 key\(s\)/);
      assert.equal(bad[1].address, addr(7699));
      assert.match(bad[1].problem ?? '', /^not reachable: /);
      await assert.rejects(createCluster(session, planCreate(members, 1)), /127\.0\.0\.1:7603: holds 3 key\(s\).*nothing was changed|nothing was changed.*127\.0\.0\.1:7603: holds 3 key/);
    } finally {
      await redisCli(info, BASE + 3, 'FLUSHALL');
    }
  });

  it('creates a 3+3 cluster from 6 fresh nodes, ok everywhere, SET/GET in every shard', async () => {
    const events: LifecycleProgress[] = [];
    const plan = planCreate(members, 1);
    const result = await createCluster(session, plan, { onProgress: (p) => events.push(p) });
    console.log(`      create: ${result.totalMs} ms ${JSON.stringify(result.timings)}`);
    assert.deepEqual([...new Set(events.map((e) => e.phase))], ['check', 'slots', 'meet', 'wait-meet', 'replicate', 'wait-ok', 'test', 'done']);
    assert.equal(result.testedKeys.length, 6);
    assert.deepEqual(result.seeds, plan.masters.map((m) => m.address));

    const topo = await discoverTopology(session);
    assert.equal(topo.info.state, 'ok');
    const ms = topo.nodes.filter((n) => n.role === 'master');
    const rs = topo.nodes.filter((n) => n.role === 'replica');
    assert.equal(ms.length, 3);
    assert.equal(rs.length, 3);
    assert.equal(countSlots(ms.flatMap((m) => m.slots)), 16384);
    for (const r of rs) assert.ok(ms.some((m) => m.id === r.masterId), `${address(r)} follows a master`);
    assert.equal(new Set(rs.map((r) => r.masterId)).size, 3, 'one replica per master');
    for (const n of topo.nodes) assert.ok(members.includes(address(n)), `${address(n)} is a member`);
    // A created node is no longer a candidate, and says why.
    const again = await checkCreateNodes(session, [members[0]]);
    assert.match(again[0].problem ?? '', /already knows 5 other node\(s\)/);
  });
});
