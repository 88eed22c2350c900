// The MCP server (`redis-cluster mcp`) driven by the official SDK client over stdio, against a real TLS cluster of
// its own (admin tools change it): every tool listed, every read tool called, bad input answered as an error result
// with the cluster unchanged, admin refused without --allow-admin, and with it the plan shown and the action run.
// Every result is searched for the cluster's password.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { ClusterSession } from '../../src/core/connection/session';
import { buildCli, cliPath } from '../support/cli';
import { privateCluster, sessionFor } from '../support/cluster';
import { basePort } from '../support/ports';

interface Server {
  client: Client;
  stderr: () => string;
  call(name: string, args?: Record<string, unknown>): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

const layout = (t: Topology) =>
  t.nodes
    .map((n) => `${n.id}:${n.role}:${n.masterId ?? ''}:${JSON.stringify(n.slots)}`)
    .sort()
    .join('\n');

describe('MCP server over stdio (SDK client, private TLS cluster)', function () {
  this.timeout(180_000);
  const cluster = privateCluster({ basePort: basePort('agentTools') });
  let session: ClusterSession;
  let dir: string;
  const seen: string[] = [];

  async function start(extra: string[] = []): Promise<Server> {
    const info = cluster();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliPath(), 'mcp', '--profile', info.profilePath, ...extra],
      env: { ...(process.env as Record<string, string>), [info.passwordEnv]: info.password },
      stderr: 'pipe',
    });
    let err = '';
    transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const client = new Client({ name: 'agent-mcp-test', version: '1.0.0' });
    await client.connect(transport);
    return {
      client,
      stderr: () => err,
      async call(name, args = {}) {
        const r = await client.callTool({ name, arguments: args });
        const content = r.content as { type: string; text: string }[];
        const text = content.map((c) => c.text).join('\n');
        seen.push(text);
        return { text, isError: r.isError === true };
      },
      close: () => client.close(),
    };
  }

  before(async () => {
    buildCli();
    session = sessionFor(cluster());
    const c = await session.cluster();
    for (let i = 0; i < 50; i++) await c.set(`user:${i}`, `value-${i}`);
    await c.set('big:1', 'v'.repeat(5000));
    dir = mkdtempSync(path.join(tmpdir(), 'rc-agent-mcp-'));
  });

  after(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    const pw = cluster().password;
    for (const t of seen) assert.ok(!t.includes(pw), `a result holds the cluster password: ${t.slice(0, 200)}`);
  });

  it('read-only: lists every tool and answers each read tool from the cluster', async () => {
    const s = await start();
    try {
      const { tools } = await s.client.listTools();
      const names = tools.map((t) => t.name);
      for (const n of ['profiles', 'topology', 'check', 'diagnose', 'key', 'distribution', 'keys_in_code', 'keyspace_analysis', 'command'])
        assert.ok(names.includes(`redis_cluster_${n}`), `missing redis_cluster_${n} in ${names.join(', ')}`);
      for (const n of ['failover', 'rebalance', 'reshard', 'fix']) {
        const t = tools.find((x) => x.name === `redis_cluster_${n}`);
        assert.equal(t?.annotations?.destructiveHint, true, n);
        assert.match(t?.description ?? '', /read-only: only dryRun works/);
      }
      assert.match((await s.call('redis_cluster_profiles')).text, /"scope":"file".*"readOnly":false/);
      const topo = await s.call('redis_cluster_topology');
      assert.match(topo.text, /^Cluster ".*" is ok: 3 shard\(s\), 6 node\(s\)\./);
      assert.match((await s.call('redis_cluster_check')).text, /^Check OK: 3 master\(s\), 3 replica\(s\)/);
      assert.match((await s.call('redis_cluster_diagnose')).text, /^Diagnose ".*": \d+ error\(s\).*6\/6 node\(s\) reached/);
      const key = await s.call('redis_cluster_key', { keys: ['user:1'] });
      assert.match(key.text, new RegExp(`Key user:1 is in slot ${keySlot('user:1')}, owned by 127\\.0\\.0\\.1:\\d+; a string`));
      assert.match(key.text, /"ttl":"no expiry".*"memoryBytes":\d+/);
      const cross = await s.call('redis_cluster_key', { keys: ['user:1', 'user:2'] });
      assert.match(cross.text, /2 keys in 2 slot\(s\): they cannot be used together.*CROSSSLOT/);
      assert.match(cross.text, /"hashTagHint":\{.*"keys":\["\{user\}:1","\{user\}:2"\]/);
      assert.match((await s.call('redis_cluster_distribution')).text, /^51 key\(s\) over 3 master\(s\); imbalance/);
      const file = path.join(dir, 'app.ts');
      writeFileSync(
        file,
        "import Redis from 'ioredis';\nconst r = new Redis.Cluster([]);\nexport const f = () => r.mget('user:1', 'user:2');\n",
      );
      const kic = await s.call('redis_cluster_keys_in_code', { file });
      assert.match(kic.text, /app\.ts: 1 finding\(s\)\./);
      assert.match(kic.text, /"line":3,.*"code":"redis-cluster\.crossslot"/);
      assert.match((await s.call('redis_cluster_keyspace_analysis')).text, /^No analysis has run/);
      const get = await s.call('redis_cluster_command', { command: 'GET user:7' });
      assert.equal(get.isError, false);
      assert.match(get.text, /GET answered by 127\.0\.0\.1:\d+\.\nvalue-7$/);
      const info = await s.call('redis_cluster_command', {
        command: 'INFO memory',
        node: topo.text.match(/"address":"(127\.0\.0\.1:\d+)"/)?.[1],
      });
      assert.match(info.text, /^INFO answered by 127\.0\.0\.1:\d+\.\n# Memory\r\nused_memory:\d+/);
      const big = await s.call('redis_cluster_command', { command: 'GET big:1' });
      assert.match(big.text, /\[truncated: 3000 more characters\]/);
    } finally {
      await s.close();
    }
  });

  it('refuses writes, dangerous and secret-bearing commands, and answers bad input as errors; nothing changes', async () => {
    const before = layout(await discoverTopology(session));
    const s = await start();
    try {
      const refused: [string, Record<string, unknown>, RegExp][] = [
        ['redis_cluster_command', { command: 'SET user:1 changed' }, /read-only: SET refused/],
        ['redis_cluster_command', { command: 'FLUSHALL' }, /refused/],
        ['redis_cluster_command', { command: 'CONFIG GET requirepass' }, /refused/],
        ['redis_cluster_command', { command: 'AUTH default x' }, /carries a secret/],
        ['redis_cluster_command', { command: 'EVAL "return redis.call(\'set\',KEYS[1],1)" 1 user:1' }, /refused/],
        ['redis_cluster_command', { command: 'BLPOP user:list 1' }, /refused/],
        [
          'redis_cluster_command',
          { command: 'HGETALL user:1' },
          /HGETALL on 127\.0\.0\.1:\d+: the server replied with an error: WRONGTYPE/,
        ],
        ['redis_cluster_topology', { profile: 'nope' }, /no profile "nope"/],
        ['redis_cluster_key', { keys: ['"\\xZZ"'] }, /input "keys"\[0\]: bad escape/],
        ['redis_cluster_key', { keys: 'user:1' }, /input "keys" must be an array/],
        ['redis_cluster_reshard', { from: ['ffff0000'], to: 'x', slots: 5, dryRun: true }, /input "from\[0\]": no node "ffff0000"/],
        ['redis_cluster_reshard', { from: [], to: 'x', slots: '5' }, /input "from" must have at least 1 item/],
        ['redis_cluster_failover', { node: 'nonexistent:1', dryRun: true }, /input "node": no node/],
        ['redis_cluster_command', { command: 'GET a', node: '10.9.9.9:1' }, /input "node": no node/],
        ['redis_cluster_keys_in_code', { file: path.join(dir, 'x.txt') }, /not a .ts/],
      ];
      for (const [name, args, re] of refused) {
        const r = await s.call(name, args);
        assert.equal(r.isError, true, `${name} ${JSON.stringify(args)}: ${r.text}`);
        assert.match(r.text, re, `${name} ${JSON.stringify(args)}`);
        assert.ok(!/\n\s+at /.test(r.text), `stack trace in ${r.text}`);
      }
    } finally {
      await s.close();
    }
    assert.equal((await (await session.cluster()).get('user:1')) ?? '', 'value-1');
    assert.equal(layout(await discoverTopology(session)), before);
  });

  it('admin tools: refused without --allow-admin (dryRun still plans); with it the plan is shown and the action runs', async () => {
    const t0 = await discoverTopology(session);
    const [a, b] = t0.nodes.filter((n) => n.role === 'master');
    const replica = t0.nodes.find((n) => n.role === 'replica') as (typeof t0.nodes)[number];
    const ro = await start();
    try {
      const r = await ro.call('redis_cluster_failover', { node: replica.id });
      assert.equal(r.isError, true);
      assert.match(r.text, /admin tools are disabled here.*--allow-admin.*nothing was changed/);
      const dry = await ro.call('redis_cluster_reshard', { from: [a.id], to: b.id, slots: 10, dryRun: true });
      assert.equal(dry.isError, false, dry.text);
      assert.match(dry.text, /plan only \(dryRun\), nothing was changed/);
      assert.match(dry.text, /redis-cluster reshard --profile .* --from [0-9a-f]{40} --to [0-9a-f]{40} --slots 10 --yes/);
    } finally {
      await ro.close();
    }
    assert.equal(layout(await discoverTopology(session)), layout(t0));

    const rw = await start(['--allow-admin']);
    try {
      const moved = await rw.call('redis_cluster_reshard', { from: [a.id], to: b.id, slots: 10 });
      assert.equal(moved.isError, false, moved.text);
      assert.match(moved.text, /^reshard done: moved 10 slot\(s\)/);
      assert.match(moved.text, /"plan":"10 slot\(s\).*move on/);
      assert.match(rw.stderr(), /running: redis-cluster reshard --profile /);
      const back = await rw.call('redis_cluster_reshard', { from: [b.id], to: a.id, slots: 10 });
      assert.match(back.text, /^reshard done: moved 10 slot\(s\)/);
      const fo = await rw.call('redis_cluster_failover', { node: replica.id });
      assert.equal(fo.isError, false, fo.text);
      assert.match(fo.text, /^Failover done: 127\.0\.0\.1:\d+ is master/);
      const t1 = await discoverTopology(session);
      assert.equal(t1.nodes.find((n) => n.id === replica.id)?.role, 'master');
      const fix = await rw.call('redis_cluster_fix', {});
      assert.match(fix.text, /nothing for fix to repair/);
      assert.match((await rw.call('redis_cluster_check')).text, /^Check OK/);
    } finally {
      await rw.close();
    }
  });
});
