import { strict as assert } from 'node:assert';
import { planRebalance } from '../../src/core/admin/plan/rebalance';
import { PlanError, type Plan } from '../../src/core/admin/plan/types';
import { renderPlan } from '../../src/core/admin/plan/render';
import { ID, master, replica, threeMasters } from './plan-fixtures';

/** Owner counts after applying the plan. */
function after(plan: Plan): Record<string, number> {
  return Object.fromEntries(plan.balance.map((b) => [b.id[0], b.slotsAfter]));
}

describe('planRebalance by slots (redis-cli --cluster rebalance semantics)', () => {
  it('fills an empty master with useEmptyMasters, moving exactly the surplus (fewest slots)', () => {
    const nodes = [...threeMasters(), master(ID('d'), 7004, [])];
    const plan = planRebalance({ nodes }, { useEmptyMasters: true });
    assert.equal(plan.moves.length, 4096);
    assert.deepEqual(after(plan), { a: 4096, b: 4096, c: 4096, d: 4096 });
    assert.ok(plan.moves.every((m) => m.to === ID('d')));
    assert.equal(plan.totals.pairs, 3);
    // b has the largest surplus (5462) and is served first, giving its lowest slots.
    assert.deepEqual(plan.moves[0], { slot: 5461, from: ID('b'), to: ID('d') });
    assert.equal(new Set(plan.moves.map((m) => m.slot)).size, plan.moves.length);
  });

  it('leaves empty masters out without useEmptyMasters, and then finds nothing to do', () => {
    const nodes = [...threeMasters(), master(ID('d'), 7004, [])];
    const plan = planRebalance({ nodes });
    assert.equal(plan.moves.length, 0);
    assert.ok(plan.notes.some((n) => /no slots and is left out/.test(n)));
    assert.ok(plan.notes.some((n) => /no rebalancing needed/.test(n)));
    assert.equal(plan.balance.find((b) => b.id === ID('d'))?.involved, false);
  });

  it('respects the threshold: 1.8% off moves nothing at 2%, balances at 1%', () => {
    const nodes = [master(ID('a'), 7001, [[0, 5560]]), master(ID('b'), 7002, [[5561, 10921]]), master(ID('c'), 7003, [[10922, 16383]])];
    assert.equal(planRebalance({ nodes }).moves.length, 0);
    const plan = planRebalance({ nodes }, { threshold: 1 });
    // expected 5461 each; the rounding leftover slot goes to the only receiver (b), so c gives its 1 extra too.
    assert.deepEqual(after(plan), { a: 5461, b: 5462, c: 5461 });
    assert.equal(plan.moves.length, 101);
    assert.equal(plan.moves.filter((m) => m.from === ID('a') && m.to === ID('b')).length, 100);
    assert.deepEqual(
      plan.moves.filter((m) => m.from === ID('c')).map((m) => m.slot),
      [10922],
    );
    assert.deepEqual(plan.moves.map((m) => m.slot).slice(0, 2), [0, 1]);
  });

  it('weight 0 drains a master completely, splitting its slots by the other weights', () => {
    const plan = planRebalance({ nodes: threeMasters() }, { weights: { [ID('a')]: 0 } });
    assert.equal(plan.moves.length, 5461);
    assert.deepEqual(after(plan), { a: 0, b: 8192, c: 8192 });
    assert.ok(plan.moves.every((m) => m.from === ID('a')));
  });

  it('honours unequal weights (2:1:1)', () => {
    const plan = planRebalance({ nodes: threeMasters() }, { weights: { [ID('a')]: 2 } });
    assert.deepEqual(after(plan), { a: 8192, b: 4096, c: 4096 });
    assert.equal(plan.moves.length, 8192 - 5461);
  });

  it('is deterministic: node order and the node asked do not change the plan', () => {
    const nodes = [...threeMasters(), master(ID('d'), 7004, []), replica(ID('e'), 7005, ID('a'))];
    const one = planRebalance({ nodes }, { useEmptyMasters: true });
    const two = planRebalance({ nodes: [...nodes].reverse() }, { useEmptyMasters: true });
    assert.deepEqual(one.moves, two.moves);
  });

  it('rejects bad weights with a clear message', () => {
    const nodes = [...threeMasters(), replica(ID('e'), 7005, ID('a'))];
    assert.throws(
      () => planRebalance({ nodes }, { weights: { [ID('a')]: -1 } }),
      (e: Error) => e instanceof PlanError && /must be a number >= 0/.test(e.message),
    );
    assert.throws(() => planRebalance({ nodes }, { weights: { [ID('z')]: 1 } }), /unknown node/);
    assert.throws(() => planRebalance({ nodes }, { weights: { [ID('e')]: 1 } }), /replica/);
    assert.throws(() => planRebalance({ nodes }, { weights: { [ID('a')]: 0, [ID('b')]: 0, [ID('c')]: 0 } }), /all weights are 0/);
    assert.throws(() => planRebalance({ nodes }, { threshold: -3 }), /threshold/);
  });

  it('fills move estimates from key counts and renders a readable plan', () => {
    const nodes = [...threeMasters(), master(ID('d'), 7004, [])];
    const counts = new Map<number, number>();
    for (let s = 0; s < 16384; s++) counts.set(s, 3);
    const plan = planRebalance({ nodes }, { useEmptyMasters: true, counts });
    assert.equal(plan.totals.keys, 4096 * 3);
    const text = renderPlan(plan);
    assert.match(text, /4,096 slots, ~12,288 keys to move over 3 source→target pair/);
    assert.match(text, /5461-6826/);
    assert.match(renderPlan(plan, 'markdown'), /^# Rebalance by slots/);
  });
});

describe('planRebalance by keys', () => {
  // Slot counts are balanced, but a's first 100 slots hold 1000 keys each.
  const counts = new Map<number, number>();
  for (let s = 0; s < 16384; s++) counts.set(s, s < 100 ? 1000 : 10);

  it('moves few heavy slots to balance keys, never empty ones', () => {
    const plan = planRebalance({ nodes: threeMasters() }, { by: 'keys', counts });
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const b of plan.balance) assert.ok(Math.abs((b.keysAfter ?? 0) - total / 3) <= (total / 3) * 0.02, `${b.id[0]}: ${b.keysAfter}`);
    assert.ok(plan.moves.length < 80, `moved ${plan.moves.length} slots`);
    assert.ok(plan.moves.every((m) => (m.keys ?? 0) > 0));
    // Slot-count balancing would see nothing to do here.
    assert.equal(planRebalance({ nodes: threeMasters() }, { counts }).moves.length, 0);
  });

  it('drains weight-0 masters entirely, empty slots included', () => {
    const plan = planRebalance({ nodes: threeMasters() }, { by: 'keys', counts, weights: { [ID('c')]: 0 } });
    const c = plan.balance.find((b) => b.id === ID('c'));
    assert.equal(c?.slotsAfter, 0);
    assert.equal(c?.keysAfter, 0);
  });

  it('needs counts', () => {
    assert.throws(() => planRebalance({ nodes: threeMasters() }, { by: 'keys' }), /needs per-slot key counts/);
  });

  it('is deterministic', () => {
    const a = planRebalance({ nodes: threeMasters() }, { by: 'keys', counts });
    const b = planRebalance({ nodes: threeMasters().reverse() }, { by: 'keys', counts });
    assert.deepEqual(a.moves, b.moves);
  });
});
