// Writes during a rebalance: the cluster holds REL_KEYS keys (default 200k), a spare joins as an empty master,
// and the rebalance onto it runs while a client keeps writing and reading back through the routed client.
// Goals: keys lost 0, client-visible errors 0, writes/s held. Runs at both paces (src/core/admin/ops/pace.ts), each on
// its own private TLS cluster (fast: 7200-7206, gentle: 7260-7266).
import { strict as assert } from 'node:assert';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, meetEmptyNode, wrongKeys, writeKeys } from '../support/migrateData';
import type { ClusterSession } from '../../src/core/connection/session';
import { connectCluster } from '../../src/core/connection/connect';
import { discoverTopology } from '../../src/core/topology/topology';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { planRebalance } from '../../src/core/admin/plan/rebalance';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { type Pace, PACES } from '../../src/core/admin/ops/pace';
import { migrationProblems } from '../../src/core/admin/ops/guard';
import { LoadWriter } from './writer';
import { recordFigure, sleep } from './support';
import { basePort } from '../support/ports';

const KEYS = Number(process.env.REL_KEYS ?? 200000);

for (const pace of PACES) describeAt(pace);

function describeAt(pace: Pace): void {
  describe(`reliability: writes during a rebalance onto a new master (${pace} pace)`, function () {
    const cluster = privateCluster({ basePort: basePort(pace === 'fast' ? 'rebalanceUnderLoad' : 'rebalanceUnderLoadGentle'), spares: 1 });
    const fig = (id: string) => (pace === 'fast' ? id : `${id}.gentle`);
    const label = (text: string) => (pace === 'fast' ? text : text.replace('Rebalance under load', 'Gentle rebalance under load'));
    let session: ClusterSession;

    before(async () => {
      session = sessionFor(cluster());
    });
    after(async () => session?.close());

    it(`moves ${KEYS} keys' worth of slots while a writer runs: 0 keys lost, 0 client errors`, async function () {
      const perSlot = Math.max(1, Math.round(KEYS / 16384));
      const seeded = keysForSlots(
        'rel',
        Array.from({ length: 16384 }, (_, i) => i),
        perSlot,
      );
      const tSeed = Date.now();
      await writeKeys(session, seeded);
      const seedMs = Date.now() - tSeed;
      const spareId = await meetEmptyNode(session, `127.0.0.1:${cluster().sparePorts[0]}`);
      const topo = await discoverTopology(session);
      const d = await countKeysPerSlot(session, topo);
      const plan = planRebalance(topo, { useEmptyMasters: true, counts: new Map(Array.from(d.slots, (v, i) => [i, v])) });
      assert.equal(
        plan.moves.every((m) => m.to === spareId),
        true,
      );

      const client = await connectCluster(session.profile, { password: cluster().password });
      const writer = new LoadWriter(client, 'load', 4);
      try {
        writer.start();
        await sleep(2000);
        const moveFrom = writer.now();
        const result = await executePlan(session, plan, { pace });
        const moveTo = writer.now();
        await sleep(1000);
        const stats = await writer.stop();
        const baseline = stats.rate(0, moveFrom);
        const during = stats.rate(moveFrom, moveTo);
        const lostWriter = await writer.lost();
        const lostSeeded = await wrongKeys(session, seeded);
        const problems = await migrationProblems(session, await discoverTopology(session));

        const held = baseline > 0 ? during / baseline : 0;
        recordFigure(fig('rebalance.keys'), {
          label: label('Rebalance under load: keys in the cluster / keys moved'),
          value: `${seeded.length} / ${result.keysMoved}`,
          note:
            `${result.slotsMoved} slots onto a new master in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
            `(seeding took ${(seedMs / 1000).toFixed(1)} s)`,
        });
        recordFigure(fig('rebalance.lost'), {
          label: label('Rebalance under load: keys lost (seeded + written during the move)'),
          value: lostSeeded.length + lostWriter.length,
          goal: '0',
          met: lostSeeded.length + lostWriter.length === 0,
          note: `${writer.keyCount} keys/counters written by the client checked`,
        });
        recordFigure(fig('rebalance.errors'), {
          label: label('Rebalance under load: client-visible errors / read-back mismatches'),
          value: `${stats.errors.length} / ${stats.mismatches.length}`,
          goal: '0 / 0',
          met: stats.errors.length === 0 && stats.mismatches.length === 0,
          note: `${stats.writes} write+read-back operations (SET/GET, INCR, MSET/MGET on hash tags)`,
        });
        recordFigure(fig('rebalance.rate'), {
          label: label('Rebalance under load: client writes/s before → during the move'),
          value: `${Math.round(baseline)} → ${Math.round(during)} (${Math.round(held * 100)} %)`,
          note:
            `longest client stall ${stats.maxGap(moveFrom, moveTo)} ms; 4 client workers, one awaited ` +
            `write + read-back each, 2 cores shared with the migration and 7 nodes`,
        });

        assert.equal(result.status, 'done');
        assert.deepEqual(lostSeeded.slice(0, 5), [], `${lostSeeded.length} seeded keys lost`);
        assert.deepEqual(lostWriter.slice(0, 5), [], `${lostWriter.length} written keys lost`);
        assert.deepEqual(stats.errors.slice(0, 5), [], `${stats.errors.length} client-visible errors`);
        assert.deepEqual(stats.mismatches.slice(0, 5), [], `${stats.mismatches.length} read-back mismatches`);
        assert.deepEqual(problems, []);
        assert.ok(during > 0, 'the writer made progress during the move');
      } finally {
        await writer.stop().catch(() => undefined);
        client.disconnect();
      }
    });
  });
}
