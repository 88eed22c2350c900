// The CLI's topology and keyslot commands against the real cluster, through the built dist/cli.js.
import { strict as assert } from 'node:assert';
import { buildCli, runCli } from '../support/cli';
import { sharedCluster } from '../support/cluster';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, env, 60_000);

describe('CLI: topology and keyslot', function () {
  this.timeout(60000);
  before(async () => {
    buildCli();
    await sharedCluster();
  });

  it('topology --json lists 6 nodes with roles, masters and slots', async () => {
    const info = await sharedCluster();
    const r = await cli(['topology', '--profile', info.profilePath, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      nodes: Array<{ id: string; role: string; masterId: string | null; slots: number[][]; flags: string[]; host: string; port: number }>;
    };
    const masters = out.nodes.filter((n) => n.role === 'master');
    const replicas = out.nodes.filter((n) => n.role === 'replica');
    assert.equal(masters.length, 3);
    assert.equal(replicas.length, 3);
    for (const r2 of replicas) assert.ok(masters.some((m) => m.id === r2.masterId));
    assert.equal(
      masters.flatMap((m) => m.slots).reduce((n, [a, b]) => n + b - a + 1, 0),
      16384,
    );
    assert.ok(out.nodes.every((n) => n.host === '127.0.0.1' && info.ports.includes(n.port)));
  });

  it('keyslot works offline, keeps argument order and decodes base64', async () => {
    const r = await cli(['keyslot', 'foo', '{user1000}.following', '--base64', Buffer.from([0xff, 0x00]).toString('base64'), '--json']);
    assert.equal(r.code, 2, 'mixing: every argument is base64 with --base64, so "foo" must be rejected');
    const ok = await cli(['keyslot', 'foo', '{user1000}.following', '--json']);
    assert.deepEqual(JSON.parse(ok.stdout), [
      { key: 'foo', slot: 12182 },
      { key: '{user1000}.following', slot: 3443 },
    ]);
  });

  it('keyslot --profile cross-checks with the server', async () => {
    const info = await sharedCluster();
    const r = await cli(['keyslot', 'foo', 'a{b}c', '--json', '--profile', info.profilePath]);
    assert.equal(r.code, 0, r.stderr);
    for (const row of JSON.parse(r.stdout) as Array<{ slot: number; serverSlot: number }>) assert.equal(row.serverSlot, row.slot);
  });

  it('fails with a clear message and no secret on a wrong password', async () => {
    const info = await sharedCluster();
    const r = await cli(['topology', '--profile', info.profilePath], { ...process.env, REDIS_CLUSTER_PASSWORD: 'Sup3r-Wrong' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /authentication failed/);
    assert.ok(!r.stderr.includes('Sup3r-Wrong'));
  });

  it('rejects unknown flags and commands with usage errors', async () => {
    assert.equal((await cli(['topology', '--nope'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    const missing = await cli(['topology', '--profile', '/nonexistent/profile.json']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read profile file: ENOENT/);
  });
});
