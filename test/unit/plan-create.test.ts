import { strict as assert } from 'node:assert';
import { CreatePlanError, formatCreatePlan, planCreate, splitSlots } from '../../src/core/admin/plan/create';
import { SLOT_COUNT, countSlots } from '../../src/core/topology/slots';

const local = (ports: number[]) => ports.map((p) => `127.0.0.1:${p}`);

describe('plan/create', () => {
  it('splits all 16384 slots into contiguous, even ranges like redis-cli', () => {
    assert.deepEqual(splitSlots(3), [
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ]);
    for (const m of [1, 3, 4, 5, 7, 10, 128]) {
      const r = splitSlots(m);
      assert.equal(countSlots(r), SLOT_COUNT);
      for (let i = 1; i < r.length; i++) assert.equal(r[i][0], r[i - 1][1] + 1);
      const sizes = r.map(([a, b]) => b - a + 1);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `uneven split for ${m}: ${sizes.join(',')}`);
    }
  });

  it('plans 3 masters and 3 replicas from 6 nodes, every replica on another master', () => {
    const plan = planCreate(local([7000, 7001, 7002, 7003, 7004, 7005]), 1);
    assert.equal(plan.masters.length, 3);
    assert.equal(plan.replicas.length, 3);
    const masters = new Set(plan.masters.map((m) => m.address));
    for (const r of plan.replicas) {
      assert.ok(masters.has(r.masterAddress));
      assert.ok(!masters.has(r.address));
    }
    assert.equal(new Set(plan.replicas.map((r) => r.masterAddress)).size, 3);
    assert.equal(countSlots(plan.masters.map((m) => m.slots)), SLOT_COUNT);
    assert.ok(plan.warnings.some((w) => /all nodes are on host 127\.0\.0\.1/.test(w)));
  });

  it('keeps each replica off its master host when hosts differ', () => {
    // Two hosts listed host by host: a naive split would put all masters on host a.
    const nodes = ['a:1', 'a:2', 'a:3', 'b:1', 'b:2', 'b:3'];
    const plan = planCreate(nodes, 1);
    const hostOf = new Map(plan.masters.map((m) => [m.address, m.host]));
    assert.deepEqual(plan.masters.map((m) => m.host).sort(), ['a', 'a', 'b']);
    for (const r of plan.replicas) assert.notEqual(r.host, hostOf.get(r.masterAddress), `${r.address} follows ${r.masterAddress}`);
    assert.deepEqual(plan.warnings, []);
  });

  it('spreads over three hosts with 2 replicas each, never on the master host', () => {
    const nodes = ['x:1', 'x:2', 'x:3', 'y:1', 'y:2', 'y:3', 'z:1', 'z:2', 'z:3'];
    const plan = planCreate(nodes, 2);
    assert.equal(plan.masters.length, 3);
    assert.deepEqual(plan.masters.map((m) => m.host).sort(), ['x', 'y', 'z']);
    const hostOf = new Map(plan.masters.map((m) => [m.address, m.host]));
    for (const r of plan.replicas) assert.notEqual(r.host, hostOf.get(r.masterAddress));
    for (const m of plan.masters) assert.equal(plan.replicas.filter((r) => r.masterAddress === m.address).length, 2);
  });

  it('warns when a replica has to share its master host', () => {
    // Host a has 5 nodes, b only 1: some replicas must sit next to their master.
    const plan = planCreate(['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'b:1'], 1);
    assert.ok(
      plan.warnings.some((w) => /same host as its master/.test(w)),
      plan.warnings.join('\n'),
    );
  });

  it('turns leftover nodes into extra replicas of the masters with fewest', () => {
    const plan = planCreate(local([1, 2, 3, 4, 5, 6, 7]), 1);
    assert.equal(plan.masters.length, 3);
    assert.equal(plan.replicas.length, 4);
    assert.ok(plan.warnings.some((w) => /extra replicas/.test(w)));
  });

  it('plans masters only with 0 replicas', () => {
    const plan = planCreate(local([1, 2, 3]), 0);
    assert.equal(plan.masters.length, 3);
    assert.equal(plan.replicas.length, 0);
  });

  it('refuses too few nodes, saying how many are needed', () => {
    assert.throws(
      () => planCreate(local([1, 2, 3, 4, 5]), 1),
      (e: Error) => e instanceof CreatePlanError && /at least 6 nodes/.test(e.message),
    );
    assert.throws(() => planCreate(local([1, 2]), 0), /at least 3 nodes/);
  });

  it('refuses duplicates, bad addresses and bad replica counts', () => {
    assert.throws(() => planCreate(['h:1', 'h:2', 'h:3', 'h:1'], 0), /h:1 is listed twice/);
    assert.throws(() => planCreate(['h:1', 'h:2', 'nope'], 0), /"nope" is not host:port/);
    assert.throws(() => planCreate(local([1, 2, 3]), -1), /replicas per master/);
    assert.throws(() => planCreate(local([1, 2, 3]), 1.5), /replicas per master/);
  });

  it('formats the plan with slot counts and replicas under their master', () => {
    const lines = formatCreatePlan(planCreate(local([1, 2, 3, 4, 5, 6]), 1));
    assert.match(lines[0], /^master {2}127\.0\.0\.1:1 {2}slots 0-5460 \(5461\)$/);
    assert.match(lines[1], /^ {2}replica 127\.0\.0\.1:\d$/);
  });
});
