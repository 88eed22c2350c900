// What the real Redis 7.0 test cluster says about itself, through the same paths Valkey 8 and Redis 7.4 take in
// the unit tests (test/unit/servers.test.ts): identity per node in `topology --json` and Diagnose, capabilities
// from COMMAND INFO (no SLOT-STATS, no server-side migration API on 7.0), and the fallbacks that keep working.
import { strict as assert } from 'node:assert';
import { assertReadyForMigration } from '../../src/core/admin/ops/guard';
import type { ClusterSession } from '../../src/core/connection/session';
import { diagnose, reportOf } from '../../src/core/diagnose';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { readServers } from '../../src/core/monitoring/serverInfo';
import { SlotLoadUnavailableError, readSlotLoad } from '../../src/core/monitoring/slotLoad';
import { discoverTopology } from '../../src/core/topology/topology';
import { runCli } from '../support/cli';
import { sessionFor, sharedCluster } from '../support/cluster';

describe('servers on the real Redis 7.0 cluster', function () {
  this.timeout(120000);
  let session: ClusterSession;
  let profilePath = '';
  let password = '';

  before(async () => {
    const info = await sharedCluster();
    profilePath = info.profilePath;
    password = info.password;
    session = sessionFor(info);
  });

  after(async () => session?.close());

  it('topology --json names each node server and version, read from the node itself', async () => {
    const { code, stdout, stderr } = await runCli(
      ['topology', '--profile', profilePath, '--json'],
      { REDIS_CLUSTER_PASSWORD: password },
      60_000,
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as { nodes: { id: string; server: { name: string; version: string } | null }[] };
    assert.equal(out.nodes.length, 6);
    for (const n of out.nodes) {
      assert.equal(n.server?.name, 'redis', `${n.id}: ${JSON.stringify(n.server)}`);
      assert.match(n.server?.version ?? '', /^7\.0\.\d+$/);
    }
  });

  it('capabilities come from COMMAND INFO: 7.0 has neither SLOT-STATS nor a server-side migration API', async () => {
    const servers = await readServers(session, (await discoverTopology(session)).nodes);
    assert.equal(servers.length, 6);
    for (const s of servers) assert.deepEqual(s.capabilities, { slotStats: false, serverMigration: undefined }, s.address);
  });

  it('key counts fall back to counting slot by slot, and rebalance by load says why it cannot run', async () => {
    const topo = await discoverTopology(session);
    const d = await countKeysPerSlot(session, topo);
    assert.ok(d.masters.every((m) => m.via === 'count'));
    assert.equal(d.counters, undefined);
    await assert.rejects(readSlotLoad(session, topo, { windowMs: 10 }), (e: unknown) => {
      assert.ok(e instanceof SlotLoadUnavailableError);
      assert.match(e.message, /has no CLUSTER SLOT-STATS/);
      assert.match(e.hint, /Valkey 8\+, Redis 8\.2\+/);
      return true;
    });
  });

  it('the migration guard passes on 7.0 (no server-side job API to ask), and Diagnose names the servers', async () => {
    await assertReadyForMigration(session, 'test');
    const r = reportOf(await diagnose(session));
    assert.equal(r.servers?.length, 1);
    assert.match(r.servers?.[0].label ?? '', /^Redis 7\.0\.\d+$/);
    assert.equal(r.servers?.[0].nodes.length, 6);
    assert.ok(!r.findings.some((f) => f.id === 'servers.mixed-versions'));
  });
});
