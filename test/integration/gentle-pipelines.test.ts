// What gentle pacing sends the source: a few slots' MIGRATEs per pipeline and one pipeline at a time, so the clients
// get the source between them (a pipeline's MIGRATEs run back to back while every client waits). The same move at
// the fast pace sends whole chunks together, which is what makes this test able to fail. The pipelines are watched
// on the session's real client for the source; the cluster is a private TLS cluster and every key must survive.
import { strict as assert } from 'node:assert';
import type Redis from 'ioredis';
import { type MigrationProgress, executePlan } from '../../src/core/admin/ops/migrate';
import type { Pace } from '../../src/core/admin/ops/pace';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { runCli } from '../support/cli';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, wrongKeys, writeKeys } from '../support/migrateData';
import { basePort } from '../support/ports';

interface Shape {
  /** Most slots' MIGRATEs in one pipeline. */
  maxMigrates: number;
  /** Most pipelines carrying a MIGRATE in flight at once. */
  maxInFlight: number;
  /** What the progress reports said of the canary. */
  canary: NonNullable<MigrationProgress['canary']>[];
}

/** Wraps `client.pipeline()` to record how MIGRATEs reach the node; returns the record and an undo. */
function watchMigrates(client: Redis): { shape: Shape; undo: () => void } {
  const shape: Shape = { maxMigrates: 0, maxInFlight: 0, canary: [] };
  let inFlight = 0;
  const original = client.pipeline;
  client.pipeline = function (this: Redis, ...args: Parameters<Redis['pipeline']>) {
    const p = original.apply(this, args);
    let migrates = 0;
    const call = p.callBuffer.bind(p);
    p.callBuffer = ((name: string, ...rest: unknown[]) => {
      if (String(name).toUpperCase() === 'MIGRATE') migrates++;
      return (call as (...a: unknown[]) => unknown)(name, ...rest);
    }) as typeof p.callBuffer;
    const exec = p.exec.bind(p);
    p.exec = (async (...e: Parameters<typeof p.exec>) => {
      if (!migrates) return exec(...e);
      shape.maxMigrates = Math.max(shape.maxMigrates, migrates);
      shape.maxInFlight = Math.max(shape.maxInFlight, ++inFlight);
      try {
        return await exec(...e);
      } finally {
        inFlight--;
      }
    }) as typeof p.exec;
    return p;
  } as Redis['pipeline'];
  return { shape, undo: () => (client.pipeline = original) };
}

describe('gentle pace: what the source is sent', function () {
  this.timeout(180_000);
  const cluster = privateCluster({ basePort: basePort('gentlePipelines') });
  const SLOTS = Array.from({ length: 96 }, (_, i) => i);
  const keys = keysForSlots('gentle', SLOTS, 3);

  async function move(pace: Pace): Promise<Shape> {
    const session = sessionFor(cluster());
    try {
      const topo = await discoverTopology(session);
      const from = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => a <= 0 && 0 <= b));
      const to = topo.nodes.find((n) => n.role === 'master' && n.id !== from?.id);
      assert.ok(from && to);
      const watch = watchMigrates(await session.node(address(from)));
      try {
        const plan = planReshard(topo, { from: [from.id], to: to.id, slotList: SLOTS });
        const result = await executePlan(session, plan, { pace, onProgress: (p) => p.canary && watch.shape.canary.push(p.canary) });
        assert.equal(result.status, 'done');
        assert.equal(result.slotsMoved, SLOTS.length);
      } finally {
        watch.undo();
      }
      // Move them back for the next pace, unwatched.
      const back = planReshard(await discoverTopology(session), { from: [to.id], to: from.id, slotList: SLOTS });
      assert.equal((await executePlan(session, back, { pace: 'fast' })).status, 'done');
      assert.deepEqual(await wrongKeys(session, keys), []);
      return watch.shape;
    } finally {
      await session.close();
    }
  }

  before(async () => {
    const session = sessionFor(cluster());
    try {
      await writeKeys(session, keys);
    } finally {
      await session.close();
    }
  });

  it('gentle: at most 4 slots of MIGRATEs per pipeline, one such pipeline at a time', async () => {
    const shape = await move('gentle');
    assert.ok(shape.maxMigrates >= 1, 'no MIGRATE was watched');
    assert.ok(shape.maxMigrates <= 4, `up to ${shape.maxMigrates} MIGRATEs in one pipeline`);
    assert.equal(shape.maxInFlight, 1, `${shape.maxInFlight} MIGRATE pipelines in flight at once`);
    // The progress carries the canary: latency and budget, the slots it allows per pipeline, the nodes' ops rate.
    assert.ok(shape.canary.length > 0, 'no progress report carried the canary');
    for (const c of shape.canary) {
      assert.ok(c.ms >= 0 && c.budgetMs > 0, JSON.stringify(c));
      assert.ok(c.slotsInFlight >= 1 && c.slotsInFlight <= 4, JSON.stringify(c));
    }
    assert.ok(
      shape.canary.some((c) => typeof c.opsPerSec === 'number' && c.opsPerSec >= 0),
      'no ops rate read from the watched nodes',
    );
  });

  it('the CLI prints the canary in its progress lines', async () => {
    const session = sessionFor(cluster());
    try {
      const topo = await discoverTopology(session);
      const from = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => a <= 0 && 0 <= b));
      const to = topo.nodes.find((n) => n.role === 'master' && n.id !== from?.id);
      assert.ok(from && to);
      const args = ['--profile', cluster().profilePath, '--slot-list', SLOTS.join(','), '--yes'];
      const there = await runCli(['reshard', '--from', from.id, '--to', to.id, '--pace', 'gentle', ...args], cluster().env, 120_000);
      assert.equal(there.code, 0, there.stderr);
      assert.match(there.stderr, /canary [\d.]+ ms \(budget [\d.]+\), [1-4] slot\(s\) per pipeline/);
      const back = await runCli(['reshard', '--from', to.id, '--to', from.id, ...args], cluster().env, 120_000);
      assert.equal(back.code, 0, back.stderr);
      assert.doesNotMatch(back.stderr, /canary/);
      assert.deepEqual(await wrongKeys(session, keys), []);
    } finally {
      await session.close();
    }
  });

  it('fast: whole chunks of MIGRATEs together (the shape gentle avoids)', async () => {
    const shape = await move('fast');
    assert.ok(shape.maxMigrates > 4 || shape.maxInFlight > 1, JSON.stringify(shape));
  });
});
