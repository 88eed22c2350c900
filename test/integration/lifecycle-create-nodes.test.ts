// Lifecycle on a real TLS cluster built by our own create: 8 empty nodes; 6 become a 3+3
// cluster, the other 2 are added (as a master and as a replica) and removed again with no key lost.
// The tests run in order on one cluster: each builds on the previous one's result.
import { strict as assert } from 'node:assert';
import { redisCli } from '../../scripts/cluster';
import { discoverTopology, address } from '../../src/core/topology/topology';
import { countSlots } from '../../src/core/topology/slots';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { planCreate } from '../../src/core/admin/plan/create';
import { checkCreateNodes, createCluster, sessionForNewCluster } from '../../src/core/admin/ops/create';
import type { LifecycleProgress } from '../../src/core/admin/ops/lifecycle-util';
import { privateCluster } from '../support/cluster';
import type { ClusterSession } from '../../src/core/connection/session';
import { addNode } from '../../src/core/admin/ops/addNode';
import { removeNode } from '../../src/core/admin/ops/removeNode';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { basePort } from '../support/ports';

const BASE = basePort('lifecycleCreate');
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const addr = (p: number) => `127.0.0.1:${p}`;

describe('lifecycle: create, add and remove nodes (TLS)', function () {
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
    assert.deepEqual(
      checks.filter((c) => !c.ok),
      [],
    );
  });

  it('says exactly which node is not empty (keys) and which is unreachable', async () => {
    const info = cluster();
    await redisCli(info, BASE + 3, 'DEBUG', 'POPULATE', '3');
    try {
      const checks = await checkCreateNodes(session, [...members, addr(BASE + 99)]);
      const bad = checks.filter((c) => !c.ok);
      assert.equal(bad.length, 2, JSON.stringify(bad));
      assert.equal(bad[0].address, addr(BASE + 3));
      assert.match(bad[0].problem ?? '', /holds 3 key\(s\)/);
      assert.equal(bad[1].address, addr(BASE + 99));
      assert.match(bad[1].problem ?? '', /^not reachable: /);
      await assert.rejects(
        createCluster(session, planCreate(members, 1)),
        new RegExp(
          `${esc(addr(BASE + 3))}: holds 3 key\\(s\\).*nothing was changed|nothing was changed.*${esc(addr(BASE + 3))}: holds 3 key`,
        ),
      );
    } finally {
      await redisCli(info, BASE + 3, 'FLUSHALL');
    }
  });

  it('creates a 3+3 cluster from 6 fresh nodes, ok everywhere, SET/GET in every shard', async () => {
    const events: LifecycleProgress[] = [];
    const plan = planCreate(members, 1);
    const result = await createCluster(session, plan, { onProgress: (p) => events.push(p) });
    console.log(`      create: ${result.totalMs} ms ${JSON.stringify(result.timings)}`);
    assert.deepEqual(
      [...new Set(events.map((e) => e.phase))],
      ['check', 'slots', 'meet', 'wait-meet', 'replicate', 'wait-ok', 'test', 'done'],
    );
    assert.equal(result.testedKeys.length, 6);
    assert.deepEqual(
      result.seeds,
      plan.masters.map((m) => m.address),
    );

    const topo = await discoverTopology(session);
    assert.equal(topo.info.state, 'ok');
    const ms = topo.nodes.filter((n) => n.role === 'master');
    const rs = topo.nodes.filter((n) => n.role === 'replica');
    assert.equal(ms.length, 3);
    assert.equal(rs.length, 3);
    assert.equal(countSlots(ms.flatMap((m) => m.slots)), 16384);
    for (const r of rs)
      assert.ok(
        ms.some((m) => m.id === r.masterId),
        `${address(r)} follows a master`,
      );
    assert.equal(new Set(rs.map((r) => r.masterId)).size, 3, 'one replica per master');
    for (const n of topo.nodes) assert.ok(members.includes(address(n)), `${address(n)} is a member`);
    // A created node is no longer a candidate, and says why.
    const again = await checkCreateNodes(session, [members[0]]);
    assert.match(again[0].problem ?? '', /already knows 5 other node\(s\)/);
  });

  const KEYS = 3000;
  const keyOf = (i: number) => `lifecycle:k:${i}`;
  const added: { master?: string; replica?: string } = {};

  it('writes keys that must survive adding and removing nodes', async () => {
    const c = await session.cluster();
    for (let i = 0; i < KEYS; i += 500) {
      await Promise.all(Array.from({ length: 500 }, (_, j) => c.set(keyOf(i + j), `v${i + j}`)));
    }
    assert.equal(await c.get(keyOf(KEYS - 1)), `v${KEYS - 1}`);
  });

  it('refuses adding with a read-only profile, or a node that is already a member', async () => {
    const ro = sessionForNewCluster({ ...session.profile, readOnly: true }, members, cluster().password);
    try {
      await assert.rejects(addNode(ro, addr(BASE + 6)), /read-only: add node refused/);
    } finally {
      await ro.close();
    }
    await assert.rejects(addNode(session, members[2]), new RegExp(`${esc(addr(BASE + 2))} is already a member`));
  });

  it('adds a spare as an empty master, known by every node when it returns', async () => {
    const phases: string[] = [];
    const r = await addNode(session, addr(BASE + 6), { onProgress: (p) => phases.push(p.phase) });
    console.log(`      add master: known by all in ${r.knownByAllMs} ms, total ${r.totalMs} ms`);
    assert.equal(r.role, 'master');
    assert.deepEqual([...new Set(phases)], ['check', 'meet', 'wait-known', 'wait-ok', 'done']);
    const topo = await discoverTopology(session);
    const n = topo.nodes.find((x) => x.id === r.id);
    assert.ok(n && n.role === 'master' && n.slots.length === 0);
    assert.equal(topo.nodes.length, 7);
    added.master = r.id;
  });

  it('adds a spare as a replica of a master given by id prefix, synced when it returns', async () => {
    const topo = await discoverTopology(session);
    const master = topo.nodes.find((n) => address(n) === members[1]);
    assert.ok(master && master.role === 'master', 'member 1 is a master as created');
    const r = await addNode(session, addr(BASE + 7), { replicaOf: master.id.slice(0, 12) });
    console.log(`      add replica: known by all in ${r.knownByAllMs} ms, total ${r.totalMs} ms`);
    assert.equal(r.role, 'replica');
    assert.equal(r.masterId, master.id);
    const after = await discoverTopology(session);
    assert.equal(after.nodes.find((n) => n.id === r.id)?.masterId, master.id);
    const dbsize = await redisCli(cluster(), BASE + 7, 'DBSIZE');
    assert.ok(Number(dbsize) > 0, `the new replica holds its master's keys (${dbsize})`);
    added.replica = r.id;
  });

  it('refuses removing a master that owns slots when draining is off', async () => {
    await assert.rejects(
      removeNode(session, members[0], { drain: false }),
      /is a master that owns 5461 slots \(0-5460\)\. Move them away first/,
    );
  });

  it('gives the added master slots with keys (reshard), so removing it must drain them', async () => {
    const topo = await discoverTopology(session);
    const plan = planReshard(topo, { to: added.master as string, slots: 600 });
    const r = await executePlan(session, plan);
    assert.equal(r.slotsMoved, 600);
    const after = await discoverTopology(session);
    assert.equal(countSlots(after.nodes.find((n) => n.id === added.master)?.slots ?? []), 600);
    assert.ok(Number(await redisCli(cluster(), BASE + 6, 'DBSIZE')) > 0, 'the added master holds keys now');
  });

  it('removes the added replica (forgotten everywhere, shut down) and the master (drained, left running, reset)', async () => {
    const rep = await removeNode(session, added.replica as string, { shutdown: true });
    console.log(`      del replica: forgotten everywhere in ${rep.forgetMs} ms, total ${rep.totalMs} ms`);
    assert.equal(rep.shutDown, true);
    await assert.rejects(redisCli(cluster(), BASE + 7, 'PING'));
    const phases: string[] = [];
    const mst = await removeNode(session, addr(BASE + 6), { onProgress: (p) => phases.includes(p.phase) || phases.push(p.phase) });
    console.log(`      del master: drained ${mst.drainedSlots} slots, forgotten everywhere in ${mst.forgetMs} ms, total ${mst.totalMs} ms`);
    assert.equal(mst.drainedSlots, 600);
    assert.ok(phases.includes('drain') && phases.includes('forget'), phases.join(','));
    assert.equal(mst.shutDown, false);
    assert.match(mst.note, /still running \(Redis 7\.0 does not stop a removed node\)/);
    // The removed, reset node knows only itself.
    const own = (await redisCli(cluster(), BASE + 6, 'CLUSTER', 'NODES')).trim().split('\n');
    assert.equal(own.length, 1, own.join('\n'));
    const topo = await discoverTopology(session);
    assert.equal(topo.nodes.length, 6);
    assert.ok(!topo.nodes.some((n) => n.id === added.master || n.id === added.replica));
    for (const m of members) {
      const text = await redisCli(cluster(), Number(m.split(':')[1]), 'CLUSTER', 'NODES');
      assert.ok(!text.includes(added.master as string) && !text.includes(added.replica as string), `${m} forgot both`);
    }
  });

  it('lost no key', async () => {
    const c = await session.cluster();
    const missing: string[] = [];
    for (let i = 0; i < KEYS; i += 500) {
      const vals = await Promise.all(Array.from({ length: 500 }, (_, j) => c.get(keyOf(i + j))));
      vals.forEach((v, j) => {
        if (v !== `v${i + j}`) missing.push(keyOf(i + j));
      });
    }
    assert.deepEqual(missing, []);
  });
});
