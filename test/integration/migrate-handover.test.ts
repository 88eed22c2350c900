// The handover of a group of moved slots to the target (handOverOnTarget): one cluster-bus announcement per
// group instead of one PONG broadcast per slot, and the per-slot fallback when the user may not run
// CLUSTER BUMPEPOCH. Private TLS cluster on 7660-7665.
import { strict as assert } from 'node:assert';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, wrongKeys, writeKeys } from '../support/migrateData';
import { ClusterSession } from '../../src/core/connection/session';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology/topology';
import { migrationProblems } from '../../src/core/admin/ops/guard';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { basePort } from '../support/ports';

describe('migration handover to the target (private TLS cluster)', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('migrateHandover') });
  let session: ClusterSession;
  const pongsSent = async (n: ClusterNode) => {
    const info = String(await (await session.node(address(n))).cluster('INFO'));
    return Number(/cluster_stats_messages_pong_sent:(\d+)/.exec(info)?.[1]);
  };
  const mastersWithSlots = async () =>
    (await discoverTopology(session)).nodes.filter((n) => n.role === 'master' && n.slots.length > 0).sort((x, y) => x.port - y.port);

  before(() => {
    session = sessionFor(cluster());
  });
  after(async () => session?.close());

  it('announces a whole group once: the target sends far fewer PONGs than one broadcast per slot', async () => {
    const [from, to] = await mastersWithSlots();
    const slots = 400;
    const plan = planReshard(await discoverTopology(session), { from: [from.id], to: to.id, slots });
    const keys = keysForSlots(
      'h',
      plan.moves.map((m) => m.slot),
      3,
    );
    await writeKeys(session, keys);
    const before = await pongsSent(to);
    const r = await executePlan(session, plan);
    const sent = (await pongsSent(to)) - before;
    assert.equal(r.status, 'done');
    assert.equal(r.slotsMoved, slots);
    // One broadcast per slot would be 5 PONGs (one per other node) per slot: 2000 here.
    assert.ok(sent < slots / 2, `target sent ${sent} PONGs while taking ${slots} slots`);
    assert.deepEqual(await wrongKeys(session, keys), []);
    assert.deepEqual(await migrationProblems(session, await discoverTopology(session)), []);
  });

  it('falls back to one SETSLOT NODE per slot when the user may not run CLUSTER BUMPEPOCH', async () => {
    const info = cluster();
    const topo = await discoverTopology(session);
    await Promise.all(
      topo.nodes.map(async (n) => {
        const c = await session.node(address(n));
        await c.call('ACL', 'SETUSER', 'mover', 'reset', 'on', '>mover-secret', '~*', '&*', '+@all', '-cluster|bumpepoch');
        await c.call('ACL', 'LOG', 'RESET');
      }),
    );
    const profile = { ...loadProfileFile(info.profilePath), username: 'mover' };
    const mover = new ClusterSession(profile, { password: 'mover-secret' });
    try {
      const [from, to] = await mastersWithSlots();
      const plan = planReshard(await discoverTopology(mover), { from: [from.id], to: to.id, slots: 50 });
      const keys = keysForSlots(
        'f',
        plan.moves.map((m) => m.slot),
        5,
      );
      await writeKeys(mover, keys);
      const r = await executePlan(mover, plan);
      assert.equal(r.status, 'done');
      assert.equal(r.slotsMoved, 50);
      assert.deepEqual(await wrongKeys(session, keys), []);
      assert.deepEqual(await migrationProblems(session, await discoverTopology(session)), []);
      const owners = (await discoverTopology(session)).nodes.find((n) => n.id === to.id);
      for (const m of plan.moves)
        assert.ok(
          owners?.slots.some(([a, b]) => m.slot >= a && m.slot <= b),
          `slot ${m.slot} not on the target`,
        );
      // The refused transaction is what sent these slots down the per-slot path.
      const log = (await (await session.node(address(to))).call('ACL', 'LOG')) as unknown[][];
      assert.ok(
        log.some((e) => e.includes('cluster|bumpepoch')),
        `no BUMPEPOCH refusal in the target's ACL LOG: ${JSON.stringify(log)}`,
      );
    } finally {
      await mover.close();
    }
  });
});
