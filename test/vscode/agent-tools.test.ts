// The agent tools as VS Code runs them: every tool through vscode.lm.invokeTool (no chat model needed), on the
// SHARED TLS cluster. An admin call's confirmation comes from prepareInvocation; in extension-test mode the
// workbench accepts it without showing a dialog (its dialog service skips dialogs in tests), so the tests read what
// was asked from the extension's test-mode record (Services.agentTools). Every admin test restores the cluster.
// Every result is searched for the test's secrets.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { contributes } from '../../package.json';
import type { ClusterSession } from '../../src/core/connection/session';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import { expandRanges, keySlot } from '../../src/core/topology/slots';
import { type ClusterNode, type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { activateExtension } from './support/extension';
import { sharedProfileName, sharedSession } from './support/sharedCluster';

const layout = (t: Topology) =>
  t.nodes
    .map((n) => `${n.id}:${n.role}:${n.masterId ?? ''}:${JSON.stringify(n.slots)}`)
    .sort()
    .join('\n');

/** The confirmations prepareInvocation gave VS Code so far (ExtensionMode.Test record). */
function confirmations(s: Services) {
  const c = s.agentTools?.confirmations;
  assert.ok(c, 'the extension keeps no confirmation record: not in ExtensionMode.Test?');
  return c;
}

describe('agent tools through vscode.lm.invokeTool (shared TLS cluster)', function () {
  this.timeout(240_000);
  let s: Services;
  let name: string;
  let session: ClusterSession;
  const results: string[] = [];
  const secrets = [process.env.REDIS_CLUSTER_PASSWORD ?? ''];

  async function invoke(tool: string, input: object): Promise<string> {
    const r = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
    const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : JSON.stringify(p))).join('');
    results.push(text);
    return text;
  }

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    s = await activateExtension();
    assert.ok(secrets[0].length > 8, 'REDIS_CLUSTER_PASSWORD is not in the extension host environment');
    const c = await session.cluster();
    await c.set('agent:1', 'one');
    await c.set('agent:big', 'b'.repeat(3000));
  });

  after(async () => {
    await session?.close();
  });

  afterEach(() => {
    for (const t of results) for (const secret of secrets) assert.ok(!t.includes(secret), `a result holds a secret: ${t.slice(0, 300)}`);
  });

  it('registers every contributed tool with its schema', () => {
    const registered = vscode.lm.tools.filter((t) => t.name.startsWith('redis_cluster_'));
    assert.deepEqual(registered.map((t) => t.name).sort(), contributes.languageModelTools.map((t) => t.name).sort());
    const key = registered.find((t) => t.name === 'redis_cluster_key');
    assert.deepEqual((key?.inputSchema as { required: string[] }).required, ['keys']);
  });

  it('answers every read tool from the cluster', async () => {
    const id = s.profiles.get(name)?.id as string;
    assert.match(await invoke('redis_cluster_profiles', {}), new RegExp(`"id":"${id}","label":"${name}","scope":"workspace"`));
    assert.match(await invoke('redis_cluster_topology', { profile: id }), /^Cluster ".*" is ok: 3 shard\(s\), 6 node\(s\)\./);
    assert.match(await invoke('redis_cluster_profiles', {}), new RegExp(`"id":"${id}".*"connected":true`));
    assert.match(await invoke('redis_cluster_check', { profile: name }), /^Check OK: 3 master\(s\), 3 replica\(s\)/);
    assert.match(await invoke('redis_cluster_diagnose', { profile: id }), /^Diagnose ".*": \d+ error\(s\).*6\/6 node\(s\) reached/);
    assert.match(
      await invoke('redis_cluster_key', { profile: id, keys: ['agent:1'] }),
      new RegExp(`^Key agent:1 is in slot ${keySlot('agent:1')}, owned by 127\\.0\\.0\\.1:\\d+; a string\\.`),
    );
    assert.match(await invoke('redis_cluster_key', { profile: id, keys: ['agent:1', 'agent:2'] }), /CROSSSLOT[\s\S]*"hashTagHint"/);
    assert.match(await invoke('redis_cluster_distribution', { profile: id }), /^\d+ key\(s\) over 3 master\(s\); imbalance/);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    writeFileSync(
      path.join(folder, 'agent-app.ts'),
      "import Redis from 'ioredis';\nconst r = new Redis.Cluster([]);\nr.mget('a:1', 'b:2');\n",
    );
    const kic = await invoke('redis_cluster_keys_in_code', { file: 'agent-app.ts' });
    assert.match(kic, /agent-app\.ts: 1 finding\(s\)\.\n.*"line":3,.*"redis-cluster\.crossslot"/);
    assert.match(await invoke('redis_cluster_keyspace_analysis', { profile: id }), /^No analysis has run/);
    assert.match(await invoke('redis_cluster_command', { profile: id, command: 'GET agent:1' }), /^GET answered by .*\.\none$/);
    assert.match(await invoke('redis_cluster_command', { profile: id, command: 'GET agent:big' }), /\[truncated: 1000 more characters\]$/);
  });

  it('refuses writes and bad input with clear errors, asks no confirmation and changes nothing', async () => {
    const before = layout(await discoverTopology(session));
    const shownBefore = confirmations(s).length;
    const cases: [string, object, RegExp][] = [
      [
        'redis_cluster_command',
        { profile: name, command: 'SET agent:1 changed' },
        /^Error \(admin-refused\): refused: profile .* is read-only: SET refused/,
      ],
      ['redis_cluster_command', { profile: name, command: 'FLUSHALL' }, /^Error .*refused/],
      ['redis_cluster_topology', { profile: 'no-such-profile' }, /^Error \(profile\): no profile "no-such-profile"/],
      ['redis_cluster_key', { profile: name, keys: ['"\\x4"'] }, /^Error \(usage\): input "keys"\[0\]: bad escape/],
      ['redis_cluster_key', { profile: name, keys: 42 }, /^Error \(usage\): input "keys" must be an array, got number/],
      ['redis_cluster_failover', { profile: name, node: '127.0.0.1:1' }, /^Error \(usage\): input "node": no node "127\.0\.0\.1:1"/],
      ['redis_cluster_reshard', { profile: name, from: ['x'], to: 'y', slots: 'ten' }, /^Error \(usage\): input "slots" must be a number/],
      ['redis_cluster_rebalance', { profile: name, weights: { abc: -1 } }, /^Error \(usage\): input "weights"\.abc must be at least 0/],
    ];
    for (const [tool, input, re] of cases) assert.match(await invoke(tool, input), re, `${tool} ${JSON.stringify(input)}`);
    assert.equal(confirmations(s).length, shownBefore, 'a refused or invalid call asked for a confirmation');
    assert.equal(await (await session.cluster()).get('agent:1'), 'one');
    assert.equal(layout(await discoverTopology(session)), before);
  });

  it('failover: VS Code gets the plan as the confirmation before it runs; then fails back', async () => {
    const t0 = await discoverTopology(session);
    const replica = t0.nodes.find((n) => n.role === 'replica') as ClusterNode;
    const master = t0.nodes.find((n) => n.id === replica.masterId) as ClusterNode;
    const n0 = confirmations(s).length;
    const done = await invoke('redis_cluster_failover', { profile: name, node: replica.id });
    assert.doesNotMatch(done, /^Error|did not complete/, done);
    const asked = confirmations(s).slice(n0);
    assert.equal(asked.length, 1, 'no confirmation was asked');
    assert.match(asked[0].title, new RegExp(`^Fail over to ${replica.host}:${replica.port} on "${name}"\\?$`));
    assert.match(asked[0].message, new RegExp(`becomes master in place of ${master.host}:${master.port}`));
    assert.match(asked[0].message, /redis-cluster failover --profile \S+\.json --node [0-9a-f]{40} --yes/);
    assert.equal((await discoverTopology(session)).nodes.find((n) => n.id === replica.id)?.role, 'master');
    const back = await invoke('redis_cluster_failover', { profile: name, node: master.id });
    assert.doesNotMatch(back, /^Error|did not complete/, back);
    assert.equal((await discoverTopology(session)).nodes.find((n) => n.id === master.id)?.role, 'master');
  });

  it('a cancelled invocation runs nothing', async () => {
    const t0 = await discoverTopology(session);
    const replica = t0.nodes.find((n) => n.role === 'replica') as ClusterNode;
    const cts = new vscode.CancellationTokenSource();
    cts.cancel();
    await assert.rejects(
      Promise.resolve(
        vscode.lm.invokeTool(
          'redis_cluster_failover',
          { input: { profile: name, node: replica.id }, toolInvocationToken: undefined },
          cts.token,
        ),
      ),
      /cancel/i,
    );
    assert.equal(layout(await discoverTopology(session)), layout(t0));
  });

  it('reshard and rebalance: plan in the confirmation, run after it; dryRun asks nothing (slots moved back)', async () => {
    const t0 = await discoverTopology(session);
    const [a, b] = t0.nodes.filter((n) => n.role === 'master');
    const n0 = confirmations(s).length;
    const dry = await invoke('redis_cluster_reshard', { profile: name, from: [a.id], to: b.id, slots: 7, dryRun: true });
    assert.match(dry, /plan only \(dryRun\), nothing was changed[\s\S]*--slots 7 --yes/);
    assert.equal(confirmations(s).length, n0, 'dryRun asked for a confirmation');
    const moved = await invoke('redis_cluster_reshard', { profile: name, from: [a.id], to: b.id, slots: 7 });
    assert.doesNotMatch(moved, /^Error|did not complete/, moved);
    const d = confirmations(s)[n0];
    assert.match(d.title, new RegExp(`^Reshard 7 slots to ${b.host}:${b.port} on "${name}"\\?$`));
    assert.match(
      d.message,
      /7 slot\(s\).*move on[\s\S]*redis-cluster reshard --profile \S+ --from [0-9a-f]{40} --to [0-9a-f]{40} --slots 7 --yes/,
    );
    // The way back moves exactly the slots that left (the planner picks by key counts, so a second reshard of 7 could
    // pick others), through the core and the test's own session: later files rely on the shared cluster's ranges.
    const t1 = await discoverTopology(session);
    const before = new Set(expandRanges(a.slots));
    const gone = expandRanges((t1.nodes.find((n) => n.id === b.id) as ClusterNode).slots).filter((x) => before.has(x));
    assert.equal(gone.length, 7);
    await executePlan(session, planReshard(t1, { from: [b.id], to: a.id, slotList: gone }), { topology: t1 });
    assert.equal(layout(await discoverTopology(session)), layout(t0));
    const rebalance = await invoke('redis_cluster_rebalance', { profile: name });
    assert.match(rebalance, /nothing to move.*Nothing was changed/);
  });

  it('read-only and protected profiles: refused without a confirmation, pointing to the palette; nothing changes', async () => {
    const profile = s.profiles.get(name)?.profile;
    assert.ok(profile);
    const ro = `${name}-agent-ro`;
    const prot = `${name}-agent-protected`;
    await s.profiles.save({ ...profile, name: ro, readOnly: true }, 'workspace');
    await s.profiles.save({ ...profile, name: prot, protected: true }, 'workspace');
    try {
      const t0 = await discoverTopology(session);
      const replica = t0.nodes.find((n) => n.role === 'replica') as ClusterNode;
      const n0 = confirmations(s).length;
      assert.match(
        await invoke('redis_cluster_failover', { profile: ro, node: replica.id }),
        /^Error \(read-only\): profile ".*" is read-only: failover refused/,
      );
      assert.match(
        await invoke('redis_cluster_failover', { profile: prot, node: replica.id }),
        /^Error \(admin-refused\): profile ".*" is protected: agent tools do not run failover on it.*Command Palette/,
      );
      assert.match(await invoke('redis_cluster_fix', { profile: prot, dryRun: true }), /nothing for fix to repair/);
      assert.equal(confirmations(s).length, n0, 'a refused admin call asked for a confirmation');
      assert.equal(layout(await discoverTopology(session)), layout(t0));
    } finally {
      for (const p of [ro, prot]) {
        const entry = s.profiles.get(p);
        if (entry) await s.profiles.remove(entry);
        await s.connections.disconnect(p);
      }
    }
  });
});
