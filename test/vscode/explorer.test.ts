// The cluster explorer inside a real extension host: the workspace profile for the shared TLS cluster (written
// by the test runner into .vscode/settings.json, password through its passwordEnv variable), the tree's shape,
// and a failing node's marking on a private cluster of our own (the shared one must keep its topology).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type ClusterInfo, killNode, startCluster, startNode, stopCluster } from '../../scripts/cluster';
import { SLOT_COUNT, type SlotRange, mergeRanges } from '../../src/core/topology/slots';
import type { Services } from '../../src/services';
import type { MasterNode } from '../../src/views/tree/masterNode';
import type { TreeNode } from '../../src/views/tree/node';
import type { ProfileNode } from '../../src/views/tree/profileNode';
import type { SlotRangeNode } from '../../src/views/tree/slotsNode';
import { sharedProfileName } from './support/sharedCluster';
import { basePort } from '../support/ports';
import { activateExtension } from './support/extension';
import { until } from '../support/wait';

async function api(): Promise<Services> {
  const s = await activateExtension();
  assert.ok(s.explorer, 'activate() returned no explorer');
  return s;
}

function item(s: Services, n: TreeNode): vscode.TreeItem {
  return s.explorer.tree.getTreeItem(n);
}

function kids(s: Services, n?: TreeNode): TreeNode[] {
  return s.explorer.tree.getChildren(n);
}

// The extension and this test are separate bundles, so `instanceof` cannot work: tell kinds by id and contextValue.
const isProfile = (n: TreeNode): n is ProfileNode => n.id.startsWith('profile/');
const isSummary = (n: TreeNode) => n.id.endsWith('/summary');
const isShard = (n: TreeNode) => n.id.includes('/shard/');
const isSlots = (n: TreeNode) => n.id.endsWith('/slots');
const contextOf = (s: Services, n: TreeNode) => item(s, n).contextValue ?? '';

function iconId(i: vscode.TreeItem): string | undefined {
  return i.iconPath instanceof vscode.ThemeIcon ? i.iconPath.id : undefined;
}

describe('cluster explorer (shared TLS cluster, workspace profile)', function () {
  this.timeout(120_000);
  let s: Services;
  let name: string;

  before(async () => {
    name = sharedProfileName();
    s = await api();
  });

  it('lists the workspace profile from settings', () => {
    const roots = kids(s);
    const node = roots.find((r) => isProfile(r) && r.profile === s.profiles.idOf(name)) as ProfileNode | undefined;
    assert.ok(node, `no profile "${name}" in the tree; roots: ${roots.map((r) => r.id).join(', ')}`);
    assert.equal(node.entry.scope, 'workspace');
    assert.equal(item(s, node).contextValue?.startsWith('profile.'), true);
  });

  it('connects through the profile and shows 3 shards, each a master with ranges and one replica', async () => {
    const state = await vscode.commands.executeCommand<string>('redisCluster.connect', { profile: name });
    assert.equal(state, 'connected', s.connections.get(name)?.error?.message);
    const profileNode = s.explorer.tree.profileNode(name)!;
    const top = await until('the cluster under the profile', 10_000, () => {
      const c = kids(s, profileNode);
      return c.some(isSummary) ? c : undefined;
    });
    const summary = top.find(isSummary)!;
    assert.equal(item(s, summary).label, 'Cluster ok');
    assert.match(String(item(s, summary).description), /slots 16384 assigned \/ 16384 ok \/ 0 pfail \/ 0 fail · epoch \d+ · 6 nodes/);

    const shards = top.filter(isShard);
    assert.equal(shards.length, 3);
    const ranges: SlotRange[] = [];
    for (const shard of shards) {
      const [first, ...rest] = kids(s, shard);
      assert.ok(first && contextOf(s, first) === 'node.master', `shard ${shard.id} has no master item`);
      assert.equal(rest.length, 0);
      const master = first as MasterNode;
      ranges.push(...master.node.slots);
      const replicas = kids(s, master);
      assert.equal(replicas.length, 1, `${master.node.host}:${master.node.port} should have one replica`);
      assert.equal(contextOf(s, replicas[0]), 'node.replica');
      assert.equal(s.explorer.tree.getParent(replicas[0]), master);
      assert.equal(s.explorer.tree.getParent(master), shard);
      assert.match(String(item(s, master).description), /^[0-9a-f]{8} · \d+-\d+/);
    }
    assert.deepEqual(mergeRanges(ranges), [[0, SLOT_COUNT - 1]]);

    // Figures arrive after the topology: key count and memory on masters, link and lag on replicas.
    await until('node figures', 15_000, () => {
      const master = kids(s, shards[0])[0];
      const replica = kids(s, master)[0];
      const m = String(item(s, master).description);
      const r = String(item(s, replica).description);
      return /\d+ keys? · [\d.]+ (KiB|MiB)/.test(m) && /link up · lag \d+ B \/ \d+ s/.test(r) ? true : undefined;
    });

    const slots = top.find(isSlots)!;
    const rows = kids(s, slots).filter((n): n is SlotRangeNode => contextOf(s, n) === 'slotRange');
    assert.equal(rows.length, 3);
    assert.ok(
      rows.every((r) => r.row.owner),
      'every range has an owner',
    );
  });

  it('keeps element identity and ids across a refresh, so expansion and reveal survive', async () => {
    const profileNode = s.explorer.tree.profileNode(name)!;
    const before = kids(s, kids(s, profileNode).find(isShard)!)[0];
    const fetched = s.connections.get(name)!.topology!.fetchedAt;
    await vscode.commands.executeCommand('redisCluster.refresh', { profile: name });
    assert.ok(s.connections.get(name)!.topology!.fetchedAt > fetched, 'refresh re-read the topology');
    const after = kids(s, kids(s, profileNode).find(isShard)!)[0];
    assert.equal(after, before);
    const ids = new Set<string>();
    const walk = (n?: TreeNode): void => {
      for (const c of kids(s, n)) {
        assert.ok(!ids.has(c.id), `duplicate id ${c.id}`);
        ids.add(c.id);
        walk(c);
      }
    };
    walk();
    assert.ok(ids.size >= 1 + 1 + 3 + 3 + 3 + 1 + 3);
    assert.equal(await vscode.commands.executeCommand('redisCluster.revealNode', before), true);
  });

  it('refreshes on the interval setting while the view is visible, and pauses while it is hidden', async () => {
    const config = vscode.workspace.getConfiguration('redisCluster');
    await vscode.commands.executeCommand('redisCluster.clusters.focus');
    await config.update('refreshIntervalSeconds', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await until('the monitor running', 5000, () => (!s.monitor.paused ? true : undefined));
      const t0 = s.connections.get(name)!.topology!.fetchedAt;
      await until('an automatic refresh', 5000, () => (s.connections.get(name)!.topology!.fetchedAt > t0 ? true : undefined));
      await vscode.commands.executeCommand('workbench.view.explorer');
      await until('the monitor paused', 5000, () => (s.monitor.paused ? true : undefined));
      await vscode.commands.executeCommand('redisCluster.clusters.focus');
      await until('the monitor running again', 5000, () => (!s.monitor.paused ? true : undefined));
    } finally {
      await config.update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('copies node id and address, and connection settings without the password', async () => {
    const master = kids(s, kids(s, s.explorer.tree.profileNode(name)!).find(isShard)!)[0] as MasterNode;
    assert.equal(await vscode.commands.executeCommand('redisCluster.copyNodeId', master), master.node.id);
    assert.equal(await vscode.env.clipboard.readText(), master.node.id);
    assert.equal(await vscode.commands.executeCommand('redisCluster.copyNodeAddress', master), `${master.node.host}:${master.node.port}`);
    for (const kind of ['spring-boot-3', 'spring-boot-2', 'lettuce', 'ioredis']) {
      const text = await vscode.commands.executeCommand<string>('redisCluster.copyConnectionSettings', { profile: name, kind });
      assert.ok(text.includes(master.node.host), kind);
      const secret = process.env.REDIS_CLUSTER_PASSWORD;
      if (secret) assert.ok(!text.includes(secret), `${kind} snippet contains the password`);
    }
  });

  it('shows the active cluster and its state in the status bar', async () => {
    const bar = s.explorer.statusBar.item;
    await until('status bar text', 5000, () => (bar.text.includes(`${name}: ok`) ? true : undefined));
    assert.equal(bar.command, 'redisCluster.statusBarClick');
  });
});

describe('cluster explorer (profile settings)', function () {
  this.timeout(60_000);

  it('Edit Profile opens the workspace settings JSON at the profile', async () => {
    const s = await api();
    const name = sharedProfileName();
    await vscode.commands.executeCommand('redisCluster.editProfile', { profile: name });
    const editor = await until('the settings editor', 10_000, () => vscode.window.activeTextEditor);
    assert.match(editor.document.uri.path, /\.vscode\/settings\.json$/);
    assert.equal(editor.document.getText(editor.selection), `"name": "${name}"`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(s.profiles.get(name));
  });

  it('marks a profile without certificate verification as insecure, in the tree and the status bar', async () => {
    const s = await api();
    const name = 'explorer-insecure';
    const previous = s.connections.active;
    await s.profiles.save({ name, nodes: ['127.0.0.1:1'], tls: { rejectUnauthorized: false } }, 'workspace');
    try {
      const node = await until('the insecure profile', 5000, () => s.explorer.tree.profileNode(name));
      const i = item(s, node);
      assert.equal(iconId(i), 'warning');
      assert.match(String(i.description), /INSECURE TLS/);
      assert.match(String(i.contextValue), /\.insecure$/);
      assert.ok(
        kids(s, node).some((c) => c.id.endsWith('/insecure')),
        'no insecure warning item under the profile',
      );
      s.connections.setActive(name);
      const bar = s.explorer.statusBar.item;
      await until('the status bar warning', 5000, () => (bar.text.startsWith('$(warning)') ? true : undefined));
      assert.equal((bar.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
    } finally {
      s.connections.setActive(previous);
      const entry = s.profiles.get(name);
      if (entry) await s.profiles.remove(entry);
    }
  });
});

describe('cluster explorer (private cluster, a replica dies)', function () {
  this.timeout(180_000);
  const name = 'explorer-private';
  let s: Services;
  let info: ClusterInfo | undefined;

  before(async function () {
    this.timeout(120_000);
    s = await api();
    info = await startCluster({ basePort: basePort('vscodeExplorer'), nodeTimeout: 2000 });
    // The password goes to SecretStorage through the Add Profile command, never into settings.
    process.env.EXPLORER_TEST_PASSWORD = info.password;
    const added = await vscode.commands.executeCommand('redisCluster.addProfile', {
      profile: { name, nodes: info.ports.slice(0, 3).map((p) => `127.0.0.1:${p}`), tls: { ca: info.certs!.ca, servername: 'localhost' } },
      scope: 'workspace',
      passwordFromEnv: 'EXPLORER_TEST_PASSWORD',
    });
    delete process.env.EXPLORER_TEST_PASSWORD;
    assert.equal(added, name);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('redisCluster').inspect('profiles')?.workspaceValue);
    assert.ok(!settings.includes(info.password), 'the password reached the settings');
  });

  after(async function () {
    this.timeout(60_000);
    if (s) {
      await s.connections.disconnect(name).catch(() => undefined);
      const entry = s.profiles.get(name);
      if (entry) await s.profiles.remove(entry);
    }
    if (info) await stopCluster(info);
  });

  it('shows a frozen node as not answering without blocking the tree', async () => {
    assert.equal(await vscode.commands.executeCommand('redisCluster.connect', { profile: name }), 'connected');
    const t = s.connections.get(name)!.topology!;
    const frozen = t.nodes.filter((n) => n.role === 'replica')[1];
    const frozenItem = () => item(s, s.explorer.tree.findClusterNode(name, frozen.id)!);
    await killNode(info!, frozen.port, 'SIGSTOP');
    try {
      void vscode.commands.executeCommand('redisCluster.refresh', { profile: name });
      let slowest = 0;
      await until('"not answering" on the frozen replica', 20_000, () => {
        const t0 = Date.now();
        s.explorer.tree.refresh();
        const text = String(frozenItem().description);
        slowest = Math.max(slowest, Date.now() - t0);
        return /not answering/.test(text) ? true : undefined;
      });
      assert.ok(slowest < 100, `rendering the tree took ${slowest} ms while a node was frozen`);
    } finally {
      await killNode(info!, frozen.port, 'SIGCONT');
    }
    await until('the frozen replica healthy again', 60_000, async () => {
      await vscode.commands.executeCommand('redisCluster.refresh', { profile: name });
      const i = frozenItem();
      return i.contextValue === 'node.replica' && /link up/.test(String(i.description)) ? true : undefined;
    });
  });

  it('marks the dead replica with an error icon, then clears it when the node is back', async () => {
    assert.equal(await vscode.commands.executeCommand('redisCluster.connect', { profile: name }), 'connected');
    const t = s.connections.get(name)!.topology!;
    const victim = t.nodes.find((n) => n.role === 'replica')!;
    const replicaItem = () => {
      const node = s.explorer.tree.findClusterNode(name, victim.id);
      return node ? item(s, node) : undefined;
    };
    assert.equal(replicaItem()?.contextValue, 'node.replica');
    const notices: string[] = [];
    const sub = s.monitor.onDidNotify((n) => notices.push(n.text));
    await killNode(info!, victim.port);
    const t0 = Date.now();
    const failed = await until('the FAIL flag on the killed replica', 60_000, async () => {
      await vscode.commands.executeCommand('redisCluster.refresh', { profile: name });
      const i = replicaItem();
      return i &&
        i.contextValue === 'node.replica.failing' &&
        String(i.description).includes('fail') &&
        !String(i.description).includes('fail?')
        ? i
        : undefined;
    });
    console.log(`[ext-host]       FAIL shown ${Date.now() - t0} ms after SIGKILL (cluster-node-timeout 2000)`);
    assert.equal(iconId(failed), 'error');
    assert.equal(((failed.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'errorForeground');
    const summary = kids(s, s.explorer.tree.profileNode(name)!).find(isSummary)!;
    assert.match(String(item(s, summary).description), /1 failing/);
    s.connections.setActive(name);
    await until('status bar failing count', 5000, () => (s.explorer.statusBar.item.text.includes('1 node failing') ? true : undefined));
    sub.dispose();
    const named = notices.filter((t) => t.includes(`127.0.0.1:${victim.port}`) && /marked FAIL/.test(t));
    assert.equal(named.length, 1, `one notification naming the node, got: ${JSON.stringify(notices)}`);

    await startNode(info!, victim.port);
    await until('the replica healthy again', 60_000, async () => {
      await vscode.commands.executeCommand('redisCluster.refresh', { profile: name });
      return replicaItem()?.contextValue === 'node.replica' ? true : undefined;
    });
    assert.equal(iconId(replicaItem()!), 'copy');
  });

  it('shows a wrong password as an error item with a Set Password fix, and one notification', async () => {
    const bad = 'explorer-wrong-password';
    const notices: string[] = [];
    const sub = s.monitor.onDidNotify((n) => n.profile === `workspace:${bad}` && notices.push(n.text));
    try {
      // Add Profile tests the connection and refuses to save a profile that cannot connect.
      process.env.EXPLORER_TEST_WRONG = 'not-the-password';
      const profile = { name: bad, nodes: [`127.0.0.1:${info!.ports[0]}`], tls: { ca: info!.certs!.ca, servername: 'localhost' } };
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('redisCluster.addProfile', {
            profile,
            scope: 'workspace',
            passwordFromEnv: 'EXPLORER_TEST_WRONG',
          }),
        ),
        /WRONGPASS|authentication failed/,
      );
      assert.equal(s.profiles.get(bad), undefined, 'a failing profile was saved');
      await s.profiles.save(profile, 'workspace');
      await s.profiles.setPassword(bad, 'not-the-password');
      await until('the saved profile', 5000, () => s.profiles.get(bad));
      assert.equal(await vscode.commands.executeCommand('redisCluster.connect', { profile: bad }), 'error');
      const children = kids(s, s.explorer.tree.profileNode(bad)!);
      const errorItem = children.map((c) => item(s, c)).find((i) => i.contextValue === 'error');
      assert.ok(errorItem, `no error item: ${children.map((c) => c.id).join(', ')}`);
      assert.match(String(errorItem.label), /authentication failed/);
      assert.equal(errorItem.command?.command, 'redisCluster.setPassword');
      assert.equal(iconId(errorItem), 'error');
      await vscode.commands.executeCommand('redisCluster.refresh', { profile: bad });
      await until('the notification', 5000, () => (notices.length ? true : undefined));
      assert.equal(notices.length, 1, `one notification per error, got ${JSON.stringify(notices)}`);
      assert.match(notices[0], /authentication failed/);
      // The profile's label, not its id (workspace:…).
      assert.ok(notices[0].startsWith(`Redis Cluster "${bad}": `), notices[0]);
    } finally {
      delete process.env.EXPLORER_TEST_WRONG;
      sub.dispose();
      await s.connections.disconnect(bad);
      const entry = s.profiles.get(bad);
      if (entry) await s.profiles.remove(entry);
    }
  });
});
