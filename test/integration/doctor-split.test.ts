// Split brain on real nodes (7870-7875): two groups of three masters, each owning half of the slots, never
// introduced to each other. Diagnose names the split and offers Merge; the merge joins them, check passes, and
// the keys written on both sides before are all still there.
import { strict as assert } from 'node:assert';
import { diagnose, mergePlanFor } from '../../src/core/diagnose';
import { checkCluster } from '../../src/core/admin/ops/check';
import { executeMerge } from '../../src/core/admin/ops/merge';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { parseClusterInfo } from '../../src/core/topology/topology';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';
import { formSplit, keyInHalf } from '../support/splitCluster';

describe('doctor: split brain and merge', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('doctorSplit'), create: false, masters: 0, spares: 6 });
  let session: ClusterSession;
  const addrs = () => cluster().sparePorts.map((p) => `127.0.0.1:${p}`);
  const groupB = () => addrs().slice(3);
  const keyIn = (half: number) => keyInHalf(half);

  before(async () => {
    const profile = { ...loadProfileFile(cluster().profilePath), nodes: addrs() };
    session = new ClusterSession(profile, { password: cluster().password });
    await formSplit(session, addrs());
    for (const half of [0, 1]) await (await session.node(addrs()[3 * half])).set(keyIn(half), `value-${half}`);
  });
  after(async () => session?.close());

  it('names the split, groups both sides, and offers Merge', async () => {
    const r = await diagnose(session, { timeoutMs: 3000 });
    const f = r.findings.find((x) => x.id === 'partition.split-brain');
    assert.ok(f, r.findings.map((x) => x.id).join(', '));
    assert.equal(f.severity, 'error');
    assert.deepEqual([...f.nodes].sort(), [...groupB()].sort());
    assert.equal(f.fix?.command, 'redisCluster.doctorMerge');
    const others = r.findings.filter((x) => x.severity === 'error' && x.id !== 'partition.split-brain');
    assert.deepEqual(
      others.map((x) => x.id),
      [],
    );
    assert.equal(
      r.findings.some((x) => x.id === 'coverage.uncovered'),
      false,
      'coverage must not be "fixed" while split',
    );

    const plan = mergePlanFor(r.gathered);
    assert.deepEqual(
      plan.groups.map((g) => g.slots),
      [8192, 8192],
    );
    assert.equal(plan.meets.length, 3);
  });

  it('merges: CLUSTER MEET from the larger group, then check passes and no key is lost', async () => {
    const r = await diagnose(session, { timeoutMs: 3000 });
    const phases: string[] = [];
    const done = await executeMerge(session, mergePlanFor(r.gathered), { onProgress: (p) => phases.push(p.phase) });
    assert.equal(done.after.ok, true, JSON.stringify(done.after.problems));
    assert.deepEqual([...new Set(phases)], ['check', 'meet', 'wait-agreement', 'verify']);
    const check = await checkCluster(session);
    assert.equal(check.ok, true, JSON.stringify(check.problems));
    assert.equal(check.masters, 6);
    for (const a of addrs()) assert.equal(parseClusterInfo(String(await (await session.node(a)).call('CLUSTER', 'INFO'))).state, 'ok');
    const c = await session.cluster();
    assert.equal(await c.get(keyIn(0)), 'value-0');
    assert.equal(await c.get(keyIn(1)), 'value-1');
    const after = await diagnose(session, { timeoutMs: 3000 });
    assert.equal(after.counts.error, 0, after.findings.map((x) => `${x.severity}:${x.id}`).join(', '));
  });

  it('refuses a second merge: nothing is split any more', async () => {
    const r = await diagnose(session, { timeoutMs: 3000 });
    assert.throws(() => mergePlanFor(r.gathered), /nothing to merge/);
  });
});
