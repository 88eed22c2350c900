// Rebalance onto a spare master, a cancelled drain that leaves no slot open, a resumed drain, and every key
// with its value afterwards. Private TLS cluster on 7500-7506 (3 masters, 3 replicas, 1 spare).
import { strict as assert } from 'node:assert';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, meetEmptyNode, wrongKeys, writeKeys } from '../support/migrateData';
import type { ClusterSession } from '../../src/core/connection/session';
import { countSlots } from '../../src/core/topology/slots';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { planRebalance } from '../../src/core/admin/plan/rebalance';
import type { Plan, SlotKeyCounts } from '../../src/core/admin/plan/types';
import { executePlan, type MigrationProgress } from '../../src/core/admin/ops/migrate';
import { migrationProblems } from '../../src/core/admin/ops/guard';
import { ADMIN_LOCK_KEY, AdminLockedError, acquireAdminLock } from '../../src/core/admin/ops/lock';
import { basePort } from '../support/ports';

async function counts(session: ClusterSession): Promise<SlotKeyCounts> {
  const d = await countKeysPerSlot(session, await discoverTopology(session));
  assert.ok(d.complete);
  return new Map(Array.from(d.slots, (v, i) => [i, v]));
}

describe('migration engine: rebalance onto a spare, cancel, resume, drain back', function () {
  const cluster = privateCluster({ basePort: basePort('migrateRebalance'), spares: 1 });
  let session: ClusterSession;
  let spareId: string;
  let firstPlan: Plan;
  const slots = Array.from({ length: 16384 }, (_, i) => i);
  const keys = keysForSlots('rb', slots, 2);

  before(async function () {
    session = sessionFor(cluster());
    await writeKeys(session, keys);
  });
  after(async () => session?.close());

  it('rebalances onto a freshly met empty master, every key kept', async () => {
    const spare = `127.0.0.1:${cluster().sparePorts[0]}`;
    spareId = await meetEmptyNode(session, spare);
    const topo = await discoverTopology(session);
    const plan = planRebalance(topo, { useEmptyMasters: true, counts: await counts(session) });
    assert.equal(plan.moves.length, 4096);
    assert.equal(plan.totals.keys, 8192);
    firstPlan = plan;
    const seen: MigrationProgress[] = [];
    const result = await executePlan(session, plan, { onProgress: (p) => seen.push(p) });
    assert.equal(result.status, 'done');
    assert.equal(result.slotsMoved, 4096);
    assert.equal(result.keysMoved, 8192);
    assert.ok(seen.some((p) => p.phase === 'moving' && p.slotsDone > 0 && p.keysPerSec > 0));
    assert.equal(seen[seen.length - 1].phase, 'done');
    const after = await discoverTopology(session);
    assert.equal(countSlots(after.nodes.find((n) => n.id === spareId)?.slots ?? []), 4096);
    assert.deepEqual(await migrationProblems(session, after), []);
    assert.deepEqual(await wrongKeys(session, keys), []);
  });

  it('re-running the same plan skips every finished move', async () => {
    const again = await executePlan(session, firstPlan);
    assert.deepEqual([again.status, again.slotsMoved, again.slotsSkipped, again.keysMoved], ['done', 0, 4096, 0]);
  });

  it('refuses to start while another admin operation holds the lock', async () => {
    const lock = await acquireAdminLock(session, { op: 'test-holder', holder: 'the test' });
    try {
      const plan = planRebalance(await discoverTopology(session), { weights: { [spareId]: 0 } });
      await assert.rejects(
        executePlan(session, plan),
        (e: Error) => e instanceof AdminLockedError && /test-holder by the test/.test(e.message),
      );
    } finally {
      await lock.release();
    }
  });

  it("takes over this process's own leftover lock at once, but never a lock in use or another process's", async () => {
    const cluster = await session.cluster();
    const first = await acquireAdminLock(session, { op: 'first' });
    await assert.rejects(acquireAdminLock(session, { op: 'second' }), AdminLockedError, 'a lock still in use is never taken over');
    const leftover = (await cluster.get(ADMIN_LOCK_KEY)) as string;
    await first.release();
    // A release that never reached the key's node (dead mid-operation): the value is still there.
    await cluster.set(ADMIN_LOCK_KEY, leftover, 'PX', 30000);
    const next = await acquireAdminLock(session, { op: 'fix' });
    assert.equal(JSON.parse((await cluster.get(ADMIN_LOCK_KEY)) as string).token, next.info.token);
    assert.ok((await cluster.pttl(ADMIN_LOCK_KEY)) > 25000);
    await next.release();
    // The same leftover from another process is still honoured until it expires.
    await cluster.set(ADMIN_LOCK_KEY, JSON.stringify({ ...JSON.parse(leftover), proc: 'another-process' }), 'PX', 30000);
    try {
      await assert.rejects(
        acquireAdminLock(session, { op: 'fix' }),
        (e: Error) => e instanceof AdminLockedError && /first by /.test(e.message),
      );
    } finally {
      await cluster.del(ADMIN_LOCK_KEY);
    }
  });

  it('a cancelled drain stops at a safe point with no open slot; re-running finishes it with every key intact', async () => {
    const topo = await discoverTopology(session);
    const plan = planRebalance(topo, { weights: { [spareId]: 0 }, counts: await counts(session) });
    assert.equal(plan.moves.length, 4096);
    const ac = new AbortController();
    const first = await executePlan(session, plan, {
      signal: ac.signal,
      targetGroupMs: 50,
      onProgress: (p) => {
        if (p.slotsDone > 0) ac.abort();
      },
    });
    assert.equal(first.status, 'cancelled');
    assert.ok(first.slotsMoved > 0 && first.slotsMoved < 4096, `moved ${first.slotsMoved}`);
    assert.deepEqual(await migrationProblems(session, await discoverTopology(session)), []);
    assert.deepEqual(await wrongKeys(session, keys), []);

    const second = await executePlan(session, plan);
    assert.equal(second.status, 'done');
    assert.equal(second.slotsSkipped, first.slotsMoved);
    assert.equal(second.slotsMoved + first.slotsMoved, 4096);
    const after = await discoverTopology(session);
    const spare = after.nodes.find((n) => n.id === spareId);
    assert.equal(countSlots(spare?.slots ?? []), 0, `spare ${spare ? address(spare) : '?'} still has slots`);
    assert.deepEqual(await wrongKeys(session, keys), []);
  });
});
