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
import { spawn } from 'node:child_process';
import { buildCli, cliPath, runCli } from '../support/cli';
import { basePort } from '../support/ports';
import { namespacedKeys, seedKeys } from '../support/seedKeys';
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
      (e: unknown) =>
        e instanceof LinkDownError && /link to cluster .* is down since .*reconnecting/.test(e.message) && /retry/i.test(e.hint),
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

  it('an admin move cut by the link stops at a step boundary, says what it did and how to finish; fix finishes it', async function () {
    this.timeout(120_000);
    const info = cluster();
    const session2 = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
    try {
      await seedKeys(session2, namespacedKeys('drops', 30_000));
    } finally {
      await session2.close();
    }
    buildCli();
    const topo = await read();
    const [from, to] = topo.shards.map((sh) => sh.master!.id);
    // The move runs in a CLI process through the link (gentle, so it takes a while); the link is cut as soon as
    // the first group of slots reports done.
    const r = await new Promise<{ code: number | null; said: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          cliPath(),
          'reshard',
          '--profile',
          remote!.profilePath,
          '--from',
          from,
          '--to',
          to,
          '--slots',
          '3000',
          '--pace',
          'gentle',
          '--yes',
        ],
        { env: { ...process.env, ...info.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let said = '';
      let cut = false;
      const onData = (d: Buffer) => {
        said += d.toString();
        if (!cut && /slots [1-9]\d*\/3000/.test(said)) {
          cut = true;
          void remote!.forwarder.kill();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, said });
      });
    });
    await remote!.forwarder.restore();
    assert.notEqual(r.code, 0, `the move finished before the link was cut: ${r.said.slice(-300)}`);
    const said = r.said;
    assert.match(said, /\d+ of 3000 slots moved/, said.slice(-800));
    assert.match(said, /fix|run .*again|re-run/i, said.slice(-800));
    console.log(`      what the cut move said: ${said.trim().split('\n').slice(-2).join(' | ').slice(0, 600)}`);
    // The cut process could not release its admin lock over a dead link: fix waits for it to expire (30 s).
    let fixed = await runCli(['fix', '--profile', remote!.profilePath, '--yes'], info.env, 90_000);
    for (let i = 0; i < 12 && fixed.code !== 0 && /another admin operation is running/.test(fixed.stderr); i++) {
      await new Promise((res) => setTimeout(res, 5000));
      fixed = await runCli(['fix', '--profile', remote!.profilePath, '--yes'], info.env, 90_000);
    }
    assert.equal(fixed.code, 0, `${fixed.stdout.slice(-600)} ${fixed.stderr.slice(-600)}`);
    const checked = await runCli(['check', '--profile', remote!.profilePath], info.env);
    assert.equal(checked.code, 0, checked.stdout);
  });
});
