// Restricted Mode, end to end (issue 12). Runs only in the harness's untrusted pass (VSCODE_TEST_UNTRUSTED=1:
// workspace trust on, folder untrusted; settings from scripts/vscode-untrusted-fixture.mjs). The workspace
// profile "twin" points at a loopback port this suite listens on and names $RC_TRUST_ENV_SECRET; the user profile
// "twin" gets a stored password here. Expand, Connect, Look Up Key, Open Dashboard: the listener must see no
// connection at all, so neither secret can have reached it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../../src/services';
import { ProfileNode } from '../../src/views/tree/profileNode';
import { activateExtension } from './support/extension';
import { stubWindow } from './support/notifications';
import { type RecordingListener, startRecordingListener } from './support/recordingListener';
import { until } from '../support/wait';

describe('Restricted Mode (untrusted workspace)', function () {
  this.timeout(120_000);
  const wsId = 'workspace:twin';
  const userId = 'user:twin';
  const userSecret = `user-secret-${randomBytes(8).toString('hex')}`;
  const envSecret = process.env.RC_TRUST_ENV_SECRET ?? '';
  let s: Services;
  let listener: RecordingListener;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness should leave this workspace untrusted');
    assert.ok(envSecret.length > 8, 'RC_TRUST_ENV_SECRET is not in the extension host environment');
    listener = await startRecordingListener(Number(process.env.RC_TRUST_LISTENER_PORT));
    s = await activateExtension();
    await until('the user profile', 10_000, () => s.profiles.get(userId)?.profile);
    await s.profiles.setPassword(userId, userSecret);
  });

  after(async () => {
    await s?.profiles.setPassword(userId, undefined).catch(() => undefined);
    await listener?.close();
  });

  afterEach(() => {
    assert.equal(listener.connections(), 0, `the workspace profile's host got ${listener.connections()} connection(s)`);
    const got = listener.received();
    assert.ok(!got.includes(envSecret) && !got.includes(userSecret), "a secret reached the workspace profile's host");
  });

  it('lists the workspace profile next to the user profile of the same name, without using it', async () => {
    const ws = await until('the workspace profile in the tree', 10_000, () => s.explorer.tree.profileNode(wsId));
    assert.ok(s.explorer.tree.profileNode(userId), 'the user profile is missing from the tree');
    const entry = s.profiles.get(wsId);
    assert.equal(entry?.restricted, true);
    assert.equal(entry?.profile, undefined, "the workspace profile's settings were read in Restricted Mode");
    const item = s.explorer.tree.getTreeItem(ws);
    assert.equal(item.label, 'twin');
    assert.match(String(item.description), /Restricted Mode · workspace/);
  });

  it('expanding it connects nothing and offers Manage Workspace Trust', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.redisCluster');
    // Retried while the tree re-renders: the workbench drops the old items until it has fetched the new ones.
    const ws = await until('the profile revealed and expanded', 10_000, () => {
      const node = s.explorer.tree.profileNode(wsId) as ProfileNode;
      return Promise.resolve(s.explorer.view.reveal(node, { expand: true })).then(
        () => node,
        () => undefined,
      );
    });
    const children = s.explorer.tree.getChildren(ws).map((c) => s.explorer.tree.getTreeItem(c));
    assert.equal(children.length, 1);
    assert.match(String(children[0].label), /Restricted Mode/);
    assert.equal(children[0].command?.command, 'workbench.trust.manage');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(s.connections.get(wsId)?.state ?? 'disconnected', 'disconnected');
  });

  it('Connect refuses and offers Manage Workspace Trust', async () => {
    const ui = stubWindow({});
    try {
      const state = await vscode.commands.executeCommand('redisCluster.connect', { profile: wsId });
      assert.equal(state, 'error');
      assert.equal(s.connections.get(wsId)?.error?.kind, 'untrusted');
      await until('the trust offer', 5000, () => ui.shown.find((m) => /not trusted/.test(m) && /Manage Workspace Trust/.test(m)));
    } finally {
      ui.restore();
      await s.connections.disconnect(wsId);
    }
  });

  it('Look Up Key and Open Dashboard refuse too', async () => {
    const ui = stubWindow({});
    try {
      await Promise.resolve(vscode.commands.executeCommand('redisCluster.lookUpKey', { profile: wsId, key: 'user:1' })).then(
        (r) => assert.equal(r, undefined),
        (e: Error) => assert.match(e.message, /not trusted/),
      );
      await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: wsId });
      await new Promise((r) => setTimeout(r, 2000));
      assert.notEqual(s.connections.get(wsId)?.state, 'connected');
    } finally {
      ui.restore();
      s.dashboards.get(wsId)?.dispose();
      await s.connections.disconnect(wsId);
    }
  });

  it('the user profile of the same name keeps its own password', async () => {
    assert.equal(await s.profiles.password(s.profiles.get(userId)!), userSecret);
    await assert.rejects(s.profiles.password(s.profiles.get(wsId)!), /not trusted/);
  });
});
