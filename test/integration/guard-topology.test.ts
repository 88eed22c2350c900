// The migration guard with the caller's topology (the one a plan was made from): used as it is while every
// node's view still matches it, read again once the cluster has changed since. Shared TLS cluster; the one
// slot moved here is moved back.
import { strict as assert } from 'node:assert';
import { assertReadyForMigration } from '../../src/core/admin/ops/guard';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import type { ClusterSession } from '../../src/core/connection/session';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

const ownerOf = (t: Topology, slot: number) =>
  t.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b))?.id;

describe('migration guard with a given topology (shared TLS cluster)', function () {
  this.timeout(120000);
  let session: ClusterSession;

  before(async () => {
    session = sessionFor(await sharedCluster());
  });
  after(async () => session?.close());

  it('keeps a current topology and re-reads a stale one', async () => {
    const current = await discoverTopology(session);
    assert.equal(await assertReadyForMigration(session, 'test', current), current, 'a current topology is read again');

    // The source owns slot 0, so the way back (the target's lowest slot) takes the same slot.
    const masters = current.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);
    const from = masters.find((n) => ownerOf(current, 0) === n.id);
    const to = masters.find((n) => n !== from);
    assert.ok(from && to);
    const plan = planReshard(current, { from: [from.id], to: to.id, slots: 1 });
    const slot = plan.moves[0].slot;
    assert.equal((await executePlan(session, plan, { topology: current })).status, 'done');
    try {
      const checked = await assertReadyForMigration(session, 'test', current);
      assert.notEqual(checked, current, 'a stale topology was trusted');
      assert.equal(ownerOf(checked, slot), to.id, `slot ${slot} should show its new owner`);
    } finally {
      const now = await discoverTopology(session);
      const back = await executePlan(session, planReshard(now, { from: [to.id], to: from.id, slots: 1 }), { topology: now });
      assert.equal(back.status, 'done');
      assert.equal(ownerOf(await discoverTopology(session), slot), from.id, `slot ${slot} is back on its owner`);
    }
  });
});
