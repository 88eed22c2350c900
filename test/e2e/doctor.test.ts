// Diagnose in a real workbench (code-server + Chromium) on the shared TLS cluster, with two reversible faults
// (tls-replication no on one replica, maxmemory-policy drift on one master, both undone in after()): the palette
// command renders the Markdown report, and its findings list in the Problems panel.
// Screenshot: docs/screenshots/diagnose-report.png.
import * as assert from 'node:assert/strict';
import type { ClusterSession } from '../../src/core/connection/session';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, runCommand, screenshot, type Workbench, webviewFrame } from './workbench';

describe('Diagnose in the workbench', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let session: ClusterSession;
  let replica: ClusterNode;
  let master: ClusterNode;

  before(async () => {
    const info = await sharedCluster();
    session = sessionFor(info);
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as {
      workspaceSettingsFor(p: string): Record<string, unknown>;
    };
    const topo = await discoverTopology(session);
    replica = topo.nodes.find((n) => n.role === 'replica') as ClusterNode;
    master = topo.nodes.find((n) => n.role === 'master') as ClusterNode;
    await (await session.node(address(replica))).config('SET', 'tls-replication', 'no');
    await (await session.node(address(master))).config('SET', 'maxmemory-policy', 'allkeys-lru');
    wb = await openWorkbench({
      workspaceSettings: workspaceSettingsFor(info.profilePath),
      env: info.env,
      viewport: { width: 1400, height: 860 },
    });
  });

  after(async () => {
    await wb?.close();
    if (replica) await (await session.node(address(replica))).config('SET', 'tls-replication', 'yes');
    if (master) await (await session.node(address(master))).config('SET', 'maxmemory-policy', 'noeviction');
    await session?.close();
  });

  it('renders the report and lists the findings in the Problems panel', async () => {
    const page = wb.page;
    // The view container first: once it shows, the extension's contributions are all registered.
    await openViewContainer(page, 'Redis Cluster');
    try {
      await runCommand(page, 'Redis Cluster: Diagnose');
    } catch (e) {
      await screenshot(page, 'diagnose-debug');
      throw e;
    }
    // The Markdown preview is a webview; its heading comes from the report.
    await webviewFrame(page).locator('h1', { hasText: 'Diagnose' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)').catch(async () => {
      await page.keyboard.press('Control+Shift+M');
    });
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Replication runs without TLS' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(await row.innerText().then((t) => t.includes(address(replica))), 'the Problems row names the node');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'maxmemory-policy differs' })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'diagnose-report');
  });
});
