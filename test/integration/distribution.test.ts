// Key distribution against the real shared TLS cluster. Keys live in a namespace unique to this run and are
// deleted afterwards; the cluster's topology is never changed.
import { strict as assert } from 'node:assert';
import { countKeysPerSlot, sampleKeys, slotOwners } from '../../src/core/monitoring/distribution';
import type { ClusterSession } from '../../src/core/connection/session';
import { SLOT_COUNT, countSlots, keySlot } from '../../src/core/topology/slots';
import { type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { runCli } from '../support/cli';
import { privateCluster, sessionFor, sharedCluster } from '../support/cluster';
import { deleteKeys, namespacedKeys, seedKeys } from '../support/seedKeys';
import { basePort } from '../support/ports';

const run = `${process.pid}-${Date.now().toString(36)}`;
const spread = namespacedKeys(`dist-it:${run}`, 20000);
// One hash tag: 300 keys in one slot, so that slot must top the list.
const hot = namespacedKeys(`{dist-it-hot-${run}}`, 300);
const hotSlot = keySlot(hot[0]);

describe('distribution (shared TLS cluster)', function () {
  this.timeout(120000);
  let session: ClusterSession;
  let topo: Topology;
  let profilePath = '';
  let password = '';

  before(async () => {
    const info = await sharedCluster();
    profilePath = info.profilePath;
    password = info.password;
    session = sessionFor(info);
    await seedKeys(session, [...spread, ...hot]);
    topo = await discoverTopology(session);
  });

  after(async () => {
    if (!session) return;
    await deleteKeys(session, [...spread, ...hot]);
    await session.close();
  });

  const masters = () => topo.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);

  it('total equals the DBSIZE sum over masters, and each master its own DBSIZE', async () => {
    const dist = await countKeysPerSlot(session, topo);
    const sizes = await Promise.all(masters().map(async (m) => [m.id, Number(await (await session.node(address(m))).dbsize())] as const));
    const sum = sizes.reduce((a, [, n]) => a + n, 0);
    assert.equal(dist.complete, true, JSON.stringify(dist.masters));
    assert.equal(dist.slots.length, SLOT_COUNT);
    assert.equal(dist.total, sum);
    assert.equal(
      dist.slots.reduce((a, b) => a + b, 0),
      sum,
    );
    assert.ok(dist.total >= spread.length + hot.length, `total ${dist.total} misses our ${spread.length + hot.length} keys`);
    for (const [id, n] of sizes) assert.equal(dist.masters.find((m) => m.id === id)?.keys, n, `master ${id}`);
    assert.equal(
      dist.masters.reduce((a, m) => a + m.slots, 0),
      SLOT_COUNT,
    );
  });

  it("random slots equal the owner's COUNTKEYSINSLOT (and the hot slot tops the list)", async () => {
    const dist = await countKeysPerSlot(session, topo);
    const owners = slotOwners(topo);
    const byId = new Map(topo.nodes.map((n) => [n.id, n]));
    const slots = [hotSlot, ...Array.from({ length: 60 }, () => Math.floor(Math.random() * SLOT_COUNT))];
    for (const slot of slots) {
      const owner = byId.get(owners[slot] ?? '');
      assert.ok(owner, `slot ${slot} has no owner`);
      const direct = Number(await (await session.node(address(owner))).call('CLUSTER', 'COUNTKEYSINSLOT', slot));
      assert.equal(dist.slots[slot], direct, `slot ${slot} on ${address(owner)}`);
    }
    assert.ok(dist.slots[hotSlot] >= hot.length);
    assert.equal(dist.top[0].slot, hotSlot);
    assert.equal(dist.top[0].owner, owners[hotSlot]);
    assert.equal(dist.top.length, 20);
    for (let i = 1; i < dist.top.length; i++) assert.ok(dist.top[i - 1].keys >= dist.top[i].keys);
  });

  it('the pipelined fallback counts exactly what the default counts', async () => {
    const [a, b] = [await countKeysPerSlot(session, topo), await countKeysPerSlot(session, topo, { method: 'pipeline', chunkSize: 700 })];
    assert.deepEqual(Array.from(b.slots), Array.from(a.slots));
  });

  it('reports progress up to the number of slots and honours an abort', async () => {
    let last = 0;
    await countKeysPerSlot(session, topo, {
      method: 'pipeline',
      chunkSize: 1000,
      onProgress: (done, total) => {
        last = done;
        assert.equal(total, SLOT_COUNT);
      },
    });
    assert.equal(last, SLOT_COUNT);
    const ctl = new AbortController();
    ctl.abort();
    await assert.rejects(countKeysPerSlot(session, topo, { signal: ctl.signal }), /cancelled/);
  });

  it('samples keys of a slot from its owner', async () => {
    const sample = await sampleKeys(session, topo, hotSlot, 5);
    assert.equal(sample.keys.length, 5);
    assert.equal(sample.owner, slotOwners(topo)[hotSlot]);
    for (const k of sample.keys) assert.equal(keySlot(k), hotSlot, k);
  });

  it('marks a master it cannot reach instead of failing the whole count', async () => {
    const [victim] = masters();
    const broken: Topology = { ...topo, nodes: topo.nodes.map((n) => (n.id === victim.id ? { ...n, port: 7799 } : n)) };
    const dist = await countKeysPerSlot(session, broken, { timeoutMs: 3000 });
    assert.equal(dist.complete, false);
    const m = dist.masters.find((x) => x.id === victim.id);
    assert.match(m?.error ?? '', /127\.0\.0\.1:7799/);
    assert.equal(m?.keys, 0);
    assert.ok(dist.masters.filter((x) => x.id !== victim.id).every((x) => !x.error && x.keys > 0));
  });

  it('CLI: distribution --profile FILE --json', async () => {
    const { code, stdout, stderr } = await runCli(
      ['distribution', '--profile', profilePath, '--json'],
      { REDIS_CLUSTER_PASSWORD: password },
      60_000,
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as { slots: number[]; masters: { id: string; keys: number; slots: number }[] };
    assert.equal(out.slots.length, SLOT_COUNT);
    assert.ok(out.slots.every((n) => Number.isInteger(n) && n >= 0));
    assert.deepEqual(
      out.masters.map((m) => m.id).sort(),
      masters()
        .map((m) => m.id)
        .sort(),
    );
    assert.equal(
      out.masters.reduce((a, m) => a + m.keys, 0),
      out.slots.reduce((a, b) => a + b, 0),
    );
    assert.ok(out.slots[hotSlot] >= hot.length);
  });
});

// A slot in mid-migration keeps some keys on its owner and some on the importing node; both must be counted.
// This changes slot states, so it runs on a private cluster.
describe('distribution during a slot migration (private TLS cluster)', function () {
  this.timeout(180000);
  const cluster = privateCluster({ basePort: basePort('distribution') });

  it('counts a migrating slot on both nodes, and the total still equals the DBSIZE sum', async () => {
    const info = cluster();
    const session = sessionFor(info);
    try {
      const keys = namespacedKeys('{mig}', 100);
      const slot = keySlot(keys[0]);
      await seedKeys(session, keys);
      let topo = await discoverTopology(session);
      const source = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => slot >= a && slot <= b));
      const target = topo.nodes.find((n) => n.role === 'master' && n !== source);
      assert.ok(source && target);
      const src = await session.node(address(source));
      const dst = await session.node(address(target));
      await dst.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id);
      await src.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
      await src.call('MIGRATE', target.host, target.port, '', 0, 5000, 'AUTH', info.password, 'KEYS', ...keys.slice(0, 40));
      topo = await discoverTopology(session);
      assert.deepEqual(topo.nodes.find((n) => n.id === target.id)?.importing, [{ slot, peer: source.id }]);

      const dist = await countKeysPerSlot(session, topo);
      assert.equal(dist.slots[slot], 100, 'keys of the migrating slot on both nodes');
      const sizes = await Promise.all(
        topo.nodes.filter((n) => n.role === 'master').map(async (n) => Number(await (await session.node(address(n))).dbsize())),
      );
      assert.equal(
        dist.total,
        sizes.reduce((a, b) => a + b, 0),
      );
      assert.equal(dist.masters.find((m) => m.id === target.id)?.keys, 40);
      assert.equal(dist.masters.find((m) => m.id === source.id)?.keys, 60);
      assert.equal(dist.masters.find((m) => m.id === target.id)?.slots, countSlots(target.slots), 'an importing slot is not owned yet');
    } finally {
      await session.close();
    }
  });
});
