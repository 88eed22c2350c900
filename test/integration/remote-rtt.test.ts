// Round-trip budgets of whole CLI processes at RTT 20 ms (bench/README.md, "Remote clusters"): a private TLS
// cluster whose nodes announce the ports of a DelayForwarder, so every exchange pays the delay. The forwarder counts
// the round trips on the client's critical path; nothing here is timed. Scheduling noise on a loaded machine can
// only add to a count (a reply from another node arriving first makes a request look later), so each command runs
// up to three times and its smallest count is the one compared with the budget.
import { strict as assert } from 'node:assert';
import { buildCli } from '../support/cli';
import { privateCluster, sessionFor } from '../support/cluster';
import { basePort } from '../support/ports';
import { type RemoteCluster, remoteCluster } from '../support/remoteCluster';
import { CLI_CASES, CORE_CASES, connectedSession, countCli, countCore } from '../support/roundTrips';
import { namespacedKeys, seedKeys } from '../support/seedKeys';

const KEYS = 100_000;

describe('remote cluster round trips at RTT 20 ms (CLI processes through a delaying forwarder)', function () {
  this.timeout(120_000);
  const cluster = privateCluster({ basePort: basePort('remoteRtt') });
  let remote: RemoteCluster | undefined;

  before(async function () {
    this.timeout(180_000);
    buildCli();
    const info = cluster();
    const session = sessionFor(info);
    try {
      await seedKeys(session, [...namespacedKeys('remote', KEYS - 1), 'remote:probe']);
    } finally {
      await session.close();
    }
    remote = await remoteCluster(info, basePort('remoteForwarders'), 10);
  });

  after(async () => {
    await remote?.stop();
  });

  for (const c of CLI_CASES) {
    it(`${c.name}: at most ${c.budget} round trips`, async () => {
      if (!remote) throw new Error('remote cluster not set up');
      const counts: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await countCli(remote, c, cluster().env);
        assert.equal(r.code, 0, `${c.name} failed: ${r.stderr}`);
        counts.push(r.roundTrips);
        if (r.roundTrips <= c.budget) break;
      }
      const best = Math.min(...counts);
      // A count of 0 would mean the process bypassed the forwarder, and the budget proves nothing.
      assert.ok(best > 0, `${c.name} made no round trip through the forwarder`);
      assert.ok(best <= c.budget, `${c.name}: ${best} round trips (runs: ${counts.join(', ')}), budget ${c.budget}`);
    });
  }

  for (const c of CORE_CASES) {
    it(`once connected, ${c.name}: at most ${c.budget} round trips`, async () => {
      if (!remote) throw new Error('remote cluster not set up');
      const { session, topology } = await connectedSession(remote);
      try {
        const counts: number[] = [];
        for (let attempt = 0; attempt < 3 && Math.min(...counts, Infinity) > c.budget; attempt++) {
          counts.push(await countCore(remote, c, session, topology));
        }
        const best = Math.min(...counts);
        assert.ok(best > 0, `${c.name} made no round trip through the forwarder`);
        assert.ok(best <= c.budget, `${c.name}: ${best} round trips (runs: ${counts.join(', ')}), budget ${c.budget}`);
      } finally {
        await session.close();
      }
    });
  }

  it('scan through the forwarder still returns every key', async () => {
    if (!remote) throw new Error('remote cluster not set up');
    const r = await countCli(remote, CLI_CASES.find((c) => c.name === 'scan')!, cluster().env);
    assert.match(r.stderr, new RegExp(`^${KEYS} keys`, 'm'));
  });
});
