// A Docker-like cluster (network namespace, announced host names, ports published on loopback by a forwarder):
// through a profile with natMap, and each node's TLS server name from its announced host name, topology,
// distribution, scan, check, a reshard and a failover pass; without natMap, one clear error names the fix.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ClusterConnectionError } from '../../src/core/common/errors';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { checkCluster } from '../../src/core/admin/ops/check';
import { failover } from '../../src/core/admin/ops/failover';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import { scanCluster } from '../../src/core/keys/scan';
import { ClusterSession } from '../../src/core/connection/session';
import { countSlots } from '../../src/core/topology/slots';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { type NatCluster, natClusterUnsupported, startNatCluster } from '../support/natCluster';
import { basePort } from '../support/ports';

const KEYS = 3000;
const exec = promisify(execFile);

describe('Docker-like cluster: nodes announcing host names behind NAT', function () {
  this.timeout(180000);
  let cluster: NatCluster | undefined;
  let profile: ClusterProfile;

  before(async function () {
    const why = natClusterUnsupported();
    if (why) {
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    cluster = await startNatCluster(basePort('natDocker'));
    profile = {
      name: 'docker',
      nodes: cluster.nodes.slice(0, 2).map((n) => `127.0.0.1:${n.published}`),
      tls: { ca: cluster.ca },
      natMap: cluster.natMap,
    };
  });

  after(async function () {
    this.timeout(60000);
    await cluster?.stop();
  });

  function session(p: ClusterProfile = profile): ClusterSession {
    return new ClusterSession(p, { password: cluster?.password, connectTimeoutMs: 3000 });
  }

  it('without natMap: one clear error that names the announced addresses and the natMap fix', async () => {
    const c = cluster as NatCluster;
    // The seed is reachable, but its certificate names only node-0.redis.invalid: without natMap the user has to
    // give that name, and then meets the unreachable announced addresses.
    const plain = session({ name: 'docker-no-map', nodes: [`127.0.0.1:${c.nodes[0].published}`], tls: { ca: c.ca } });
    const named = session({
      name: 'docker-no-map',
      nodes: [`127.0.0.1:${c.nodes[0].published}`],
      tls: { ca: c.ca, servername: c.nodes[0].hostname },
    });
    try {
      await assert.rejects(discoverTopology(plain), (e: unknown) => {
        assert.ok(e instanceof ClusterConnectionError);
        assert.equal(e.kind, 'tls-hostname');
        assert.match(e.hint, /natMap/);
        return true;
      });
      const t0 = Date.now();
      await assert.rejects(discoverTopology(named), (e: unknown) => {
        assert.ok(e instanceof ClusterConnectionError, String(e));
        assert.equal(e.kind, 'nat-unreachable');
        assert.match(e.message, /node-0\.redis\.invalid:6380 \(198\.19\.\d+\.1\)/);
        assert.match(e.message, /node-5\.redis\.invalid:6385/);
        assert.match(e.hint, new RegExp(`"natMap": \\{"node-0\\.redis\\.invalid:6380": "127\\.0\\.0\\.1:${c.nodes[0].published}"`));
        return true;
      });
      assert.ok(Date.now() - t0 < 8000, `the error took ${Date.now() - t0} ms; one short probe is expected, not a timeout per node`);
    } finally {
      await plain.close();
      await named.close();
    }
  });

  it('a natMap that leaves a node out: the error for that node names it and the natMap fix', async () => {
    const c = cluster as NatCluster;
    const first = c.nodes[0];
    const partial = session({
      ...profile,
      nodes: [`127.0.0.1:${first.published}`],
      natMap: { [`${first.hostname}:${first.port}`]: `127.0.0.1:${first.published}` },
    });
    try {
      const t = await discoverTopology(partial);
      const left = t.nodes.find((n) => n.hostname === c.nodes[3].hostname);
      assert.ok(left);
      await assert.rejects(partial.node(address(left)), (e: unknown) => {
        assert.ok(e instanceof ClusterConnectionError, String(e));
        assert.equal(e.kind, 'nat-unreachable');
        assert.match(e.message, /node-3\.redis\.invalid:6383 \(198\.19\.\d+\.4\): .*natMap does not map/);
        assert.match(e.hint, /"natMap": \{"node-3\.redis\.invalid:6383": "<reachable host:port>"/);
        return true;
      });
    } finally {
      await partial.close();
    }
  });

  it('with natMap: topology with host names, and every node answers under its own TLS name', async () => {
    const s = session();
    try {
      const t = await discoverTopology(s);
      assert.equal(t.info.state, 'ok');
      assert.equal(t.nodes.length, 6);
      assert.equal(t.shards.length, 3);
      for (const n of t.nodes) {
        assert.match(n.hostname ?? '', /^node-\d\.redis\.invalid$/);
        assert.match(n.host, /^198\.19\./);
        const client = await s.node(address(n));
        const myself = String(await client.cluster('MYID'));
        assert.equal(myself, n.id, `${address(n)} answered as ${myself}`);
      }
    } finally {
      await s.close();
    }
  });

  it('with natMap: keys through the routed client, distribution, scan and check', async () => {
    const s = session();
    try {
      const routed = await s.cluster();
      for (let i = 0; i < KEYS; i += 300) {
        await Promise.all(Array.from({ length: 300 }, (_, j) => routed.set(`nat:key:${i + j}`, String(i + j))));
      }
      assert.equal(await routed.get('nat:key:1234'), '1234');
      const t = await discoverTopology(s);
      const d = await countKeysPerSlot(s, t);
      assert.equal(d.complete, true);
      assert.equal(d.total, KEYS);
      let scanned = 0;
      for await (const page of scanCluster(s, { topology: t, match: 'nat:key:*' })) scanned += page.length;
      assert.equal(scanned, KEYS);
      const report = await checkCluster(s);
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.masters, 3);
    } finally {
      await s.close();
    }
  });

  it('with natMap: a reshard moves slots and keys (MIGRATE keeps the announced address)', async () => {
    const s = session();
    try {
      const before = await discoverTopology(s);
      const [a, b] = before.shards.map((sh) => sh.master).filter((m) => m !== undefined);
      const plan = planReshard(before, { from: [a.id], to: b.id, slots: 200 });
      const result = await executePlan(s, plan);
      assert.equal(result.status, 'done');
      assert.equal(result.slotsMoved, 200);
      assert.ok(result.keysMoved > 0, 'no keys moved');
      const after = await discoverTopology(s);
      const b2 = after.nodes.find((n) => n.id === b.id);
      assert.equal(countSlots(b2?.slots ?? []), countSlots(b.slots) + 200);
      const d = await countKeysPerSlot(s, after);
      assert.equal(d.total, KEYS);
      const routed = await s.cluster();
      assert.equal(await routed.get('nat:key:2999'), '2999');
    } finally {
      await s.close();
    }
  });

  it('with natMap: a failover promotes a replica', async () => {
    const s = session();
    try {
      const t = await discoverTopology(s);
      const replica = t.nodes.find((n) => n.role === 'replica');
      assert.ok(replica);
      const r = await failover(s, replica.id);
      assert.equal(r.newMasterId, replica.id);
      const after = await discoverTopology(s);
      assert.equal(after.nodes.find((n) => n.id === replica.id)?.role, 'master');
      const report = await checkCluster(s);
      assert.equal(report.ok, true, JSON.stringify(report.problems));
    } finally {
      await s.close();
    }
  });

  it('the CLI takes natMap from a profile file: check and topology pass', async () => {
    const c = cluster as NatCluster;
    const file = path.join(c.dir, 'profile.json');
    writeFileSync(file, JSON.stringify({ ...profile, tls: { ca: 'ca.crt' }, passwordEnv: 'NAT_CLUSTER_PASSWORD' }));
    await exec('node', ['scripts/build.mjs']);
    const env = { ...process.env, NAT_CLUSTER_PASSWORD: c.password };
    const check = await exec('node', ['dist/cli.js', 'check', '--profile', file, '--json'], { env, timeout: 60000 });
    assert.equal((JSON.parse(check.stdout) as { ok: boolean }).ok, true, check.stdout);
    const topo = await exec('node', ['dist/cli.js', 'topology', '--profile', file, '--json'], { env, timeout: 60000 });
    assert.equal((JSON.parse(topo.stdout) as { nodes: unknown[] }).nodes.length, 6);
  });
});
