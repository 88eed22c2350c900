import { strict as assert } from 'node:assert';
import { PlanError } from '../../src/core/admin/plan/types';
import { groupsFromViews, planMerge, renderMerge } from '../../src/core/admin/plan/merge';
import { parseClusterNodes } from '../../src/core/topology/topology';
import { type Line, addr, nodesText } from './doctor-fixtures';

const group = (ids: string[], net: number, ranges: (string | undefined)[]): Line[] =>
  ids.map((id, i) => ({ id, host: `10.0.${net}.${i + 1}`, port: 6379, epoch: i + 1, slots: ranges[i] }));
const views = (...groups: Line[][]) => groups.flatMap((g) => g.map((l) => ({ nodes: parseClusterNodes(nodesText(g, l.id)) })));

describe('merge planner', () => {
  const a = group(['a1', 'a2', 'a3'], 1, ['0-2730', '2731-5460', '5461-8191']);
  const b = group(['b1', 'b2', 'b3'], 2, ['8192-10922', '10923-13652', '13653-16383']);

  it('groups nodes by the membership they see', () => {
    const gs = groupsFromViews(views(a, b));
    assert.equal(gs.length, 2);
    assert.deepEqual(
      gs.map((g) => g.nodes.map((n) => n.id)),
      [
        ['a1', 'a2', 'a3'],
        ['b1', 'b2', 'b3'],
      ],
    );
    assert.equal(groupsFromViews(views(a)).length, 1);
  });

  it('meets every node of the smaller group from a master of the larger one', () => {
    const bigger = [...a, { id: 'a4', host: '10.0.1.9', port: 6379, epoch: 0 }];
    const plan = planMerge(groupsFromViews(views(bigger, b)));
    assert.deepEqual(
      plan.meets.map((m) => m.node),
      b.map(addr),
    );
    assert.ok(plan.meets.every((m) => m.from === addr(a[0]) && m.cport === 16379));
    assert.equal(plan.groups[0].slots, 8192);
    assert.equal(plan.rebalance, false);
    assert.match(renderMerge(plan), /group 2: 10\.0\.2\.1:6379/);
    assert.match(renderMerge(planMerge(groupsFromViews(views(a, b)), { rebalance: true }), 'markdown'), /rebalance slots over all masters/);
  });

  it('says when slots no group owns will be assigned by fix', () => {
    const short = group(['b1', 'b2', 'b3'], 2, ['8192-10922', '10923-13652', '13653-16000']);
    assert.match(planMerge(groupsFromViews(views(a, short))).steps.join('\n'), /383 slot\(s\) no group owns/);
  });

  it('refuses overlapping ownership, naming the slots and why', () => {
    const clash = group(['b1', 'b2', 'b3'], 2, ['8000-10922', '10923-13652', '13653-16383']);
    assert.throws(
      () => planMerge(groupsFromViews(views(a, clash))),
      (e: Error) => e instanceof PlanError && /8000-8191/.test(e.message) && /lost/.test(e.message),
    );
  });

  it('refuses when there is nothing to merge', () => {
    assert.throws(() => planMerge(groupsFromViews(views(a))), /nothing to merge/);
  });
});
