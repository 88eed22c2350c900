import { strict as assert } from 'node:assert';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { renderPlan } from '../../src/core/admin/plan/render';
import { ID, master, replica, threeMasters } from './plan-fixtures';

describe('planReshard', () => {
  it('moves N lowest slots from one source', () => {
    const plan = planReshard({ nodes: threeMasters() }, { from: [ID('a')], to: ID('b'), slots: 1000 });
    assert.equal(plan.moves.length, 1000);
    assert.deepEqual([plan.moves[0].slot, plan.moves[999].slot], [0, 999]);
    assert.ok(plan.moves.every((m) => m.from === ID('a') && m.to === ID('b')));
    assert.equal(plan.balance.find((b) => b.id === ID('b'))?.slotsAfter, 5462 + 1000);
  });

  it('splits N across sources in proportion to their slots, biggest first, exact total', () => {
    const nodes = [
      master(ID('a'), 7001, [[0, 9999]]),
      master(ID('b'), 7002, [[10000, 14999]]),
      master(ID('c'), 7003, [[15000, 16383]]),
      master(ID('d'), 7004, []),
    ];
    const plan = planReshard({ nodes }, { from: ['all'], to: ID('d'), slots: 101 });
    assert.equal(plan.moves.length, 101);
    const per = (id: string) => plan.moves.filter((m) => m.from === id).length;
    // 101 * 10000/16384 = 61.6 -> ceil 62; b 30.8 -> 30; c 8.5 -> 8; shortfall 1 -> a again.
    assert.deepEqual([per(ID('a')), per(ID('b')), per(ID('c'))], [63, 30, 8]);
    assert.equal(plan.totals.pairs, 3);
  });

  it('takes an explicit slot list, skipping slots already on the target', () => {
    const plan = planReshard({ nodes: threeMasters() }, { to: ID('c'), slotList: [5, 6, 16000] });
    assert.deepEqual(
      plan.moves.map((m) => m.slot),
      [5, 6],
    );
    assert.ok(plan.notes.some((n) => /already on the target/.test(n)));
  });

  it('validates its input', () => {
    const nodes = [...threeMasters(), replica(ID('e'), 7005, ID('a'))];
    assert.throws(
      () => planReshard({ nodes }, { from: [ID('a')], to: ID('e'), slots: 1 }),
      /is a replica of aaaaaaaa; reshard to a master/,
    );
    assert.throws(() => planReshard({ nodes }, { from: [ID('a')], to: ID('b'), slots: 6000 }), /only 5461/);
    assert.throws(() => planReshard({ nodes }, { from: [ID('a')], to: ID('b'), slots: 0 }), />= 1/);
    assert.throws(() => planReshard({ nodes }, { from: [ID('a')], to: ID('a'), slots: 1 }), /same node/);
    assert.throws(() => planReshard({ nodes }, { from: [ID('a')], to: ID('b'), slotList: [12000] }), /not among the sources/);
    assert.throws(() => planReshard({ nodes }, { from: [ID('a')], to: ID('b'), slotList: [16384] }), /invalid slot/);
    assert.throws(() => planReshard({ nodes }, { from: [ID('z')], to: ID('b'), slots: 1 }), /not in the cluster/);
  });

  it('renders', () => {
    const text = renderPlan(planReshard({ nodes: threeMasters() }, { from: [ID('a')], to: ID('b'), slots: 10 }));
    assert.match(text, /^Reshard 10 slots from aaaaaaaa to bbbbbbbb/);
    assert.match(text, /\[0-9\]/);
  });
});
