// How often an admin command reads the topology before it changes anything, counted on the real cluster: every
// node's MONITOR stream is watched, and each topology read is one CLUSTER SHARDS (src/core/topology/topology.ts). On a cold
// connection, connecting, planning and the migration guard must share one read. Connecting dials every seed at once and
// asks each for the first view in the same write as AUTH (src/core/connection/firstView.ts: one round trip fewer on a
// remote link), so a cold connect shows one CLUSTER SHARDS per seed, of which one is used and shared.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Outcome } from '../../src/commands/runOperation';
import { agreementProblems, readAllViews, waitUntil } from '../../src/core/topology/agreement';
import type { ClusterSession } from '../../src/core/connection/session';
import { type ClusterNode, type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { watchNodes as watch } from './support/nodeMonitor';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';

const layout = (t: Topology) =>
  t.nodes
    .filter((n) => n.role === 'master')
    .map((n) => `${n.id}:${JSON.stringify(n.slots)}`)
    .sort();
const reshard = (arg: object) => vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.reshard', arg);

describe('admin command topology reads (shared TLS cluster)', function () {
  this.timeout(180_000);
  let s: Services;
  let name: string;
  let session: ClusterSession;
  const config = () => vscode.workspace.getConfiguration('redisCluster');
  let interval: number | undefined;

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    s = await activateExtension();
    // The explorer's periodic refresh would add reads of its own during the count.
    interval = config().inspect<number>('refreshIntervalSeconds')?.workspaceValue;
    await config().update('refreshIntervalSeconds', 0, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update('refreshIntervalSeconds', interval, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
  });

  it('concurrent callers share one topology read, cold or warm', async () => {
    const nodes = (await discoverTopology(session)).nodes;
    for (const warm of [false, true]) {
      if (warm) await s.connections.target(name);
      else await s.connections.disconnect(name);
      const mon = await watch(session, nodes);
      let got;
      try {
        got = await Promise.all([1, 2, 3].map(() => s.connections.target(name, { fresh: true })));
      } finally {
        await mon.stop();
      }
      const reads = mon.seen.filter((x) => x.command === 'cluster shards').length;
      const allowed = warm ? 1 : session.profile.nodes.length;
      assert.ok(reads >= 1 && reads <= allowed, `${warm ? 'warm' : 'cold'}: ${reads} topology reads for three concurrent fresh callers`);
      assert.ok(
        got.every((t) => t.topology === got[0].topology && t.session === got[0].session),
        'callers got different topologies',
      );
    }
  });

  it('Reshard on a cold connection reads the topology once before its first slot move', async () => {
    const before = await discoverTopology(session);
    const ms = before.nodes.filter((n) => n.role === 'master');
    const a = ms.find((m) => m.slots.some(([lo]) => lo === 0)) as ClusterNode;
    const b = ms.find((m) => m !== a) as ClusterNode;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await s.connections.disconnect(name);
    assert.equal(s.connections.get(name), undefined, 'the connection is cold');

    const mon = await watch(session, before.nodes);
    let outcome: Outcome<unknown> | undefined;
    try {
      outcome = await reshard({ profile: name, sourceIds: [a.id], targetId: b.id, slots: 3, yes: true });
    } finally {
      await mon.stop();
    }
    try {
      assert.ok(outcome?.ok, `reshard failed: ${JSON.stringify(outcome)}`);
      // MONITOR leaves out admin commands such as CLUSTER SETSLOT; the source's first GETKEYSINSLOT goes out with
      // its first MIGRATING, after the target's IMPORTING: the first slot move.
      const firstMove = Math.min(...mon.seen.filter((x) => x.command === 'cluster getkeysinslot').map((x) => x.time));
      assert.ok(Number.isFinite(firstMove), `no CLUSTER GETKEYSINSLOT seen among ${mon.seen.length} commands`);
      const reads = mon.seen.filter((x) => x.command === 'cluster shards' && x.time < firstMove).length;
      // One first view per seed dialled, nothing more: planning and the guard use the connection's read.
      assert.ok(reads >= 1 && reads <= session.profile.nodes.length, `topology reads before the first slot move: ${reads}`);
    } finally {
      if (outcome?.ok) {
        const back = await reshard({ profile: name, sourceIds: [b.id], targetId: a.id, slots: 3, yes: true });
        assert.ok(back?.ok, `reshard back failed: ${JSON.stringify(back)}`);
      }
      const after = await discoverTopology(session);
      const disagreement = async () => agreementProblems(await readAllViews(session, after), { requireOk: true })[0];
      await waitUntil(disagreement, { timeoutMs: 30_000, what: 'every node to agree after the reshard back' });
      assert.deepEqual(layout(after), layout(before), 'the original slot layout is restored');
    }
  });
});
