// Admin commands inside a real extension host, on the SHARED TLS cluster: every test restores what it changed
// (other files rely on its 3+3 shape and slot ranges). The palette flows run the real command code with the
// prompts answered by stubs put on `vscode.window` (writable in the extension host) and removed afterwards,
// so the QuickPicks, the InputBox and the modal confirmation are all exercised. The way back uses the explicit
// options argument ({ ..., yes: true }), the path other callers take. Results are verified through a core
// session of the test's own, never through the extension's state.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Outcome } from '../../src/commands/runOperation';
import type { CheckReport } from '../../src/core/admin/ops/check';
import { agreementProblems, readAllViews, waitUntil } from '../../src/core/topology/agreement';
import { ClusterSession } from '../../src/core/connection/session';
import { expandRanges, keySlot } from '../../src/core/topology/slots';
import { type ClusterNode, type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { PREVIEW_SCHEME } from '../../src/views/planPreview';
import { answerPrompts } from './support/prompts';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';
import { shortId } from '../../src/core/common/format';

const layout = (t: Topology) =>
  t.nodes
    .filter((n) => n.role === 'master')
    .map((n) => `${n.id}:${JSON.stringify(n.slots)}`)
    .sort();
const roles = (t: Topology) => t.nodes.map((n) => `${n.id}:${n.role}:${n.masterId ?? ''}`).sort();

describe('admin commands from the palette (shared TLS cluster)', function () {
  this.timeout(240_000);
  let s: Services;
  let name: string;
  let session: ClusterSession;

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    s = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
  });

  it('Reshard…: sources, target and slot count picked, plan previewed, confirmed, run; then moved back with keys intact', async () => {
    const before = await discoverTopology(session);
    const ms = before.nodes.filter((n) => n.role === 'master');
    // The source owns slot 0: the planner gives a source's lowest slots, and the way back then takes the same ones.
    const a = ms.find((m) => m.slots.some(([lo]) => lo === 0)) as ClusterNode;
    const b = ms.find((m) => m !== a) as ClusterNode;
    const n = 40;
    const moving = new Set(expandRanges(a.slots).slice(0, n));
    const tag = randomBytes(3).toString('hex');
    const keys: string[] = [];
    for (let i = 0; keys.length < 150 && i < 500_000; i++) if (moving.has(keySlot(`adm${tag}:${i}`))) keys.push(`adm${tag}:${i}`);
    const c = await session.cluster();
    for (const k of keys) await c.set(k, `v-${k}`);

    const ui = answerPrompts({
      quickPick: (items, o) => {
        if (/choose a profile/.test(o.title ?? '')) return items.find((i) => i.label === name);
        if (o.canPickMany && /Reshard from/.test(o.title ?? '')) return items.filter((i) => i.id === a.id);
        if (/Reshard to/.test(o.title ?? '')) return items.find((i) => i.id === b.id);
        return undefined;
      },
      inputBox: (o) => (/how many slots/.test(o.title ?? '') ? String(n) : undefined),
      modal: (_m, _o, actions) => actions[0],
    });
    let outcome: Outcome<unknown> | undefined;
    try {
      outcome = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.reshard');
    } finally {
      ui.restore();
    }
    assert.ok(outcome?.ok, `reshard failed: ${JSON.stringify(outcome)}; prompts: ${ui.asked.join(' | ')}`);
    assert.ok(
      ui.asked.some((q) => q.startsWith('confirm: Reshard 40 slots')),
      `no confirmation asked: ${ui.asked.join(' | ')}`,
    );
    const preview = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === PREVIEW_SCHEME && d.getText().startsWith('# Reshard 40 slots'),
    );
    assert.ok(preview, 'the plan preview document was not opened');
    assert.match(preview.getText(), /## Moves[\s\S]*\| 40 \|/);

    const mid = await discoverTopology(session);
    const owner = (slot: number) => mid.nodes.find((x) => x.role === 'master' && x.slots.some(([lo, hi]) => slot >= lo && slot <= hi))?.id;
    for (const slot of moving) assert.equal(owner(slot), b.id, `slot ${slot} should now be on ${shortId(b.id)}`);
    for (const k of keys) assert.equal(await c.get(k), `v-${k}`, `${k} after the move`);

    const back = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.reshard', {
      profile: name,
      sourceIds: [b.id],
      targetId: a.id,
      slots: n,
      yes: true,
    });
    assert.ok(back?.ok, `reshard back failed: ${JSON.stringify(back)}`);
    const after = await discoverTopology(session);
    assert.deepEqual(layout(after), layout(before), 'the original slot layout is restored');
    // Replicas learn slot owners by gossip: leave only once every node's own view agrees (a replica promoted
    // with a stale view takes only the slots it believes its master has).
    await waitUntil(async () => agreementProblems(await readAllViews(session, after), { requireOk: true })[0], {
      timeoutMs: 30_000,
      what: 'every node to agree after the reshard back',
    });
    for (const k of keys) assert.equal(await c.get(k), `v-${k}`, `${k} after moving back`);
    for (const k of keys) await c.del(k);
  });

  it('Failover…: replica and mode picked, confirmed, roles swapped; then failed back', async () => {
    const before = await discoverTopology(session);
    const replica = before.nodes.find((x) => x.role === 'replica') as ClusterNode;
    const master = before.nodes.find((x) => x.id === replica.masterId) as ClusterNode;
    const modes: string[] = [];
    const ui = answerPrompts({
      quickPick: (items, o) => {
        if (/choose a profile/.test(o.title ?? '')) return items.find((i) => i.label === name);
        if (/fail over to which replica/.test(o.title ?? '')) return items.find((i) => i.id === replica.id);
        if (/failover mode/.test(o.title ?? '')) {
          modes.push(...items.map((i) => `${i.label}: ${i.detail}`));
          return items.find((i) => i.mode === 'default');
        }
        return undefined;
      },
      modal: (_m, _o, actions) => actions[0],
    });
    let outcome: Outcome<unknown> | undefined;
    try {
      outcome = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.failover');
    } finally {
      ui.restore();
    }
    assert.ok(outcome?.ok, `failover failed: ${JSON.stringify(outcome)}; prompts: ${ui.asked.join(' | ')}`);
    assert.equal(modes.length, 3, 'three modes offered');
    assert.ok(
      modes.some((m) => /FORCE.*lost/.test(m)) && modes.some((m) => /TAKEOVER/.test(m)),
      `modes explain their risk: ${modes.join(' | ')}`,
    );
    assert.ok(ui.asked.some((q) => q.startsWith('confirm: Failover to')));
    assert.match(outcome.message, /is master \(promoted in [\d.]+ m?s/);
    const mid = await discoverTopology(session);
    const now = (id: string) => mid.nodes.find((x) => x.id === id) as ClusterNode;
    assert.equal(now(replica.id).role, 'master');
    assert.equal(now(master.id).role, 'replica');
    assert.equal(now(master.id).masterId, replica.id);
    const role = (await (await session.node(`${replica.host}:${replica.port}`)).call('ROLE')) as unknown[];
    assert.equal(role[0], 'master', 'ROLE on the promoted replica');

    const back = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.failover', {
      profile: name,
      nodeId: master.id,
      yes: true,
    });
    assert.ok(back?.ok, `failover back failed: ${JSON.stringify(back)}`);
    assert.deepEqual(roles(await discoverTopology(session)), roles(before), 'roles restored');
  });

  it('a tree item argument still asks for confirmation; declining changes nothing', async () => {
    const before = await discoverTopology(session);
    const m = before.nodes.find((x) => x.role === 'master' && x.slots.length) as ClusterNode;
    const ui = answerPrompts({ modal: () => undefined });
    let outcome: Outcome<unknown> | undefined;
    try {
      // The shape a MasterNode tree item has: profile + nodeId, and no `yes`.
      outcome = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.drain', {
        id: `${name}/node/${m.id}`,
        profile: name,
        nodeId: m.id,
      });
    } finally {
      ui.restore();
    }
    assert.deepEqual(outcome, { ok: false, declined: true });
    assert.ok(
      ui.asked.some((q) => q.startsWith('confirm: Drain')),
      ui.asked.join(' | '),
    );
    assert.deepEqual(layout(await discoverTopology(session)), layout(before));
  });

  it('a read-only profile refuses even an explicit yes', async () => {
    const profile = s.profiles.get(name)?.profile;
    assert.ok(profile);
    const ro = `${name}-readonly`;
    await s.profiles.save({ ...profile, name: ro, readOnly: true }, 'workspace');
    try {
      const t = await discoverTopology(session);
      const replica = t.nodes.find((x) => x.role === 'replica') as ClusterNode;
      const outcome = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.failover', {
        profile: ro,
        nodeId: replica.id,
        yes: true,
      });
      assert.deepEqual(outcome, { ok: false, declined: true });
      assert.deepEqual(roles(await discoverTopology(session)), roles(t));
    } finally {
      const entry = s.profiles.get(ro);
      if (entry) await s.profiles.remove(entry);
      await s.connections.disconnect(ro);
    }
  });

  it('a protected profile asks for the typed name even with an explicit yes', async () => {
    const profile = s.profiles.get(name)?.profile;
    assert.ok(profile);
    const prot = `${name}-protected`;
    await s.profiles.save({ ...profile, name: prot, protected: true }, 'workspace');
    // An empty answer passes the box's own validation, and is not the name: the action must be refused.
    const ui = answerPrompts({ inputBox: () => '' });
    try {
      const t = await discoverTopology(session);
      const replica = t.nodes.find((x) => x.role === 'replica') as ClusterNode;
      const outcome = await vscode.commands.executeCommand<Outcome<unknown>>('redisCluster.failover', {
        profile: prot,
        nodeId: replica.id,
        yes: true,
      });
      assert.deepEqual(outcome, { ok: false, declined: true });
      assert.ok(
        ui.asked.some((q) => q.startsWith('inputBox:')),
        `the typed name was not asked: ${ui.asked.join(' | ')}`,
      );
      assert.deepEqual(roles(await discoverTopology(session)), roles(t));
    } finally {
      ui.restore();
      const entry = s.profiles.get(prot);
      if (entry) await s.profiles.remove(entry);
      await s.connections.disconnect(prot);
    }
  });

  it('Check reports the healthy cluster and opens the report', async () => {
    const r = await vscode.commands.executeCommand<CheckReport>('redisCluster.check', { profile: name });
    assert.ok(r, 'no report');
    assert.equal(r.ok, true, r.problems.map((p) => p.message).join('; '));
    assert.equal(r.masters, 3);
    assert.ok(
      vscode.workspace.textDocuments.some((d) => d.uri.scheme === PREVIEW_SCHEME && /^# Check of/.test(d.getText())),
      'check report document',
    );
  });
});
