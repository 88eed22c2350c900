// Connecting through a profile: topology over TLS, seed failover, and the real cause of failures.
import { strict as assert } from 'node:assert';
import { ClusterConnectionError } from '../../src/core/common/errors';
import { ClusterSession } from '../../src/core/connection/session';
import { type ClusterProfile, loadProfileFile } from '../../src/core/profiles/profile';
import { discoverTopology } from '../../src/core/topology/topology';
import { connectCluster } from '../../src/core/connection/connect';
import { countSlots, mergeRanges } from '../../src/core/topology/slots';
import { sharedCluster } from '../support/cluster';

async function failure(profile: ClusterProfile, password: string | undefined): Promise<ClusterConnectionError> {
  const session = new ClusterSession(profile, { password, connectTimeoutMs: 1500 });
  try {
    await discoverTopology(session);
  } catch (e) {
    assert.ok(e instanceof ClusterConnectionError, `expected a classified error, got ${e}`);
    return e;
  } finally {
    await session.close();
  }
  throw new Error('connection unexpectedly succeeded');
}

describe('connections and topology over TLS', function () {
  this.timeout(60000);
  let profile: ClusterProfile;
  let password: string;
  before(async () => {
    const info = await sharedCluster();
    profile = loadProfileFile(info.profilePath);
    password = info.password;
  });

  it('discovers 3 shards with full slot coverage through CLUSTER SHARDS', async () => {
    const session = new ClusterSession(profile, { password });
    try {
      const t = await discoverTopology(session);
      assert.equal(t.info.state, 'ok');
      assert.equal(t.usedShardsCommand, true);
      assert.equal(t.shards.length, 3);
      for (const s of t.shards) assert.equal(s.replicas.length, 1);
      assert.equal(countSlots(mergeRanges(t.shards.flatMap((s) => s.slots))), 16384);
      assert.ok(t.nodes.every((n) => typeof n.replicationOffset === 'number'));
    } finally {
      await session.close();
    }
  });

  it('survives a dead first seed', async () => {
    const session = new ClusterSession({ ...profile, nodes: ['127.0.0.1:1', ...profile.nodes] }, { password });
    try {
      assert.equal((await discoverTopology(session)).nodes.length, 6);
    } finally {
      await session.close();
    }
  });

  it('routes key commands through the cluster client', async () => {
    const cluster = await connectCluster(profile, { password });
    try {
      await cluster.set('it:connect:{x}', 'v');
      assert.equal(await cluster.get('it:connect:{x}'), 'v');
      await cluster.del('it:connect:{x}');
    } finally {
      cluster.disconnect();
    }
  });

  it('reports a wrong password as such', async () => {
    const e = await failure(profile, 'wrong-password');
    assert.equal(e.kind, 'auth');
    assert.ok(!e.message.includes('wrong-password'));
  });

  it('reports a missing password', async () => {
    assert.equal((await failure(profile, undefined)).kind, 'noauth');
  });

  it('reports an untrusted CA', async () => {
    const info = await sharedCluster();
    const e = await failure({ ...profile, tls: { ...profile.tls, ca: info.certs?.otherCa } }, password);
    assert.equal(e.kind, 'tls-verify');
  });

  it('reports a host name mismatch', async () => {
    const e = await failure({ ...profile, tls: { ...profile.tls, servername: 'not-the-host' } }, password);
    assert.equal(e.kind, 'tls-hostname');
  });

  it('reports plain text sent to a TLS port', async () => {
    assert.equal((await failure({ ...profile, tls: undefined }, password)).kind, 'plain-on-tls-port');
  });

  it('reports a refused port and names the node', async () => {
    const e = await failure({ ...profile, nodes: ['127.0.0.1:1'] }, password);
    assert.equal(e.kind, 'refused');
    assert.equal(e.node, '127.0.0.1:1');
  });
});
