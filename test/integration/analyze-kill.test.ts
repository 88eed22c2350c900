// A master killed (SIGKILL) in the middle of an analysis: the run still returns, marked partial, naming the dead
// node, with the other shards' figures complete. Private TLS cluster (block analyzeKill): the kill disturbs nothing else.
import { strict as assert } from 'node:assert';
import { killNode } from '../../scripts/cluster';
import { analyzeKeyspace } from '../../src/core/analyze/engine';
import { analyzeOptions } from '../../src/core/analyze/options';
import type { ClusterSession } from '../../src/core/connection/session';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { privateCluster, sessionFor } from '../support/cluster';
import { basePort } from '../support/ports';
import { namespacedKeys, seedKeys } from '../support/seedKeys';

describe('analyze: a node killed mid-analysis', function () {
  this.timeout(180000);
  const cluster = privateCluster({ basePort: basePort('analyzeKill') });
  let session: ClusterSession;

  before(async () => {
    session = sessionFor(cluster(), { commandTimeoutMs: 5000 });
    await seedKeys(session, namespacedKeys('kill', 150_000));
  });
  after(async () => session?.close());

  it('returns a partial report naming the dead master; the other shards are complete', async () => {
    const topo = await discoverTopology(session);
    const ms = topo.nodes.filter((n) => n.role === 'master' && n.slots.length);
    const victim = ms[0];
    const sizes = new Map<string, number>();
    for (const m of ms) sizes.set(m.id, Number(await (await session.node(address(m))).dbsize()));
    let killed = false;
    // Gentle pace: small batches, so the kill surely lands while the victim's shard is still being read.
    const report = await analyzeKeyspace(session, analyzeOptions({ pace: 'gentle' }, session.profile), {
      onProgress: (p) => {
        if (!killed && p.keys > 5000) {
          killed = true;
          void killNode(cluster(), victim.port);
        }
      },
    });
    assert.ok(killed, 'the kill happened during the run');
    assert.equal(report.partial, true);
    assert.match(report.partialReason ?? '', new RegExp(address(victim).replace(/\./g, '\\.')));
    assert.deepEqual(
      report.failedNodes.map((f) => f.node),
      [address(victim)],
    );
    const dead = report.shards.find((s) => s.shard === victim.id);
    assert.ok(dead?.error && !dead.done);
    assert.ok(dead.keys < (sizes.get(victim.id) ?? 0));
    for (const s of report.shards.filter((x) => x.shard !== victim.id)) {
      assert.equal(s.done, true);
      assert.equal(s.keys, sizes.get(s.shard), s.master);
    }
  });
});
