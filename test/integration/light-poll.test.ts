// The periodic poll on the real cluster: what one poll sends (counted by each node's commandstats), and a node
// frozen by DEBUG SLEEP stretching the period instead of stacking polls.
import * as assert from 'node:assert/strict';
import { LightPoller } from '../../src/core/monitoring/lightPoll';
import { PollScheduler } from '../../src/core/monitoring/pollScheduler';
import type { ClusterSession } from '../../src/core/connection/session';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

type Calls = Map<string, Map<string, number>>;

async function commandCalls(observer: ClusterSession, addresses: string[]): Promise<Calls> {
  const out: Calls = new Map();
  await Promise.all(
    addresses.map(async (a) => {
      const text = String(await (await observer.node(a)).info('commandstats'));
      const m = new Map<string, number>();
      for (const line of text.split('\n')) {
        const hit = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
        if (hit) m.set(hit[1], Number(hit[2]));
      }
      out.set(a, m);
    }),
  );
  return out;
}

/** Calls per command summed over nodes, after minus before, less the observer's own INFO per node. */
function delta(before: Calls, after: Calls): Map<string, number> {
  const out = new Map<string, number>();
  for (const [a, m] of after) {
    for (const [cmd, n] of m) out.set(cmd, (out.get(cmd) ?? 0) + n - (before.get(a)?.get(cmd) ?? 0));
  }
  out.set('info', (out.get('info') ?? 0) - after.size);
  // Replication's own traffic (a master's REPLCONF GETACK after a WAIT elsewhere, acks) is not the poll's.
  for (const cmd of ['replconf', 'psync', 'sync']) out.delete(cmd);
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

describe('light periodic poll', function () {
  this.timeout(120000);
  let session: ClusterSession;
  let observer: ClusterSession;
  let addresses: string[];

  before(async () => {
    const info = await sharedCluster();
    session = sessionFor(info);
    observer = sessionFor(info);
    addresses = (await discoverTopology(observer)).nodes.map(address);
  });
  after(async () => {
    await session?.close();
    await observer?.close();
  });

  it('sends one INFO per node plus CLUSTER INFO and CLUSTER NODES to one master, turning through the masters', async () => {
    const poller = new LightPoller(session);
    await poller.poll();
    const before = await commandCalls(observer, addresses);
    const seeds = new Set<string>();
    for (let i = 0; i < 6; i++) seeds.add((await poller.poll()).topology.source);
    const d = delta(before, await commandCalls(observer, addresses));
    // RedisInsight's poll is INFO per node + CLUSTER INFO + CLUSTER SHARDS: 6 + 2 commands per poll here.
    assert.deepEqual(Object.fromEntries(d), { info: 6 * 6, 'cluster|info': 6, 'cluster|nodes': 6 });
    assert.equal(seeds.size, 3, `CLUSTER NODES went to ${[...seeds].join(', ')}`);
  });

  it('keeps one poll in flight while a node sleeps: the period stretches, polls do not stack', async () => {
    const poller = new LightPoller(session);
    await poller.poll();
    const scheduler = new PollScheduler({
      intervalMs: () => 200,
      poll: (signal) => poller.poll({ timeoutMs: 5000, signal }).then(() => undefined),
    });
    const sleeper = addresses[addresses.length - 1];
    const healthy = addresses[0];
    const before = await commandCalls(observer, [healthy]);
    const t0 = Date.now();
    scheduler.setVisible('test', true);
    await new Promise((r) => setTimeout(r, 300));
    // A separate connection freezes the node for 2.5 s; the poller's INFO to it waits that long.
    const freezer = sessionFor(await sharedCluster());
    const frozen = (await freezer.node(sleeper)).call('DEBUG', 'SLEEP', '2.5');
    // Meanwhile the user keeps asking: manual refreshes and visibility flips fold into the running poll.
    for (let i = 0; i < 10; i++) {
      void scheduler.pollNow();
      scheduler.setVisible(`dash${i}`, true);
      await new Promise((r) => setTimeout(r, 150));
    }
    await frozen;
    await freezer.close();
    await new Promise((r) => setTimeout(r, 400));
    scheduler.dispose();
    const elapsed = Date.now() - t0;
    const started = scheduler.counters.started;
    await new Promise((r) => setTimeout(r, 300));
    const infos = delta(before, await commandCalls(observer, [healthy])).get('info') ?? 0;
    assert.equal(scheduler.counters.maxInFlight, 1);
    assert.ok(scheduler.counters.folded >= 5, `${scheduler.counters.folded} requests folded`);
    // Back to back with no sleep, ~elapsed/200 polls could start; the 2.5 s freeze holds one poll, so far fewer do.
    assert.ok(started <= Math.ceil((elapsed - 2500) / 200) + 2, `${started} polls in ${elapsed} ms`);
    assert.equal(infos, started, `the healthy node got ${infos} INFO for ${started} polls`);
  });
});
