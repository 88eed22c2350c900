// The CLI end to end: input validation, the --yes gate, and a reshard of 1000 slots while a writer keeps
// writing into exactly those slots through the routed cluster client: every acknowledged write must be
// there afterwards. Private TLS cluster on 7520-7525; the reshard runs in a child process.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, slotTags, wrongKeys, writeKeys } from '../support/migrateData';
import type { ClusterSession } from '../../src/core/session';
import { countSlots } from '../../src/core/slots';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology';
import { basePort } from '../support/ports';

const ROOT = path.resolve(__dirname, '../..');

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

describe('reshard and rebalance CLI, with a concurrent writer', function () {
  const cluster = privateCluster({ basePort: basePort('migrateReshard') });
  let session: ClusterSession;
  let a: ClusterNode;
  let b: ClusterNode;
  let replica: ClusterNode;
  const run = (...args: string[]) => cli(cluster().env, ...args, '--profile', cluster().profilePath);

  before(async function () {
    session = sessionFor(cluster());
    const topo = await discoverTopology(session);
    a = topo.nodes.find((n) => n.role === 'master' && n.slots.some(([x]) => x === 0)) as ClusterNode;
    b = topo.nodes.find((n) => n.role === 'master' && n.id !== a.id) as ClusterNode;
    replica = topo.nodes.find((n) => n.role === 'replica') as ClusterNode;
  });
  after(async () => session?.close());

  it('rejects bad input with clear messages (exit 2)', async () => {
    const toReplica = await run('reshard', '--from', a.id.slice(0, 10), '--to', address(replica), '--slots', '10');
    assert.equal(toReplica.code, 2);
    assert.match(toReplica.err, /is a replica.*reshard to a master/);
    const zero = await run('reshard', '--from', a.id, '--to', b.id, '--slots', '0');
    assert.equal(zero.code, 2);
    assert.match(zero.err, /--slots must be an integer in 1-16384/);
    const unknown = await run('reshard', '--from', 'ffffffffff', '--to', b.id, '--slots', '5');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--from ffffffffff: no node "ffffffffff"/);
    const weight = await run('rebalance', '--weight', `${a.id}=-1`);
    assert.equal(weight.code, 2);
    assert.match(weight.err, /--weight must be ID=W/);
    const by = await run('rebalance', '--by', 'bytes');
    assert.equal(by.code, 2);
  });

  it('shows the plan and changes nothing without --yes (exit 3); --dry-run exits 0', async () => {
    const r = await run('reshard', '--from', address(a), '--to', b.id.slice(0, 8), '--slots', '10');
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /Reshard 10 slots/);
    assert.match(r.err, /Nothing was changed.*--yes/);
    const dry = await run('rebalance', '--weight', `${a.id}=2`, '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.err);
    const plan = JSON.parse(dry.out).plan;
    assert.equal(plan.kind, 'rebalance');
    assert.ok(plan.moves.length > 0);
    const topo = await discoverTopology(session);
    assert.equal(countSlots(topo.nodes.find((n) => n.id === a.id)?.slots ?? []), countSlots(a.slots));
  });

  it('reshards 1000 slots while a writer writes into them: 0 lost writes', async () => {
    const slots = Array.from({ length: 1000 }, (_, i) => i);
    const seeded = keysForSlots('rs', slots, 30);
    await writeKeys(session, seeded);
    const tags = slotTags();
    const writer = sessionFor(cluster());
    const routed = await writer.cluster();
    const acked = new Map<string, string>();
    const errors: string[] = [];
    let stop = false;
    const loops = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const key = `wr{${tags[(i * 8 + w) % 1000]}}:${w}:${i}`;
        const value = `${w}-${i}-${Date.now()}`;
        try {
          if ((await routed.set(key, value)) === 'OK') acked.set(key, value);
        } catch (e) {
          errors.push(`${key}: ${(e as Error).message}`);
        }
      }
    });
    const r = await run('reshard', '--from', a.id, '--to', b.id, '--slots', '1000', '--yes');
    stop = true;
    await Promise.all(loops);
    await writer.close();
    assert.equal(r.code, 0, `${r.out}\n${r.err}`);
    const moved = /done: moved 1000 slots and (\d+) keys/.exec(r.out);
    assert.ok(moved && Number(moved[1]) >= 30000, r.out);
    assert.ok(acked.size > 200, `only ${acked.size} writes happened during the reshard`);
    assert.deepEqual(errors.slice(0, 5), []);
    const keys = [...acked.keys()];
    assert.deepEqual(await wrongKeys(session, keys, (k) => acked.get(k) ?? ''), []);
    assert.deepEqual(await wrongKeys(session, seeded), []);
    const topo = await discoverTopology(session);
    assert.equal(countSlots(topo.nodes.find((n) => n.id === b.id)?.slots ?? []), countSlots(b.slots) + 1000);

    const check = await run('check', '--json');
    assert.equal(check.code, 0, check.out);
    assert.equal(JSON.parse(check.out).ok, true);
  });
});
