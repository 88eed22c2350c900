// Analyze Keyspace on a private seeded TLS cluster: every figure of the report is checked against what the test
// computes itself (its own key list, and MEMORY USAGE / DBSIZE asked key by key through the routed client).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Cluster } from 'ioredis';
import { analyzeKeyspace } from '../../src/core/analyze/engine';
import { analyzeOptions, globMatch } from '../../src/core/analyze/options';
import { exportReport } from '../../src/core/analyze/export';
import { flattenNamespaces } from '../../src/core/analyze/export';
import type { AnalyzeInput } from '../../src/core/analyze/options';
import type { AnalyzeReport } from '../../src/core/analyze/types';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { privateCluster, sessionFor } from '../support/cluster';
import { runCli } from '../support/cli';
import { basePort } from '../support/ports';

type Kind = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
interface Seeded {
  key: Buffer;
  type: Kind;
  elements: number;
  ttlS?: number;
}

const BIG = 1536 * 1024;

function plan(): Seeded[] {
  const out: Seeded[] = [];
  const b = (s: string) => Buffer.from(s);
  for (let i = 0; i < 300; i++) out.push({ key: b(`az:s:${i}`), type: 'string', elements: (i % 50) + 1 });
  for (let i = 0; i < 40; i++) out.push({ key: b(`az:h:${i}`), type: 'hash', elements: i + 1 });
  for (let i = 0; i < 30; i++) out.push({ key: b(`az:l:${i}`), type: 'list', elements: i + 1 });
  for (let i = 0; i < 30; i++) out.push({ key: b(`az:set:${i}`), type: 'set', elements: i + 1 });
  for (let i = 0; i < 30; i++) out.push({ key: b(`az:z:${i}`), type: 'zset', elements: i + 1 });
  for (let i = 0; i < 10; i++) out.push({ key: b(`az:x:${i}`), type: 'stream', elements: i + 1 });
  for (let i = 0; i < 3; i++)
    out.push({ key: Buffer.concat([b('az:bin:'), Buffer.from([0xff, 0x00, 0xfe, i])]), type: 'string', elements: 3 });
  for (let i = 0; i < 2; i++) out.push({ key: b(`az:big:${i}`), type: 'string', elements: BIG });
  // TTL mix: most session keys expire, two never do (the audit's "mixed TTL" namespace).
  for (let i = 0; i < 20; i++) {
    const ttlS = i < 2 ? undefined : i < 15 ? 1800 : i < 17 ? 7200 : i < 19 ? 3 * 86400 : 30 * 86400;
    out.push({ key: b(`az:sess:${i}`), type: 'string', elements: 1, ttlS });
  }
  for (const u of [1000, 1001, 1002])
    for (const f of ['profile', 'cart']) out.push({ key: b(`az:user:${u}:${f}`), type: 'string', elements: 1 });
  for (const u of [1, 2]) for (const f of ['profile', 'cart']) out.push({ key: b(`az:{acct:${u}}:${f}`), type: 'hash', elements: 2 });
  out.push({ key: b('aznodelim1'), type: 'string', elements: 1 }, { key: b('aznodelim2'), type: 'string', elements: 1 });
  out.push({ key: b(`az:long:${'x'.repeat(200)}`), type: 'string', elements: 1 });
  out.push({ key: b('az:lit:a*b'), type: 'string', elements: 1 });
  return out;
}

async function write(c: Cluster, s: Seeded): Promise<void> {
  const k = s.key;
  const n = s.elements;
  const fields = (f: (i: number) => (string | number)[]) => Array.from({ length: n }, (_, i) => f(i)).flat();
  if (s.type === 'string') await c.set(k, n === BIG ? Buffer.alloc(BIG, 7) : 'v'.repeat(n));
  if (s.type === 'hash') await c.hset(k, ...fields((i) => [`f${i}`, `v${i}`]));
  if (s.type === 'list') await c.rpush(k, ...fields((i) => [`e${i}`]));
  if (s.type === 'set') await c.sadd(k, ...fields((i) => [`m${i}`]));
  if (s.type === 'zset') await c.zadd(k, ...fields((i) => [i, `m${i}`]));
  if (s.type === 'stream') for (let i = 0; i < n; i++) await c.xadd(k, '*', 'f', String(i));
  if (s.ttlS) await c.expire(k, s.ttlS);
}

describe('analyze: exact figures on a seeded cluster', function () {
  this.timeout(180000);
  const cluster = privateCluster({ basePort: basePort('analyze') });
  const seeded = plan();
  let session: ClusterSession;
  let routed: Cluster;
  const memory = new Map<string, number>();
  const analyze = (input: AnalyzeInput = {}) => analyzeKeyspace(session, analyzeOptions(input, session.profile));

  before(async () => {
    session = sessionFor(cluster());
    routed = await session.cluster();
    for (let i = 0; i < seeded.length; i += 50) await Promise.all(seeded.slice(i, i + 50).map((s) => write(routed, s)));
    for (const s of seeded) memory.set(s.key.toString('hex'), Number(await routed.call('MEMORY', 'USAGE', s.key, 'SAMPLES', '0')));
  });
  after(async () => session?.close());

  const sumBytes = (list: Seeded[], mem = memory) => list.reduce((a, s) => a + (mem.get(s.key.toString('hex')) ?? NaN), 0);

  /** A replica's own MEMORY USAGE figures, asked key by key on the replica of each key's owner. */
  async function replicaMemory(): Promise<Map<string, number>> {
    const topo = await discoverTopology(session);
    const out = new Map<string, number>();
    for (const s of seeded) {
      const slot = keySlot(s.key);
      const owner = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
      const replica = topo.nodes.find((n) => n.masterId === owner?.id);
      assert.ok(replica);
      const c = await session.node(address(replica));
      await c.call('READONLY');
      out.set(s.key.toString('hex'), Number(await c.call('MEMORY', 'USAGE', s.key, 'SAMPLES', '0')));
    }
    return out;
  }

  function checkWhole(r: AnalyzeReport, mem = memory): void {
    assert.equal(r.partial, false, r.partialReason);
    assert.equal(r.totals.keys, seeded.length);
    assert.equal(r.totals.bytes, sumBytes(seeded, mem));
    assert.equal(r.totals.noTtl, seeded.filter((s) => !s.ttlS).length);
    for (const t of ['string', 'hash', 'list', 'set', 'zset', 'stream'] as const) {
      const of = seeded.filter((s) => s.type === t);
      assert.deepEqual(r.types[t], { keys: of.length, bytes: sumBytes(of, mem) }, t);
    }
    const bucket = (s: Seeded) =>
      !s.ttlS ? 'none' : s.ttlS < 3600 ? 'lt1h' : s.ttlS < 86400 ? 'lt1d' : s.ttlS < 7 * 86400 ? 'lt1w' : 'longer';
    for (const b of ['none', 'lt1h', 'lt1d', 'lt1w', 'longer'] as const)
      assert.equal(r.ttl[b].keys, seeded.filter((s) => bucket(s) === b).length, b);
    assert.equal(
      r.shards.reduce((a, s) => a + s.keys, 0),
      seeded.length,
    );
    // Top keys: exactly the biggest by the test's own MEMORY USAGE figures, with their element counts.
    const biggest = [...seeded].sort((a, b) => (mem.get(b.key.toString('hex')) ?? 0) - (mem.get(a.key.toString('hex')) ?? 0));
    assert.deepEqual(
      r.top.slice(0, 5).map((k) => k.bytes),
      biggest.slice(0, 5).map((s) => mem.get(s.key.toString('hex'))),
    );
    for (const k of r.top) {
      const s = seeded.find((x) => x.key.toString('base64') === k.base64);
      assert.ok(s, `top key ${k.key} was seeded`);
      assert.equal(k.elements, s.elements, k.key);
      assert.equal(k.type, s.type);
      assert.equal(k.slot, keySlot(s.key));
    }
    const a = r.audit;
    assert.equal(a.bigValues.count, 2);
    assert.deepEqual(a.bigValues.examples.map((k) => k.key).sort(), ['az:big:0', 'az:big:1']);
    assert.equal(a.noDelimiter.count, 2);
    assert.equal(a.longNames.count, 1);
    assert.deepEqual(
      a.mixedTtl.map((m) => [m.namespace, m.keys, m.noTtl]),
      [['az:sess', 20, 2]],
    );
    // The user:1000:* families sit in several slots (no hash tag); the {acct:N} families do not count.
    const users = [1000, 1001, 1002].filter((u) => keySlot(`az:user:${u}:profile`) !== keySlot(`az:user:${u}:cart`));
    const fam = a.splitFamilies.find((f) => f.pattern === 'az:user:*');
    assert.equal(fam?.split, users.length);
    assert.equal(fam?.families, 3);
    assert.ok(!a.splitFamilies.some((f) => f.pattern.includes('acct')));
    const ns = flattenNamespaces(r.namespaces);
    const hashes = ns.find((n) => n.name === 'az:h');
    assert.equal(hashes?.keys, 40);
    assert.equal(
      hashes?.bytes,
      sumBytes(
        seeded.filter((s) => s.key.toString().startsWith('az:h:')),
        mem,
      ),
    );
    assert.equal(hashes?.match, 'az:h:*');
    assert.equal(ns.find((n) => n.name === 'az:user:*')?.keys, 6);
  }

  it('counts every key once with its exact type, memory, TTL and elements, per shard as DBSIZE says', async () => {
    const r = await analyze();
    checkWhole(r);
    const topo = await discoverTopology(session);
    for (const s of r.shards) {
      const master = topo.nodes.find((n) => n.id === s.shard);
      assert.ok(master);
      assert.equal(s.keys, Number(await (await session.node(address(master))).dbsize()), s.master);
      assert.equal(s.role, 'master');
    }
    for (const f of ['json', 'csv', 'markdown'] as const) assert.ok(exportReport(r, f).includes('az:big:0'), f);
  });

  it('reads from replicas with --on replicas, gentle pace, same figures', async () => {
    for (const m of (await discoverTopology(session)).nodes.filter((n) => n.role === 'master'))
      await (await session.node(address(m))).call('WAIT', 1, 2000);
    const r = await analyze({ on: 'replicas', pace: 'gentle' });
    // A replica's MEMORY USAGE can differ from its master's by a few bytes (allocation of the copy): compare to its own.
    checkWhole(r, await replicaMemory());
    assert.ok(r.shards.every((s) => s.role === 'replica' && s.readFrom !== s.master));
    assert.equal(r.options.pace, 'gentle');
  });

  it('--match and --type select exactly the keys Redis globbing selects', async () => {
    const cases: [string | undefined, string | undefined][] = [
      ['az:s:1*', undefined],
      ['az:lit:a\\*b', undefined],
      ['az:lit:a*', undefined],
      ['az:[hl]:?', undefined],
      ['az:[^s]*', undefined],
      ['nothing-matches:*', undefined],
      ['az:bin:*', undefined],
      [undefined, 'hash'],
      ['az:{acct*', 'hash'],
    ];
    for (const [match, type] of cases) {
      const r = await analyze({ match, type });
      const want = seeded.filter((s) => (!match || globMatch(match, s.key.toString('latin1'))) && (!type || s.type === type));
      assert.equal(r.totals.keys, want.length, `${match} ${type}`);
      assert.equal(r.totals.bytes, sumBytes(want), `${match} ${type}`);
    }
  });

  it('a slot half migrated (open on both sides) is counted once, where each key lives', async () => {
    const topo = await discoverTopology(session);
    const [src, dst] = topo.nodes.filter((n) => n.role === 'master' && n.slots.length);
    const slot = src.slots[0][0];
    const keys = Array.from({ length: 40 }, (_, i) => `mig{${slot}}:${i}`);
    // A key name whose hash tag lands in `slot`: search a tag that hashes there.
    let tag = 0;
    while (keySlot(`{t${tag}}`) !== slot) tag++;
    const names = keys.map((_, i) => `az:mig:{t${tag}}:${i}`);
    const s = await session.node(address(src));
    const d = await session.node(address(dst));
    for (const n of names) await s.set(n, 'x'.repeat(100));
    await d.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', src.id);
    await s.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', dst.id);
    const pw = session.credentials.password ?? '';
    await s.call('MIGRATE', dst.host, dst.port, '', 0, 5000, 'AUTH', pw, 'KEYS', ...names.slice(0, 20));
    try {
      const r = await analyze({ match: 'az:mig:*' });
      assert.equal(r.totals.keys, 40);
      assert.equal(r.migration.unsettledSlots, 1);
      assert.equal(r.migration.recountedKeys, 40);
      const whole = await analyze();
      assert.equal(whole.totals.keys, seeded.length + 40);
    } finally {
      await s.call('MIGRATE', dst.host, dst.port, '', 0, 5000, 'AUTH', pw, 'KEYS', ...names.slice(20));
      for (const m of topo.nodes.filter((n) => n.role === 'master'))
        await (await session.node(address(m))).call('CLUSTER', 'SETSLOT', slot, 'NODE', dst.id);
      await routed.del(...names);
    }
  });

  it('bad input: a clear error and exit 2, decided before any connection; the keyspace is unchanged', async () => {
    const profile = cluster().profilePath;
    const env = cluster().env;
    // The same profile pointing at a port where nothing listens: the same usage error proves no connection was tried.
    const nowhere = join(dirname(profile), 'profile-nowhere.json');
    writeFileSync(nowhere, JSON.stringify({ ...JSON.parse(readFileSync(profile, 'utf8')), nodes: ['127.0.0.1:1'] }));
    const sizes = async () => Promise.all(cluster().ports.map(async (p) => Number(await (await session.node(`127.0.0.1:${p}`)).dbsize())));
    const before = await sizes();
    for (const [args, text] of [
      [['--type', 'bogus'], /unknown key type "bogus"/],
      [['--match', ''], /--match is empty/],
      [['--top', '0'], /--top must be an integer/],
      [['--on', 'slaves'], /--on must be masters or replicas/],
      [['--pace', 'turbo'], /--pace must be gentle or fast/],
      [['--delimiter', ''], /delimiter "" must be 1 to 8 bytes/],
      [['--bogus'], /unknown option --bogus/],
    ] as [string[], RegExp][]) {
      for (const file of [profile, nowhere]) {
        const r = await runCli(['analyze', '--profile', file, ...args], env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, text);
      }
    }
    assert.deepEqual(await sizes(), before);
  });

  it('CLI: --json prints the report; the Markdown names the audit findings', async () => {
    const profile = cluster().profilePath;
    const r = await runCli(['analyze', '--profile', profile, '--json', '--top', '3'], cluster().env, 60000);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as AnalyzeReport;
    assert.equal(report.totals.keys, seeded.length);
    assert.equal(report.top.length, 3);
    const md = await runCli(['analyze', '--profile', profile, '--match', 'az:sess:*'], cluster().env, 60000);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /az:sess \(2 of 20 without TTL\)/);
    assert.match(md.stderr, /keys\/s/);
  });
});
