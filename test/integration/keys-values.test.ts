// Values as documents against the real TLS cluster: every type, TTL kept, binary round trip, conflicts,
// size limit, paging, delete and rename (same slot and cross-slot).
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { ownerClient } from '../../src/core/keys/keys';
import { scanCluster } from '../../src/core/keys/scan';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import { ConflictError, ValueTooLargeError, deleteKey, readValue, renameKey, writeValue } from '../../src/core/keys/values';
import { sessionFor, sharedCluster } from '../support/cluster';

describe('keys: values as documents', function () {
  this.timeout(120000);
  const prefix = `t5val:${randomBytes(4).toString('hex')}`;
  const used: Buffer[] = [];
  let session: ClusterSession;
  let topo: Topology;
  const k = (name: string | Buffer) => {
    const key = typeof name === 'string' ? Buffer.from(`${prefix}:${name}`) : Buffer.concat([Buffer.from(`${prefix}:`), name]);
    used.push(key);
    return key;
  };
  const owner = async (key: Buffer) => (await ownerClient(session, topo, key)).client;

  before(async () => {
    session = sessionFor(await sharedCluster());
    topo = await discoverTopology(session);
  });

  after(async () => {
    for (const key of used) await (await owner(key)).del(key);
    await session.close();
  });

  it('reads a JSON string, saves an edit and keeps the TTL', async () => {
    const key = k('json');
    await (await owner(key)).set(key, '{"a":1}', 'PX', 100000);
    const doc = await readValue(session, topo, key);
    assert.deepEqual([doc.type, doc.language, doc.text, doc.stringFormat], ['string', 'json', '{"a":1}', 'text']);
    const after = await writeValue(session, topo, doc, '{"a":2}');
    assert.equal(await (await owner(key)).get(key), '{"a":2}');
    assert.equal(after.text, '{"a":2}');
    const ttl = await (await owner(key)).pttl(key);
    assert.ok(ttl > 90000 && ttl <= 100000, `TTL kept, got ${ttl}`);
  });

  it('writes hashes, lists, sets and zsets back atomically and keeps their TTL', async () => {
    const cases: [string, (key: Buffer) => Promise<unknown>, string, (key: Buffer) => Promise<unknown>, unknown][] = [
      [
        'hash',
        async (key) => (await owner(key)).hset(key, 'b', '2', 'a', '1'),
        '{"x": "9", "a": "1"}',
        async (key) => (await owner(key)).hgetall(key),
        { a: '1', x: '9' },
      ],
      [
        'list',
        async (key) => (await owner(key)).rpush(key, 'c', 'a', 'b'),
        '["z", "a"]',
        async (key) => (await owner(key)).lrange(key, 0, -1),
        ['z', 'a'],
      ],
      [
        'set',
        async (key) => (await owner(key)).sadd(key, 'b', 'a'),
        '["q", "a", "q"]',
        async (key) => (await (await owner(key)).smembers(key)).sort(),
        ['a', 'q'],
      ],
      [
        'zset',
        async (key) => (await owner(key)).zadd(key, '2', 'b', '1', 'a'),
        '[{"member": "m", "score": 3.5}, {"member": "top", "score": "+inf"}]',
        async (key) => (await owner(key)).zrange(key, '0', '-1', 'WITHSCORES'),
        ['m', '3.5', 'top', 'inf'],
      ],
    ];
    for (const [type, seed, edited, readBack, expected] of cases) {
      const key = k(`t-${type}`);
      await seed(key);
      await (await owner(key)).pexpire(key, 200000);
      const doc = await readValue(session, topo, key);
      assert.equal(doc.type, type);
      assert.equal(doc.language, 'json');
      assert.equal(doc.readOnlyReason, undefined);
      JSON.parse(doc.text);
      await writeValue(session, topo, doc, edited);
      assert.deepEqual(await readBack(key), expected, type);
      const ttl = await (await owner(key)).pttl(key);
      assert.ok(ttl > 190000 && ttl <= 200000, `${type}: TTL kept, got ${ttl}`);
    }
  });

  it('round-trips a binary key and a binary value: scan, read, write, rename, delete', async () => {
    const key = k(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    const value = Buffer.from([0x00, 0xc3, 0x28, 0xff]);
    await (await owner(key)).set(key, value);
    const found: Buffer[] = [];
    for await (const batch of scanCluster(session, { topology: topo, match: `${prefix}:*` })) found.push(...batch);
    const scanned = found.find((f) => f.equals(key));
    assert.ok(scanned, 'scan returns the exact key bytes');
    const doc = await readValue(session, topo, scanned);
    assert.equal(doc.stringFormat, 'escaped');
    assert.equal(doc.text, '"\\x00\\xc3(\\xff"');
    await writeValue(session, topo, doc, '"\\x01\\xff"');
    assert.deepEqual(await (await owner(key)).getBuffer(key), Buffer.from([0x01, 0xff]));
    const renamed = k(Buffer.from([0xfa, 0xce]));
    const r = await renameKey(session, topo, key, renamed);
    assert.deepEqual(await (await owner(renamed)).getBuffer(renamed), Buffer.from([0x01, 0xff]));
    assert.equal(await (await owner(key)).exists(key), 0);
    assert.equal(r.mode, keySlot(key) === keySlot(renamed) ? 'rename' : 'dump-restore');
    assert.equal(await deleteKey(session, topo, renamed), true);
    assert.equal(await (await owner(renamed)).exists(renamed), 0);
  });

  it('detects a concurrent change on save, writes nothing, and can overwrite on request', async () => {
    const key = k('conflict');
    await (await owner(key)).hset(key, 'f', 'original');
    const doc = await readValue(session, topo, key);
    await (await owner(key)).hset(key, 'f', 'theirs');
    await assert.rejects(writeValue(session, topo, doc, '{"f": "mine"}'), (e: unknown) => {
      assert.ok(e instanceof ConflictError);
      assert.match(e.current?.text ?? '', /theirs/);
      return true;
    });
    assert.equal(await (await owner(key)).hget(key, 'f'), 'theirs', 'nothing written on conflict');
    await writeValue(session, topo, doc, '{"f": "mine"}', { overwrite: true });
    assert.equal(await (await owner(key)).hget(key, 'f'), 'mine');
  });

  it('detects a concurrent delete as a conflict', async () => {
    const key = k('gone');
    await (await owner(key)).set(key, 'x');
    const doc = await readValue(session, topo, key);
    await (await owner(key)).del(key);
    await assert.rejects(writeValue(session, topo, doc, 'y'), ConflictError);
    assert.equal(await (await owner(key)).exists(key), 0);
  });

  it('asks before opening values above the size limit', async () => {
    const key = k('big');
    await (await owner(key)).set(key, 'x'.repeat(2048));
    await assert.rejects(readValue(session, topo, key, { maxBytes: 1024 }), ValueTooLargeError);
    const doc = await readValue(session, topo, key, { maxBytes: 1024, force: true });
    assert.equal(doc.text.length, 2048);
  });

  it('pages big collections and streams, read-only', async () => {
    const list = k('biglist');
    await (await owner(list)).rpush(list, ...Array.from({ length: 25 }, (_, i) => `e${i}`));
    const first = await readValue(session, topo, list, { pageElements: 10 });
    assert.deepEqual(first.partial, { shown: 10, total: 25, next: '10' });
    assert.ok(first.readOnlyReason);
    await assert.rejects(writeValue(session, topo, first, '[]'), /partial/);
    const second = await readValue(session, topo, list, { pageElements: 10, from: first.partial?.next });
    assert.equal((JSON.parse(second.text) as string[])[0], 'e10');

    const stream = k('stream');
    for (let i = 0; i < 5; i++) await (await owner(stream)).xadd(stream, `${i + 1}-0`, 'n', String(i));
    const s1 = await readValue(session, topo, stream, { pageElements: 3 });
    assert.deepEqual(
      (JSON.parse(s1.text) as { id: string }[]).map((e) => e.id),
      ['1-0', '2-0', '3-0'],
    );
    const s2 = await readValue(session, topo, stream, { pageElements: 3, from: s1.partial?.next });
    assert.deepEqual(
      (JSON.parse(s2.text) as { id: string }[]).map((e) => e.id),
      ['4-0', '5-0'],
    );
    const whole = await readValue(session, topo, stream);
    assert.match(whole.readOnlyReason ?? '', /read-only/);

    const hash = k('bighash');
    await (await owner(hash)).hset(hash, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'v'])));
    const h1 = await readValue(session, topo, hash, { pageElements: 10 });
    assert.ok(h1.partial && h1.partial.shown >= 10 && h1.partial.total === 30);
  });

  it('renames within a slot atomically and across slots with a warning, never clobbering by default', async () => {
    const a = k('{r}a');
    const b = k('{r}b');
    await (await owner(a)).set(a, '1', 'PX', 50000);
    assert.equal(keySlot(a), keySlot(b));
    assert.deepEqual(await renameKey(session, topo, a, b), { mode: 'rename' });
    let c = k('cross-0');
    for (let i = 1; keySlot(c) === keySlot(b); i++) c = k(`cross-${i}`);
    await (await owner(c)).set(c, 'occupied');
    await assert.rejects(renameKey(session, topo, b, c), /already exists/);
    await (await owner(c)).del(c);
    const r = await renameKey(session, topo, b, c);
    assert.equal(r.mode, 'dump-restore');
    assert.match(r.warning ?? '', /not atomic/);
    assert.equal(await (await owner(c)).get(c), '1');
    const ttl = await (await owner(c)).pttl(c);
    assert.ok(ttl > 0 && ttl <= 50000, `TTL carried over, got ${ttl}`);
    assert.equal(await (await owner(b)).exists(b), 0);
  });
});
