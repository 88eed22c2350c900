// Cluster lifecycle from the palette, inside a real extension host, on a PRIVATE TLS cluster this file builds
// itself: 8 empty cluster-enabled nodes started with scripts/cluster.ts --no-create (the shared cluster is never
// touched). The tests run in order on that one cluster: Set Up Cluster… makes 3+3 of the first six and saves a
// workspace profile, which the later flows pick: Add/Remove Node…, Rebalance… + Drain, Check + Fix, Forget Node….
// Every prompt is answered by stubs on vscode.window (support/prompts.ts), so the real command code runs; every
// result is verified through the nodes themselves (CLUSTER NODES/INFO on each), never the extension's state.
// Ports: the vscodeAdminLifecycle block of test/support/ports.ts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Outcome } from '../../src/commands/runOperation';
import { waitUntil } from '../../src/core/topology/agreement';
import type { CheckReport } from '../../src/core/admin/ops/check';
import type { AddNodeResult } from '../../src/core/admin/ops/addNode';
import { ClusterSession } from '../../src/core/connection/session';
import { countSlots, keySlot } from '../../src/core/topology/slots';
import { type ClusterNode, type Topology, address, discoverTopology, parseClusterNodes } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { PREVIEW_SCHEME } from '../../src/views/planPreview';
import { type Item, type Prompts, runAnswered } from './support/prompts';
import { basePort } from '../support/ports';
import { activateExtension } from './support/extension';
import { type PrivateNodes, startPrivateNodes } from './support/privateNodes';
import { shortId } from '../../src/core/common/format';

const BASE = basePort('vscodeAdminLifecycle');
const NAME = `lifecycle-${BASE}`;
const at = (port: number) => `127.0.0.1:${port}`;

const profilePick = (items: Item[], o: vscode.QuickPickOptions) =>
  /choose a profile/.test(o.title ?? '') ? items.find((i) => i.label === NAME) : undefined;
const go = (_m: string, _o: vscode.MessageOptions, actions: string[]) => actions[0];
const slotsOf = (t: Topology, id: string) => countSlots(t.nodes.find((n) => n.id === id)?.slots ?? []);

describe('cluster lifecycle from the palette (private TLS cluster)', function () {
  this.timeout(300_000);
  let s: Services;
  let nodes: PrivateNodes;
  let session: ClusterSession;
  const members = () => nodes.sparePorts.slice(0, 6).map(at);
  const keys = Array.from({ length: 400 }, (_, i) => `life:${i}`);

  /** CLUSTER NODES as each given node sees it. */
  async function views(addresses: string[]): Promise<{ address: string; nodes: ClusterNode[] }[]> {
    return Promise.all(
      addresses.map(async (a) => ({
        address: a,
        nodes: parseClusterNodes(String(await (await session.node(a)).call('CLUSTER', 'NODES'))),
      })),
    );
  }
  const live = async () => (await discoverTopology(session)).nodes.filter((n) => !n.flags.includes('fail')).map(address);

  before(async function () {
    this.timeout(180_000);
    s = await activateExtension();
    nodes = await startPrivateNodes(8, BASE);
    assert.equal(nodes.sparePorts.length, 8, 'eight empty nodes');
    session = new ClusterSession({ name: 'verify', nodes: members(), tls: { ca: nodes.certs.ca } }, { password: nodes.password });
  });

  after(async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
    const entry = s?.profiles.get(NAME);
    if (entry) await s.profiles.remove(entry);
    await s?.connections.disconnect(NAME).catch(() => undefined);
    await nodes?.stop();
  });

  it(
    'Set Up Cluster…: nodes, replicas and TLS asked, ' +
      'plan previewed, confirmed; ' +
      '3+3 ok everywhere; profile saved without its password',
    async () => {
      const prompts: Prompts = {
        quickPick: (items, o) => (/connection settings/.test(o.title ?? '') ? items.find((i) => i.key === ':tls') : undefined),
        openDialog: () => [vscode.Uri.file(nodes.certs.ca)],
        inputBox: (o) => {
          const t = o.title ?? '';
          if (/^Password of the new nodes/.test(t)) return nodes.password;
          if (/\(2\/3\): nodes/.test(t)) return members().join(',');
          if (/\(3\/3\): replicas/.test(t)) return '1';
          if (/Name of the new profile/.test(t)) return NAME;
          return undefined;
        },
        modal: go,
        info: (m, actions) => (/Save a workspace profile/.test(m) ? actions.find((a) => /Save Profile/.test(a)) : undefined),
      };
      const { result, asked } = await runAnswered<Outcome<unknown> & { saved?: string }>(prompts, 'redisCluster.setUpCluster');
      assert.ok(result?.ok, `set up failed: ${JSON.stringify(result)}; prompts: ${asked.join(' | ')}`);
      assert.ok(
        asked.some((q) => q.startsWith('confirm: Set up a cluster of 6 nodes')),
        asked.join(' | '),
      );
      assert.ok(
        vscode.workspace.textDocuments.some(
          (d) => d.uri.scheme === PREVIEW_SCHEME && d.getText().startsWith('# Set up a cluster: 3 masters, 3 replicas'),
        ),
        'plan preview',
      );
      assert.equal(result.saved, NAME);

      // Every node on its own: ok, all slots covered, and the same 3 masters + 3 replicas.
      await waitUntil(
        async () => {
          for (const a of members()) {
            const info = String(await (await session.node(a)).call('CLUSTER', 'INFO'));
            if (!/cluster_state:ok/.test(info) || !/cluster_slots_assigned:16384/.test(info))
              return `${a}: ${info.split('\r\n').slice(0, 3).join(' ')}`;
          }
          return undefined;
        },
        { timeoutMs: 30_000, what: 'cluster_state:ok with 16384 slots on all six nodes' },
      );
      for (const v of await views(members())) {
        const ms = v.nodes.filter((n) => n.role === 'master');
        assert.equal(ms.length, 3, `${v.address} sees 3 masters`);
        assert.equal(v.nodes.filter((n) => n.role === 'replica').length, 3, `${v.address} sees 3 replicas`);
        assert.equal(
          ms.reduce((n, m) => n + countSlots(m.slots), 0),
          16384,
          `${v.address}: all slots covered`,
        );
      }

      const saved = vscode.workspace
        .getConfiguration('redisCluster')
        .inspect<{ name: string }[]>('profiles')
        ?.workspaceValue?.find((p) => p.name === NAME);
      assert.ok(saved, 'the profile is in the workspace settings');
      assert.ok(!JSON.stringify(saved).includes(nodes.password), 'no password in settings');
      const entry = s.profiles.get(NAME);
      assert.ok(entry?.profile);
      assert.equal(await s.profiles.password(entry.profile), nodes.password, 'the typed password went to SecretStorage');
    },
  );

  it('Add Node… as a replica of a chosen master, known by all; Remove Node… with shutdown, forgotten by all', async () => {
    const spare = at(nodes.sparePorts[6]);
    const master = (await discoverTopology(session)).nodes.find((n) => n.role === 'master') as ClusterNode;
    const added = await runAnswered<Outcome<AddNodeResult>>(
      {
        quickPick: (items, o) =>
          profilePick(items, o) ?? (/role of/.test(o.title ?? '') ? items.find((i) => i.id === master.id) : undefined),
        inputBox: (o) => (/add a node to/.test(o.title ?? '') ? spare : undefined),
        modal: go,
      },
      'redisCluster.addNode',
    );
    assert.ok(added.result?.ok, `add failed: ${JSON.stringify(added.result)}; prompts: ${added.asked.join(' | ')}`);
    const id = added.result.result.id;
    // Read now: a node shut down cleanly deletes its pidfile.
    const pid = Number(readFileSync(path.join(nodes.dir, `redis-${nodes.sparePorts[6]}.pid`), 'utf8'));
    for (const v of await views([...members(), spare])) {
      const n = v.nodes.find((x) => x.id === id);
      assert.ok(n, `${v.address} knows the new node`);
      assert.equal(n.role, 'replica', `${v.address}: role of the new node`);
      assert.equal(n.masterId, master.id, `${v.address}: master of the new node`);
    }

    const removed = await runAnswered<Outcome<unknown>>(
      {
        quickPick: (items, o) => {
          const t = o.title ?? '';
          if (/remove which node/.test(t)) return items.find((i) => i.id === id);
          if (/after removing/.test(t)) return items.find((i) => i.shutdown === true);
          return profilePick(items, o);
        },
        modal: go,
      },
      'redisCluster.removeNode',
    );
    assert.ok(removed.result?.ok, `remove failed: ${JSON.stringify(removed.result)}; prompts: ${removed.asked.join(' | ')}`);
    assert.ok(
      removed.asked.some((q) => /^confirm: Remove 127\.0\.0\.1:\d+/.test(q)),
      removed.asked.join(' | '),
    );
    for (const v of await views(members())) assert.ok(!v.nodes.some((x) => x.id === id), `${v.address} forgot ${shortId(id)}`);
    await waitUntil(
      async () => {
        try {
          process.kill(pid, 0);
          return `pid ${pid} still running`;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 15_000, what: 'the removed node to shut down' },
    );
  });

  it('Rebalance… by slots with empty masters gives a new master ~1/4 of the slots, keys intact; Drain empties it again', async () => {
    const c = await session.cluster();
    for (const k of keys) await c.set(k, `v-${k}`);
    const spare = at(nodes.sparePorts[7]);
    const added = await runAnswered<Outcome<AddNodeResult>>(
      {
        quickPick: (items, o) => profilePick(items, o) ?? (/role of/.test(o.title ?? '') ? items.find((i) => i.id === '') : undefined),
        inputBox: (o) => (/add a node to/.test(o.title ?? '') ? spare : undefined),
        modal: go,
      },
      'redisCluster.addNode',
    );
    assert.ok(added.result?.ok, `add failed: ${JSON.stringify(added.result)}`);
    const id = added.result.result.id;
    assert.equal(added.result.result.role, 'master');

    const options: string[] = [];
    const rb = await runAnswered<Outcome<unknown>>(
      {
        quickPick: (items, o) => {
          const t = o.title ?? '';
          if (/balance what/.test(t)) return items.find((i) => i.by === 'slots');
          if (/\(2\/3\): options/.test(t) && o.canPickMany) {
            options.push(...items.map((i) => `${i.label}${i.picked ? ' (picked)' : ''}: ${i.detail}`));
            return items.filter((i) => i.key === 'empty');
          }
          return profilePick(items, o);
        },
        inputBox: (o) => (/threshold/.test(o.title ?? '') ? '2' : undefined),
        modal: go,
      },
      'redisCluster.rebalance',
    );
    assert.ok(rb.result?.ok, `rebalance failed: ${JSON.stringify(rb.result)}; prompts: ${rb.asked.join(' | ')}`);
    assert.ok(
      options.some((o) => o.startsWith('Use empty masters (picked)') && o.includes(spare)),
      `the empty master is offered: ${options.join(' | ')}`,
    );
    const mid = slotsOf(await discoverTopology(session), id);
    assert.ok(Math.abs(mid - 4096) <= 100, `the new master owns ${mid} slots, expected about 4096`);
    for (const k of keys) assert.equal(await c.get(k), `v-${k}`, `${k} (slot ${keySlot(k)}) after the rebalance`);

    const dr = await runAnswered<Outcome<unknown>>({ modal: go }, 'redisCluster.drain', { profile: NAME, nodeId: id });
    assert.ok(dr.result?.ok, `drain failed: ${JSON.stringify(dr.result)}; prompts: ${dr.asked.join(' | ')}`);
    assert.ok(
      dr.asked.some((q) => q.startsWith('confirm: Drain')),
      dr.asked.join(' | '),
    );
    const t = await discoverTopology(session);
    assert.equal(slotsOf(t, id), 0, 'drained');
    assert.equal(
      t.nodes.filter((n) => n.role === 'master').reduce((n, m) => n + countSlots(m.slots), 0),
      16384,
    );
    for (const k of keys) assert.equal(await c.get(k), `v-${k}`, `${k} after the drain`);
  });

  it('Check reports a slot left IMPORTING by hand; Fix (confirmed) closes it and the check is OK again', async () => {
    const t = await discoverTopology(session);
    const [a, b] = t.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);
    const slot = a.slots[0][0];
    assert.equal(await (await session.node(address(b))).call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', a.id), 'OK');

    const checked = await runAnswered<CheckReport>({ quickPick: profilePick }, 'redisCluster.check');
    assert.ok(checked.result, `no report; prompts: ${checked.asked.join(' | ')}`);
    assert.equal(checked.result.ok, false, 'an open slot is a problem');
    assert.ok(
      checked.result.openSlots.some((o) => o.slot === slot && o.importing.some((i) => i.node === b.id)),
      JSON.stringify(checked.result.openSlots),
    );
    const report = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === PREVIEW_SCHEME && d.getText().startsWith(`# Check of "${NAME}"`),
    );
    assert.ok(report && new RegExp(`\\b${slot}\\b`).test(report.getText()), 'the report names the open slot');

    const fixed = await runAnswered<Outcome<unknown>>({ quickPick: profilePick, modal: go }, 'redisCluster.fix');
    assert.ok(fixed.result?.ok, `fix failed: ${JSON.stringify(fixed.result)}; prompts: ${fixed.asked.join(' | ')}`);
    assert.ok(
      fixed.asked.some((q) => q.startsWith(`confirm: Fix "${NAME}"`)),
      fixed.asked.join(' | '),
    );
    const own = (await views([address(b)]))[0].nodes.find((n) => n.myself);
    assert.deepEqual(own?.importing, [], `${address(b)} no longer imports slot ${slot}`);
    const again = await vscode.commands.executeCommand<CheckReport>('redisCluster.check', { profile: NAME });
    assert.equal(again?.ok, true, again?.problems.map((p) => p.message).join('; '));
  });

  it('Forget Node…: a killed replica, once flagged fail, is forgotten by every remaining node', async () => {
    const t = await discoverTopology(session);
    const victim = t.nodes.find((n) => n.role === 'replica' && members().includes(address(n))) as ClusterNode;
    const rest = (await live()).filter((a) => a !== address(victim));
    process.kill(Number(readFileSync(path.join(nodes.dir, `redis-${victim.port}.pid`), 'utf8')), 'SIGKILL');
    await waitUntil(
      async () => {
        for (const v of await views(rest))
          if (!v.nodes.find((n) => n.id === victim.id)?.flags.includes('fail')) return `${v.address} does not flag it fail yet`;
        return undefined;
      },
      { timeoutMs: 60_000, what: `every node to flag ${address(victim)} fail` },
    );

    const forgot = await runAnswered<Outcome<unknown>>(
      {
        quickPick: (items, o) =>
          /forget which failed node/.test(o.title ?? '') ? items.find((i) => i.id === victim.id) : profilePick(items, o),
        modal: go,
      },
      'redisCluster.forgetNode',
    );
    assert.ok(forgot.result?.ok, `forget failed: ${JSON.stringify(forgot.result)}; prompts: ${forgot.asked.join(' | ')}`);
    for (const v of await views(rest)) assert.ok(!v.nodes.some((n) => n.id === victim.id), `${v.address} forgot ${shortId(victim.id)}`);
  });

  it('the saved profile is removed again: gone from the workspace settings and its password from SecretStorage', async () => {
    const entry = s.profiles.get(NAME);
    assert.ok(entry?.profile, 'the profile saved by Set Up Cluster…');
    const profile = entry.profile;
    await s.connections.disconnect(NAME);
    await s.profiles.remove(entry);
    assert.equal(
      vscode.workspace
        .getConfiguration('redisCluster')
        .inspect<{ name: string }[]>('profiles')
        ?.workspaceValue?.some((p) => p.name === NAME),
      false,
    );
    assert.equal(await s.profiles.password(profile), undefined);
  });
});
