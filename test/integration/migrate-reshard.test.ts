// The CLI end to end: input validation, the --yes gate, and a reshard of 1000 slots while a writer keeps
// writing into exactly those slots through the routed cluster client: every acknowledged write must be
// there afterwards. Private TLS cluster on 7520-7525; the reshard runs in a child process.
import { strict as assert } from 'node:assert';
import { runCli } from '../support/cli';
import { privateCluster, sessionFor } from '../support/cluster';
import { keysForSlots, slotTags, wrongKeys, writeKeys } from '../support/migrateData';
import type { ClusterSession } from '../../src/core/connection/session';
import { countSlots } from '../../src/core/topology/slots';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology/topology';
import { basePort } from '../support/ports';

describe('reshard and rebalance CLI, with a concurrent writer', function () {
  const cluster = privateCluster({ basePort: basePort('migrateReshard') });
  let session: ClusterSession;
  let a: ClusterNode;
  let b: ClusterNode;
  let replica: ClusterNode;
  const run = (...args: string[]) => runCli([...args, '--profile', cluster().profilePath], cluster().env, 180_000);

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
    assert.match(toReplica.stderr, /is a replica.*reshard to a master/);
    const zero = await run('reshard', '--from', a.id, '--to', b.id, '--slots', '0');
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /--slots must be an integer in 1-16384/);
    const unknown = await run('reshard', '--from', 'ffffffffff', '--to', b.id, '--slots', '5');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--from ffffffffff: no node "ffffffffff"/);
    const weight = await run('rebalance', '--weight', `${a.id}=-1`);
    assert.equal(weight.code, 2);
    assert.match(weight.stderr, /--weight must be ID=W/);
    const by = await run('rebalance', '--by', 'bytes');
    assert.equal(by.code, 2);
  });

  it('shows the plan and changes nothing without --yes (exit 3); --dry-run exits 0', async () => {
    const r = await run('reshard', '--from', address(a), '--to', b.id.slice(0, 8), '--slots', '10');
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /Reshard 10 slots/);
    assert.match(r.stderr, /Nothing was changed.*--yes/);
    const dry = await run('rebalance', '--weight', `${a.id}=2`, '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout).plan;
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
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const moved = /done: moved 1000 slots and (\d+) keys/.exec(r.stdout);
    assert.ok(moved && Number(moved[1]) >= 30000, r.stdout);
    assert.ok(acked.size > 200, `only ${acked.size} writes happened during the reshard`);
    assert.deepEqual(errors.slice(0, 5), []);
    const keys = [...acked.keys()];
    assert.deepEqual(await wrongKeys(session, keys, (k) => acked.get(k) ?? ''), []);
    assert.deepEqual(await wrongKeys(session, seeded), []);
    const topo = await discoverTopology(session);
    assert.equal(countSlots(topo.nodes.find((n) => n.id === b.id)?.slots ?? []), countSlots(b.slots) + 1000);

    const check = await run('check', '--json');
    assert.equal(check.code, 0, check.stdout);
    assert.equal(JSON.parse(check.stdout).ok, true);
  });
});
