// Split brain on real nodes (7870-7875): two groups of three masters, each owning half of the slots, never
// introduced to each other. Diagnose names the split and offers Merge; the merge joins them, check passes, and
// the keys written on both sides before are all still there.
import { strict as assert } from 'node:assert';
import { waitUntil } from '../../src/core/agreement';
import { diagnose, mergePlanFor } from '../../src/core/doctor';
import { checkCluster } from '../../src/core/ops/check';
import { executeMerge } from '../../src/core/ops/merge';
import { loadProfileFile } from '../../src/core/profile';
import { ClusterSession } from '../../src/core/session';
import { keySlot } from '../../src/core/slots';
import { parseClusterInfo, parseClusterNodes } from '../../src/core/topology';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';

const HALVES = [[[0, 2730], [2731, 5460], [5461, 8191]], [[8192, 10922], [10923, 13652], [13653, 16383]]];

describe('doctor: split brain and merge', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('doctorSplit'), create: false, masters: 0, spares: 6 });
  let session: ClusterSession;
  const addrs = () => cluster().sparePorts.map((p) => `127.0.0.1:${p}`);
  const groupA = () => addrs().slice(0, 3);
  const groupB = () => addrs().slice(3);
  /** A key whose slot falls in the first range of `half`. */
  const keyIn = (half: number) => {
    for (let i = 0; ; i++) if (keySlot(`split:${half}:${i}`) <= HALVES[half][0][1] && keySlot(`split:${half}:${i}`) >= HALVES[half][0][0]) return `split:${half}:${i}`;
  };

  before(async () => {
    const profile = { ...loadProfileFile(cluster().profilePath), nodes: addrs() };
    session = new ClusterSession(profile, { password: cluster().password });
    for (const [g, group] of [groupA(), groupB()].entries()) {
      for (const [i, a] of group.entries()) {
        const c = await session.node(a);
        await c.call('CLUSTER', 'ADDSLOTSRANGE', HALVES[g][i][0], HALVES[g][i][1]);
        // Distinct epochs on both sides, as two clusters created apart would rarely have them equal.
        await c.call('CLUSTER', 'SET-CONFIG-EPOCH', 1 + 3 * g + i);
      }
      const first = await session.node(group[0]);
      for (const a of group.slice(1)) {
        const port = Number(a.split(':')[1]);
        await first.call('CLUSTER', 'MEET', '127.0.0.1', port, port + 10000);
      }
      await waitUntil(async () => {
        for (const a of group) {
          const c = await session.node(a);
          const known = parseClusterNodes(String(await c.call('CLUSTER', 'NODES'))).filter((n) => !n.flags.includes('handshake'));
          if (known.length !== 3) return `${a} knows ${known.length}`;
        }
        return undefined;
      }, { timeoutMs: 30000, intervalMs: 200 });
    }
    // One key on each side, written on the node that owns its slot; each half alone only serves keys without
    // full coverage required (the way a split cluster keeps taking writes on both sides).
    for (const a of addrs()) await (await session.node(a)).config('SET', 'cluster-require-full-coverage', 'no');
    await waitUntil(async () => {
      for (const a of addrs()) if (parseClusterInfo(String(await (await session.node(a)).call('CLUSTER', 'INFO'))).state !== 'ok') return `${a} not ok`;
      return undefined;
    }, { timeoutMs: 30000, intervalMs: 200 });
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
    assert.deepEqual(others.map((x) => x.id), []);
    assert.equal(r.findings.some((x) => x.id === 'coverage.uncovered'), false, 'coverage must not be "fixed" while split');

    const plan = mergePlanFor(r.gathered);
    assert.deepEqual(plan.groups.map((g) => g.slots), [8192, 8192]);
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
