// check finds, fix repairs: half-moved slots, open slots with nothing moved, a key on both sides (BUSYKEY,
// fixed only after confirmation), and an unassigned slot. Private TLS cluster on 7540-7545.
import { strict as assert } from 'node:assert';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, valueOf, wrongKeys, writeKeys } from '../support/migrateData';
import type { ClusterSession } from '../../src/core/connection/session';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology/topology';
import { checkCluster } from '../../src/core/admin/ops/check';
import { type FixQuestion, fixCluster } from '../../src/core/admin/ops/fix';
import { migrationProblems } from '../../src/core/admin/ops/guard';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { MigrationError } from '../../src/core/admin/ops/migrateSlots';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { basePort } from '../support/ports';

describe('check and fix', function () {
  const cluster = privateCluster({ basePort: basePort('checkFix') });
  let session: ClusterSession;
  let a: ClusterNode;
  let t: ClusterNode;
  const owns = (n: ClusterNode, slot: number) => n.slots.some(([x, y]) => slot >= x && slot <= y);
  const ownerOf = async (slot: number) => (await discoverTopology(session)).nodes.find((n) => n.role === 'master' && owns(n, slot))?.id;
  const open = async (slot: number) => {
    await (await session.node(address(t))).call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', a.id);
    await (await session.node(address(a))).call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', t.id);
  };

  before(async function () {
    session = sessionFor(cluster());
    const topo = await discoverTopology(session);
    a = topo.nodes.find((n) => n.role === 'master' && owns(n, 100)) as ClusterNode;
    t = topo.nodes.find((n) => n.role === 'master' && n.id !== a.id) as ClusterNode;
  });
  after(async () => session?.close());

  it('reports a healthy cluster as ok', async () => {
    const r = await checkCluster(session);
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.masters, 3);
  });

  it('finds a half-moved slot and finishes the migration', async () => {
    const keys = keysForSlots('hm', [100], 50);
    await writeKeys(session, keys);
    await open(100);
    const src = await session.node(address(a));
    const some = (await src.call('CLUSTER', 'GETKEYSINSLOT', 100, 20)) as string[];
    await src.call('MIGRATE', t.host, t.port, '', 0, 5000, 'AUTH', cluster().password, 'KEYS', ...some);

    const r = await checkCluster(session);
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.openSlots.map((o) => o.slot),
      [100],
    );
    assert.ok(r.problems.some((p) => p.kind === 'open-slot' && /slot 100 is open: migrating on/.test(p.message)));
    assert.ok((await migrationProblems(session, await discoverTopology(session))).some((p) => /open slots/.test(p)));

    const fixed = await fixCluster(session);
    assert.deepEqual(
      fixed.actions.map((x) => [x.slot, x.action]),
      [[100, 'finished-migration']],
    );
    assert.equal(fixed.after.ok, true, JSON.stringify(fixed.after.problems));
    assert.equal(await ownerOf(100), t.id);
    assert.deepEqual(await wrongKeys(session, keys), []);
  });

  it('sets an open slot back when no key reached the target', async () => {
    const keys = keysForSlots('sb', [101], 10);
    await writeKeys(session, keys);
    await open(101);
    const fixed = await fixCluster(session);
    assert.deepEqual(
      fixed.actions.map((x) => [x.slot, x.action]),
      [[101, 'set-back']],
    );
    assert.equal(fixed.after.ok, true);
    assert.equal(await ownerOf(101), a.id);
    assert.deepEqual(await wrongKeys(session, keys), []);
  });

  it('asks before replacing a key that exists on both sides (BUSYKEY)', async () => {
    const keys = keysForSlots('bk', [102], 5);
    await writeKeys(session, keys);
    await open(102);
    const dst = await session.node(address(t));
    const dup = keys[0];
    const res = await dst.pipeline().call('ASKING').set(dup, 'target-copy').exec();
    assert.equal(res?.[1]?.[1], 'OK');

    const asked: FixQuestion[] = [];
    const no = await fixCluster(session, { confirm: async (q) => (asked.push(q), false) });
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /exist on both/);
    assert.equal(no.actions[0].action, 'skipped');
    assert.equal(no.after.ok, false);
    assert.equal(String(await dst.get(dup).catch(() => null)), 'null'); // not served: slot still owned by the source
    assert.equal(
      await (
        await session.node(address(t))
      )
        .pipeline()
        .call('ASKING')
        .get(dup)
        .exec()
        .then((r) => r?.[1]?.[1]),
      'target-copy',
    );

    const yes = await fixCluster(session, { confirm: async () => true });
    assert.equal(yes.actions[0].action, 'finished-migration');
    assert.equal(yes.after.ok, true);
    assert.deepEqual(await wrongKeys(session, keys), []);
    assert.equal(await ownerOf(102), t.id);
    assert.equal(valueOf(dup), await dst.get(dup));
  });

  it('a BUSYKEY during a reshard names node, slot and command, leaves the slot open, and fix --replace repairs it', async () => {
    const keys = keysForSlots('ex', [300], 20);
    await writeKeys(session, keys);
    // Plant a stale copy of one key on the target (as a crashed tool might leave it).
    const dst = await session.node(address(t));
    await dst.call('CLUSTER', 'SETSLOT', 300, 'IMPORTING', a.id);
    await dst.pipeline().call('ASKING').set(keys[3], 'stale').exec();
    await dst.call('CLUSTER', 'SETSLOT', 300, 'STABLE');

    const plan = planReshard(await discoverTopology(session), { to: t.id, slotList: [300] });
    const err = await executePlan(session, plan).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof MigrationError, String(err));
    assert.equal(err.slot, 300);
    assert.equal(err.node, address(a));
    assert.match(err.command ?? '', /^MIGRATE /);
    assert.match(err.message, /BUSYKEY[\s\S]*nothing was overwritten or deleted[\s\S]*fix/);
    const r = await checkCluster(session);
    assert.deepEqual(
      r.openSlots.map((o) => o.slot),
      [300],
    );

    const fixed = await fixCluster(session, { replace: true });
    assert.deepEqual(
      fixed.actions.map((x) => [x.slot, x.action]),
      [[300, 'finished-migration']],
    );
    assert.equal(fixed.after.ok, true);
    assert.deepEqual(await wrongKeys(session, keys), []);
  });

  it('finds an unassigned slot and assigns it', async () => {
    const topo = await discoverTopology(session);
    await Promise.all(topo.nodes.map(async (n) => (await session.node(address(n))).call('CLUSTER', 'DELSLOTS', 200)));
    const r = await checkCluster(session);
    assert.equal(r.ok, false);
    assert.deepEqual(r.uncovered, [[200, 200]]);
    const fixed = await fixCluster(session);
    assert.deepEqual(
      fixed.actions.map((x) => [x.slot, x.action]),
      [[200, 'assigned']],
    );
    assert.equal(fixed.after.ok, true, JSON.stringify(fixed.after.problems));
  });
});
