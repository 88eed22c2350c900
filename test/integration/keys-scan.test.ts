// Cluster-wide SCAN against the real TLS cluster: all masters, exact key sets, pages, filters, binary keys, CLI.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { scanCommand } from '../../src/cli/scan';
import { ownerClient } from '../../src/core/keys/keys';
import { displayKey } from '../../src/core/keys/keyName';
import { isScanDone, newScanCursor, parseScanCursor, scanCluster, scanPage } from '../../src/core/keys/scan';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';

/** Writes keys on their owners, pipelined per owner. */
async function writeKeys(
  session: ClusterSession,
  topo: Topology,
  keys: Buffer[],
  write: (p: ReturnType<Awaited<ReturnType<typeof ownerClient>>['client']['pipeline']>, k: Buffer) => void,
): Promise<void> {
  const byOwner = new Map<string, Buffer[]>();
  for (const k of keys) {
    const { address } = await ownerClient(session, topo, k);
    byOwner.set(address, [...(byOwner.get(address) ?? []), k]);
  }
  await Promise.all(
    [...byOwner].map(async ([addr, ks]) => {
      const p = (await session.node(addr)).pipeline();
      for (const k of ks) write(p, k);
      const res = await p.exec();
      const failed = res?.find(([e]) => e);
      if (failed) throw failed[0];
    }),
  );
}

const hex = (keys: Buffer[]) => keys.map((k) => k.toString('hex')).sort();

describe('keys: cluster-wide scan', function () {
  this.timeout(180000);
  const prefix = `t5scan:${randomBytes(4).toString('hex')}`;
  const N = 3000;
  const strings = Array.from({ length: N }, (_, i) => Buffer.from(`${prefix}:s:${i}`));
  const hashes = Array.from({ length: 50 }, (_, i) => Buffer.from(`${prefix}:h:${i}`));
  const binary = Buffer.concat([Buffer.from(`${prefix}:bin:`), Buffer.from([0xff, 0x00, 0xfe, 0x0a])]);
  const all = [...strings, ...hashes, binary];
  let session: ClusterSession;
  let topo: Topology;

  before(async () => {
    session = sessionFor(await sharedCluster());
    topo = await discoverTopology(session);
    await writeKeys(session, topo, [...strings, binary], (p, k) => p.set(k, 'v'));
    await writeKeys(session, topo, hashes, (p, k) => p.hset(k, 'f', 'v'));
  });

  after(async () => {
    await writeKeys(session, topo, all, (p, k) => p.del(k));
    await session.close();
  });

  it('the written keys really are spread over every master', () => {
    const owners = new Set(
      all.map((k) => topo.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => keySlot(k) >= a && keySlot(k) <= b))?.id),
    );
    assert.equal(owners.size, topo.nodes.filter((n) => n.role === 'master').length);
  });

  it('a streaming scan across all masters finds exactly the keys written', async () => {
    const found: Buffer[] = [];
    let progressCalls = 0;
    for await (const batch of scanCluster(session, { topology: topo, match: `${prefix}:*`, count: 500, onProgress: () => progressCalls++ }))
      found.push(...batch);
    assert.equal(found.length, all.length, 'no duplicates, nothing missing');
    assert.deepEqual(hex(found), hex(all));
    assert.ok(progressCalls > 0);
  });

  it('pages with one combined cursor cover the keys exactly, and the cursor survives JSON', async () => {
    let cursor = newScanCursor(topo);
    assert.equal(cursor.masters.length, topo.nodes.filter((n) => n.role === 'master').length);
    const found: Buffer[] = [];
    let pages = 0;
    for (;;) {
      const page = await scanPage(session, cursor, 400, { match: `${prefix}:*` });
      found.push(...page.keys);
      pages++;
      cursor = parseScanCursor(JSON.parse(JSON.stringify(page.cursor)));
      if (page.done) break;
    }
    assert.ok(isScanDone(cursor));
    assert.ok(pages >= 2, `expected several pages, got ${pages}`);
    assert.deepEqual(hex(found), hex(all));
  });

  it('an unfiltered page holds at least pageSize keys (or the rest) and does not advance the input cursor', async () => {
    const start = newScanCursor(topo);
    const page = await scanPage(session, start, 1000);
    assert.ok(page.keys.length >= 1000 || page.done, `page had ${page.keys.length} keys`);
    assert.ok(start.masters.every((m) => m.cursor === '0' && !m.done));
  });

  it('filters by type', async () => {
    const found: Buffer[] = [];
    for await (const batch of scanCluster(session, { topology: topo, match: `${prefix}:*`, type: 'hash' })) found.push(...batch);
    assert.deepEqual(hex(found), hex(hashes));
  });

  it('keeps binary keys as exact bytes', async () => {
    const found: Buffer[] = [];
    for await (const batch of scanCluster(session, { topology: topo, match: `${prefix}:bin:*` })) found.push(...batch);
    assert.equal(found.length, 1);
    assert.ok(found[0].equals(binary));
  });

  it('CLI scan --json streams one {key, base64} object per line', async () => {
    const info = await sharedCluster();
    const out: string[] = [];
    const err: string[] = [];
    const code = await scanCommand(['--profile', info.profilePath, '--match', `${prefix}:*`, '--count', '200', '--json'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    assert.equal(code, 0, err.join('\n'));
    assert.ok(out.length > 1, 'output arrives in several writes (streaming)');
    const rows = out
      .join('\n')
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; base64: string });
    assert.deepEqual(rows.map((r) => Buffer.from(r.base64, 'base64').toString('hex')).sort(), hex(all));
    const bin = rows.find((r) => Buffer.from(r.base64, 'base64').equals(binary));
    assert.equal(bin?.key, displayKey(binary));
    assert.match(bin?.key ?? '', /\\xff\\x00\\xfe\\n"$/);
  });

  it('CLI scan rejects an unknown --type', async () => {
    await assert.rejects(
      scanCommand(['--profile', 'x', '--type', 'blob'], { out: () => undefined, err: () => undefined }),
      /--type must be one of/,
    );
  });
});
