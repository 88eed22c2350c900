// The console on a real TLS cluster (a private one: the ASK test opens a slot migration by hand): CLI exec and
// call, routing to every master, MOVED and ASK, binary keys, errors, the readOnly refusal, output identical to
// redis-cli's, and the console engine's gates (protected name, KEYS on a big master) and Ctrl-C.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ConsoleEngine } from '../../src/core/console/engine';
import { execCommand } from '../../src/core/console/exec';
import { commandTable } from '../../src/core/console/commandTable';
import { formatReply } from '../../src/core/console/reply';
import { tokenize } from '../../src/core/console/tokenize';
import { ownerClient } from '../../src/core/keys/keys';
import { loadProfileFile } from '../../src/core/profiles/profile';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type ClusterNode, type Topology, address, discoverTopology, masters } from '../../src/core/topology/topology';
import { privateCluster, sessionFor } from '../support/cluster';
import { basePort } from '../support/ports';
import { deleteKeys, seedKeys } from '../support/seedKeys';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A key whose slot belongs to `master`. */
function keyOn(master: ClusterNode, prefix: string): string {
  for (let i = 0; ; i++) {
    const k = `${prefix}:${i}`;
    const slot = keySlot(k);
    if (master.slots.some(([a, b]) => slot >= a && slot <= b)) return k;
  }
}

describe('console: exec and call on a TLS cluster', function () {
  this.timeout(180_000);
  const cluster = privateCluster({ basePort: basePort('console'), masters: 3, replicasPerMaster: 1 });
  let session: ClusterSession;
  let topo: Topology;

  const cli = async (args: string[], profilePath = cluster().profilePath): Promise<CliResult> => {
    const env = { ...process.env, ...cluster().env };
    try {
      const argv = ['dist/cli.js', ...args.slice(0, 1), '--profile', profilePath, ...args.slice(1)];
      const { stdout, stderr } = await run('node', argv, { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const redisCli = async (port: number, args: string[]): Promise<string> => {
    const info = cluster();
    const tls = ['--tls', '--cacert', path.join(info.dir, 'certs/ca.crt')];
    const { stdout } = await run('redis-cli', ['--no-raw', ...tls, '-p', String(port), ...args], {
      env: { ...process.env, REDISCLI_AUTH: info.password },
    });
    return stdout.replace(/\n$/, '');
  };

  before(async () => {
    await run('node', ['scripts/build.mjs']);
    session = sessionFor(cluster());
    topo = await discoverTopology(session);
  });
  after(async () => session?.close());

  it('exec routes SET/GET to the owner of each of the three masters (JSON {node, reply})', async () => {
    const ms = masters(topo);
    assert.equal(ms.length, 3);
    for (const m of ms) {
      const key = keyOn(m, 'route');
      const set = await cli(['exec', '--json', '--', 'SET', key, `v-${m.port}`]);
      assert.equal(set.code, 0, set.stderr);
      assert.deepEqual(JSON.parse(set.stdout), { node: address(m), reply: 'OK' });
      const get = await cli(['exec', '--json', '--', 'GET', key]);
      assert.deepEqual(JSON.parse(get.stdout), { node: address(m), reply: `v-${m.port}` });
      assert.equal(get.stderr, '', 'routed straight to the owner: no redirect');
    }
  });

  it('follows MOVED from a node that does not own the key and reports the node that answered', async () => {
    const [a, b] = masters(topo);
    const key = keyOn(b, 'moved');
    const r = await execCommand(session, undefined, [Buffer.from('SET'), Buffer.from(key), Buffer.from('x')], { defaultNode: address(a) });
    assert.deepEqual(r.redirects, [{ kind: 'MOVED', slot: keySlot(key), to: address(b) }]);
    assert.equal(r.node, address(b));
    assert.equal(formatReply(r.reply), 'OK');
    const notFollowed = await execCommand(session, topo, tokenize(`GET ${key}`), { defaultNode: address(a), follow: false });
    assert.equal(notFollowed.node, address(a));
    assert.match(formatReply(notFollowed.reply), /^\(error\) MOVED \d+ 127\.0\.0\.1:\d+$/);
  });

  it('follows ASK during a slot migration opened by hand, then closes it again', async () => {
    const [src, dst] = masters(topo);
    const moved = `{${keyOn(src, 'ask')}}:moved`;
    const stays = moved.replace(':moved', ':stays');
    const slot = keySlot(moved);
    const srcClient = await session.node(address(src));
    const dstClient = await session.node(address(dst));
    await srcClient.set(moved, 'on-target');
    await srcClient.set(stays, 'on-source');
    await dstClient.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', src.id);
    await srcClient.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', dst.id);
    const pw = cluster().password;
    try {
      assert.equal(await srcClient.call('MIGRATE', dst.host, dst.port, '', 0, 5000, 'AUTH', pw, 'KEYS', moved), 'OK');
      const r = await execCommand(session, topo, tokenize(`GET ${moved}`), { table: await commandTable(session) });
      assert.deepEqual(r.redirects, [{ kind: 'ASK', slot, to: address(dst) }]);
      assert.equal(r.node, address(dst));
      assert.equal(formatReply(r.reply), '"on-target"');
      const still = await execCommand(session, topo, tokenize(`GET ${stays}`));
      assert.deepEqual([still.node, still.redirects.length, formatReply(still.reply)], [address(src), 0, '"on-source"']);
      const viaCli = await cli(['exec', '--json', '--', 'GET', moved]);
      assert.deepEqual(JSON.parse(viaCli.stdout), { node: address(dst), reply: 'on-target' });
      assert.match(viaCli.stderr, new RegExp(`Redirected \\(ASK\\) to slot \\[${slot}\\] located at ${address(dst)}`));
    } finally {
      await dstClient.call('MIGRATE', src.host, src.port, '', 0, 5000, 'AUTH', pw, 'KEYS', moved).catch(() => undefined);
      await dstClient.call('CLUSTER', 'SETSLOT', slot, 'STABLE');
      await srcClient.call('CLUSTER', 'SETSLOT', slot, 'STABLE');
      await srcClient.del(moved, stays);
    }
    assert.equal(await srcClient.exists(moved), 0);
  });

  it('binary keys and values round-trip through exec (quoted escape form in, same form out)', async () => {
    const key = Buffer.from([0xff, 0x00, 0x41, 0x0a, 0xfe]);
    const value = Buffer.from([0x00, 0xc3, 0x28, 0x22]);
    const set = await cli(['exec', '--', 'SET', '"\\xff\\x00A\\n\\xfe"', '"\\x00\\xc3(\\""']);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout.trim(), 'OK');
    const owner = await ownerClient(session, topo, key);
    assert.deepEqual(await owner.client.getBuffer(key), value, 'the server holds the exact bytes');
    const get = await cli(['exec', '--json', '--', 'GET', '"\\xff\\x00A\\n\\xfe"']);
    assert.deepEqual(JSON.parse(get.stdout), { node: owner.address, reply: '"\\x00\\xc3(\\""' });
    const text = await cli(['exec', '--', 'GET', '"\\xff\\x00A\\n\\xfe"']);
    assert.equal(text.stdout.trim(), '"\\x00\\xc3(\\""');
    await owner.client.del(key);
  });

  it('prints replies exactly like redis-cli (--no-raw) for strings, hashes, lists, nil, errors and nested arrays', async () => {
    const m = masters(topo)[0];
    const h = keyOn(m, 'fmt-hash');
    const l = keyOn(m, 'fmt-list');
    const c = await session.node(address(m));
    await c.hset(h, 'name', 'Ada', 'bin', Buffer.from([0xff, 0x09]));
    await c.rpush(l, ...Array.from({ length: 12 }, (_, i) => `item ${i}`));
    const lines = [
      `HGETALL ${h}`,
      `LRANGE ${l} 0 -1`,
      `GET ${h}`,
      `GET nokey-${h}`,
      `HLEN ${h}`,
      'CLUSTER SLOTS',
      `OBJECT ENCODING ${l}`,
      'PING',
      'SET',
    ];
    for (const line of lines) {
      const ours = await execCommand(session, topo, tokenize(line), { defaultNode: address(m), follow: false });
      assert.equal(formatReply(ours.reply), await redisCli(m.port, tokenize(line).map(String)), line);
    }
    await c.del(h);
    await c.del(l);
  });

  it('exec reports error replies as {node, error} with exit 1', async () => {
    const m = masters(topo)[1];
    const key = keyOn(m, 'err');
    await cli(['exec', '--', 'SET', key, 'text']);
    const r = await cli(['exec', '--json', '--', 'INCR', key]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), { node: address(m), error: 'ERR value is not an integer or out of range' });
    const unknown = await cli(['exec', '--', 'NOSUCHCOMMAND', 'x']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /^\(error\) ERR unknown command 'NOSUCHCOMMAND'/);
    assert.equal((await cli(['exec', '--json'])).code, 2, 'no command is a usage error');
    await cli(['exec', '--', 'DEL', key]);
  });

  it('call runs on masters, replicas, all nodes or one node in parallel (JSON [{node, role, reply|error}])', async () => {
    type Row = { node: string; role: string; reply: unknown[] };
    const byMasters = JSON.parse((await cli(['call', '--masters', '--json', '--', 'ROLE'])).stdout) as Row[];
    assert.deepEqual(byMasters.map((r) => r.node).sort(), masters(topo).map(address).sort());
    assert.ok(byMasters.every((r) => r.role === 'master' && r.reply[0] === 'master' && Object.keys(r).length === 3));
    const byReplicas = JSON.parse((await cli(['call', '--replicas', '--json', '--', 'ROLE'])).stdout) as Row[];
    assert.equal(byReplicas.length, 3);
    assert.ok(byReplicas.every((r) => r.role === 'replica' && r.reply[0] === 'slave'));
    const all = await cli(['call', '--json', '--', 'DBSIZE']);
    assert.equal(all.code, 0, all.stderr);
    assert.equal((JSON.parse(all.stdout) as unknown[]).length, 6);
    const one = masters(topo)[2];
    const single = JSON.parse((await cli(['call', '--node', one.id.slice(0, 12), '--json', '--', 'CLUSTER', 'MYID'])).stdout);
    assert.deepEqual(single, [{ node: address(one), role: 'master', reply: one.id }]);
    const failing = await cli(['call', '--masters', '--json', '--', 'GET']);
    assert.equal(failing.code, 1);
    const rows = JSON.parse(failing.stdout) as Array<{ node: string; role: string; error: string }>;
    assert.ok(rows.length === 3 && rows.every((r) => /wrong number of arguments/.test(r.error) && !('reply' in r)));
    const text = await cli(['call', '--masters', '--', 'PING']);
    assert.equal(
      text.stdout
        .trim()
        .split('\n')
        .filter((x) => / \(master\): PONG$/.test(x)).length,
      3,
    );
    assert.equal((await cli(['call', '--masters', '--replicas', '--', 'PING'])).code, 2);
  });

  it('a readOnly profile refuses writes and admin commands before sending anything', async () => {
    const info = cluster();
    const roPath = path.join(info.dir, 'profile-readonly.json');
    const tls = { ca: 'certs/ca.crt', servername: 'localhost' };
    writeFileSync(roPath, JSON.stringify({ ...loadProfileFile(info.profilePath), readOnly: true, tls }));
    const key = keyOn(masters(topo)[0], 'ro');
    const set = await cli(['exec', '--', 'SET', key, 'x'], roPath);
    assert.equal(set.code, 1);
    assert.match(set.stderr, /read-only: SET refused \(it is flagged write\); nothing was sent/);
    const owner = await ownerClient(session, topo, Buffer.from(key));
    assert.equal(await owner.client.exists(key), 0, 'nothing reached the server');
    const flush = await cli(['call', '--masters', '--', 'FLUSHALL'], roPath);
    assert.equal(flush.code, 1);
    assert.match(flush.stderr, /refused/);
    const cfg = await cli(['call', '--masters', '--', 'CONFIG', 'SET', 'maxmemory', '1'], roPath);
    assert.match(cfg.stderr, /CONFIG SET refused \(it is flagged admin\)/);
    const read = await cli(['exec', '--json', '--', 'GET', key], roPath);
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout), { node: owner.address, reply: null });
  });

  describe('console engine', () => {
    const make = (overrides: { protected?: boolean; readOnly?: boolean } = {}, answers: string[] = []) => {
      let out = '';
      const asked: string[] = [];
      const profile = { ...loadProfileFile(cluster().profilePath), ...overrides };
      const topology = async (fresh?: boolean) => (fresh ? (topo = await discoverTopology(session)) : topo);
      const engine = new ConsoleEngine({ profile, session: async () => session, topology });
      engine.attach({ write: (t) => (out += t), ask: async (q) => (asked.push(q), answers.shift() ?? '') });
      return { engine, out: () => out, asked };
    };

    it('runs routed commands, shows redirects and the answering node in the prompt, and broadcasts with :call', async () => {
      const { engine, out } = make();
      const [a, b] = masters(topo);
      await engine.run(`:node ${address(a)}`);
      assert.equal(engine.prompt(), `${address(a)} [node]> `);
      const key = keyOn(b, 'eng');
      await engine.run(`SET ${key} 1`);
      assert.match(out(), /\(error\) MOVED/);
      await engine.run(':routed');
      await engine.run(`INCR ${key}`);
      assert.match(out(), /\(error\) MOVED \d+ [\d.:]+\nrouted mode.*\n\(integer\) 1\n$/);
      assert.equal(engine.prompt(), `${address(b)}> `);
      await engine.run(':call masters DBSIZE');
      assert.equal(
        out()
          .split('\n')
          .filter((x) => /^127\.0\.0\.1:\d+ \(master\): \(integer\) \d+$/.test(x)).length,
        3,
      );
      await engine.run('SET "unbalanced');
      assert.match(out(), /Invalid argument\(s\): unbalanced double quote/);
      await engine.run(`DEL ${key}`);
    });

    it('a protected profile asks for the typed name before CONFIG SET; a wrong answer sends nothing', async () => {
      const name = loadProfileFile(cluster().profilePath).name;
      const m = masters(topo)[0];
      const c = await session.node(address(m));
      const before = (await c.config('GET', 'slowlog-max-len')) as string[];
      const { engine, out, asked } = make({ protected: true }, ['nope', name]);
      await engine.run(`:node ${address(m)}`);
      await engine.run('CONFIG SET slowlog-max-len 129');
      assert.match(asked[0], new RegExp(`protected.*Type the profile name "${name}"`));
      assert.match(out(), /\(cancelled\) not confirmed; nothing was sent/);
      assert.deepEqual(await c.config('GET', 'slowlog-max-len'), before);
      await engine.run('CONFIG SET slowlog-max-len 129');
      assert.match(out(), /\nOK\n$/);
      assert.deepEqual(await c.config('GET', 'slowlog-max-len'), ['slowlog-max-len', '129']);
      await c.config('SET', 'slowlog-max-len', before[1]);
    });

    it('KEYS on a master with more than 10k keys suggests SCAN and asks first', async () => {
      const m = masters(topo)[0];
      const keys = Array.from({ length: 36_000 }, (_, i) => `bulk:${i}`);
      await seedKeys(session, keys);
      try {
        const { engine, out, asked } = make({}, ['n', 'y']);
        await engine.run(`:node ${address(m)}`);
        await engine.run('KEYS bulk:1234*');
        assert.equal(asked.length, 1);
        assert.match(asked[0], /holds \d{5} keys.*SCAN.*\(y\/N\)/);
        assert.match(out(), /\(cancelled\) nothing was sent\n$/);
        await engine.run('KEYS bulk:1234*');
        assert.match(out(), /"bulk:1234\d*"\n$/);
        const gated = await cli(['call', '--node', address(m), '--', 'KEYS', 'bulk:1*']);
        assert.equal(gated.code, 3, 'the CLI wants --yes');
      } finally {
        await deleteKeys(session, keys);
      }
    });

    it('Ctrl-C (abort) ends a blocking command; the console works on afterwards', async () => {
      const { engine, out } = make();
      const ctl = new AbortController();
      const started = Date.now();
      setTimeout(() => ctl.abort(), 300);
      await engine.run('BLPOP console-never-filled 0', ctl.signal);
      assert.ok(Date.now() - started < 3000);
      assert.match(out(), /\(interrupted: cancelled while waiting for 127\.0\.0\.1:\d+; its connection was closed/);
      await engine.run('PING');
      assert.match(out(), /PONG\n$/);
    });
  });
});
