// Key lookup against the real TLS cluster: server slot vs local, hash tags, owner and replicas, per-key facts.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { keyslotCommand } from '../../src/cli/keyslot';
import { ownerClient } from '../../src/core/keys/keys';
import { lookupKeys } from '../../src/core/keys/lookup';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

describe('keys: lookup', function () {
  this.timeout(120000);
  const prefix = `t5look:${randomBytes(4).toString('hex')}`;
  let session: ClusterSession;
  let topo: Topology;
  const plain = Buffer.from(`${prefix}:user:1:name`);
  const tagged = [Buffer.from(`{${prefix}:u1}:name`), Buffer.from(`{${prefix}:u1}:email`)];
  const written = [plain, ...tagged];

  before(async () => {
    session = sessionFor(await sharedCluster());
    topo = await discoverTopology(session);
    for (const k of written) {
      const { client } = await ownerClient(session, topo, k);
      await client.set(k, 'v', 'PX', 60000);
    }
  });

  after(async () => {
    for (const k of written) await (await ownerClient(session, topo, k)).client.del(k);
    await session.close();
  });

  it('reports the server slot, its owner and replicas, and the key facts read on the owner', async () => {
    const [row] = await lookupKeys(session, [plain], topo);
    assert.equal(row.slot, keySlot(plain));
    assert.equal(row.localSlot, row.slot);
    assert.equal(row.slotDisagreement, undefined);
    assert.equal(row.hashTag, undefined);
    const owner = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => row.slot >= a && row.slot <= b));
    assert.ok(owner);
    assert.deepEqual(row.owner, { id: owner.id, address: address(owner) });
    assert.deepEqual(
      row.replicas.map((r) => r.id).sort(),
      topo.nodes
        .filter((n) => n.masterId === owner.id)
        .map((n) => n.id)
        .sort(),
    );
    assert.ok(row.replicas.length >= 1, 'the shared cluster has one replica per master');
    assert.equal(row.exists, true);
    assert.equal(row.type, 'string');
    assert.ok(row.ttlMs !== undefined && row.ttlMs > 0 && row.ttlMs <= 60000, `ttl ${row.ttlMs}`);
    assert.ok(row.memoryUsage !== undefined && row.memoryUsage > 0);
    assert.equal(row.encoding, 'embstr');
    assert.deepEqual(row.problems, []);
  });

  it('highlights the hash tag and puts tagged keys on one slot', async () => {
    const rows = await lookupKeys(session, tagged, topo);
    for (const r of rows) {
      assert.ok(r.hashTag);
      assert.equal(r.hashTag.text, `${prefix}:u1`);
      assert.equal(r.key.subarray(r.hashTag.start, r.hashTag.end).toString(), `${prefix}:u1`);
      assert.equal(r.slot, keySlot(`${prefix}:u1`));
      assert.equal(r.exists, true);
    }
    assert.equal(rows[0].slot, rows[1].slot);
    assert.equal(rows[0].owner?.id, rows[1].owner?.id);
  });

  it('reports missing keys as missing, with their owner', async () => {
    const [r] = await lookupKeys(session, [Buffer.from(`${prefix}:nothere`)], topo);
    assert.equal(r.exists, false);
    assert.equal(r.type, 'none');
    assert.equal(r.ttlMs, -2);
    assert.equal(r.memoryUsage, undefined);
    assert.ok(r.owner);
  });

  it('CLI keyslot --profile --json adds node, exists, type and ttl per key', async () => {
    const info = await sharedCluster();
    const out: string[] = [];
    const err: string[] = [];
    const code = await keyslotCommand([plain.toString(), `${prefix}:nothere`, '--profile', info.profilePath, '--json'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    assert.equal(code, 0, err.join('\n'));
    const rows = JSON.parse(out.join('')) as Array<{
      key: string;
      slot: number;
      serverSlot: number;
      node: string;
      exists: boolean;
      type: string;
      ttl: number;
    }>;
    assert.equal(rows.length, 2);
    const owner = (await ownerClient(session, topo, plain)).address;
    assert.equal(rows[0].node, owner);
    assert.equal(rows[0].exists, true);
    assert.equal(rows[0].type, 'string');
    assert.ok(rows[0].ttl > 0 && rows[0].ttl <= 60);
    assert.deepEqual([rows[1].exists, rows[1].type, rows[1].ttl], [false, 'none', -2]);
  });
});
