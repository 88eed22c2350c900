// A link that stalls, drops and comes back, between a connected session and a remote cluster (a DelayForwarder
// at RTT 20 ms paused, then killed, then listening again). The core's LinkWatch must see the stall within 2 s,
// make reads fail fast while the link is down, and recover on the next periodic read without piling up
// connections.
import { strict as assert } from 'node:assert';
import { ClusterSession } from '../../src/core/connection/session';
import { LinkDownError, LinkWatch } from '../../src/core/connection/linkWatch';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { discoverTopology } from '../../src/core/topology/topology';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';
import { type RemoteCluster, remoteCluster } from '../support/remoteCluster';

describe('remote cluster: the link stalls, drops and comes back', function () {
  this.timeout(60_000);
  const cluster = privateCluster({ basePort: basePort('remoteDrops'), masters: 3, replicasPerMaster: 0 });
  let remote: RemoteCluster | undefined;
  let session: ClusterSession;
  let watch: LinkWatch;
  const changes: string[] = [];

  before(async () => {
    remote = await remoteCluster(cluster(), basePort('remoteDrops') + 3, 10);
    session = new ClusterSession(loadProfileFile(remote.profilePath), { password: cluster().password });
    watch = new LinkWatch(session);
    watch.onChange((s) => changes.push(s));
  });

  after(async () => {
    await session?.close();
    await remote?.stop();
  });

  const read = () => watch.watch(() => discoverTopology(session));

  it('a connected session reads through the link', async () => {
    const topo = await read();
    assert.equal(topo.nodes.length, 3);
    assert.equal(watch.state, 'up');
  });

  it('a stalled link is seen within 2 s, and what waited on it fails then instead of queuing', async () => {
    remote!.forwarder.pause();
    const t0 = Date.now();
    const pending = session.node(`127.0.0.1:${remote!.ports[0]}`).then((c) => c.get('remote:any'));
    const failed = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(failed, 'the read over a stalled link must fail');
    assert.ok(Date.now() - t0 < 2000, `reconnecting only after ${Date.now() - t0} ms`);
    assert.equal(watch.state, 'reconnecting');
    // The GET sent before the stall was seen waits on a dropped connection: it fails now, not at the 10 s timeout.
    const waited = await pending.then(
      () => 'answered',
      (e: Error) => e.message,
    );
    assert.ok(Date.now() - t0 < 2500, `the waiting GET settled only after ${Date.now() - t0} ms (${waited})`);
  });

  it('while the link is down, reads fail fast with a message that says so', () => {
    const t0 = Date.now();
    assert.throws(
      () => watch.assertUp(),
      (e: unknown) => e instanceof LinkDownError && /link to cluster .* is down since .*reconnecting/.test(e.message) && /retry/i.test(e.hint),
    );
    assert.ok(Date.now() - t0 < 50);
  });

  it('a dropped link (connections cut, port refused) keeps it reconnecting; each attempt fails on its own', async () => {
    await remote!.forwarder.kill();
    remote!.forwarder.resume();
    const t0 = Date.now();
    await assert.rejects(read());
    assert.ok(Date.now() - t0 < 6000, `a refused reconnect took ${Date.now() - t0} ms`);
    assert.equal(watch.state, 'reconnecting');
  });

  it('when the link is back, the next periodic read reconnects, with one connection per node', async () => {
    await remote!.forwarder.restore();
    const topo = await read();
    assert.equal(topo.nodes.length, 3);
    assert.equal(watch.state, 'up');
    assert.doesNotThrow(() => watch.assertUp());
    // A read that touches every node, then count the connections the forwarder carries for this process.
    await Promise.all(topo.nodes.map(async (n) => (await session.node(`${n.host}:${n.port}`)).ping()));
    await read();
    assert.ok(remote!.forwarder.openClientLinks() <= 3, `${remote!.forwarder.openClientLinks()} connections for 3 nodes`);
    assert.deepEqual(changes, ['reconnecting', 'up']);
  });
});
