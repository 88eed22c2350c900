// Admin flows in a real workbench (code-server + Chromium) on the shared TLS cluster, driven through the UI:
// Reshard… up to its rendered plan preview and confirmation dialog, which is cancelled (nothing moves), and Failover…
// confirmed in the dialog, after which the tree shows the swapped roles; the roles are then restored.
// Screenshots: docs/screenshots/reshard-plan.png, docs/screenshots/tree-after-failover.png.
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { failover } from '../../src/core/admin/ops/failover';
import type { ClusterSession } from '../../src/core/connection/session';
import { type ClusterNode, type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { sessionFor, sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../support/wait';

const layout = (t: Topology) =>
  t.nodes
    .filter((n) => n.role === 'master')
    .map((n) => `${n.id}:${JSON.stringify(n.slots)}`)
    .sort();

async function pickRow(page: Page, text: string | RegExp, filter?: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.first().waitFor({ state: 'visible', timeout: 20_000 });
  if (filter !== undefined) await input.first().fill(filter);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
}

async function dialogButton(page: Page, label: string): Promise<void> {
  const button = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}

describe('admin flows in the workbench', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let session: ClusterSession;
  let profileName: string;
  const keys: string[] = [];

  before(async () => {
    const info = await sharedCluster();
    session = sessionFor(info);
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as {
      workspaceSettingsFor(p: string): { 'redisCluster.profiles': { name: string }[] };
    };
    const settings = workspaceSettingsFor(info.profilePath);
    profileName = settings['redisCluster.profiles'][0].name;
    // Some keys, so the plan shows key estimates; removed again in after().
    const c = await session.cluster();
    const tag = Date.now().toString(36);
    for (let i = 0; i < 3000; i++) keys.push(`e2e-admin:${tag}:${i}`);
    for (let i = 0; i < keys.length; i += 500) await Promise.all(keys.slice(i, i + 500).map((k) => c.set(k, 'x'.repeat(32))));
    wb = await openWorkbench({ workspaceSettings: settings, env: info.env, viewport: { width: 1400, height: 860 } });
  });

  after(async () => {
    await wb?.close();
    if (keys.length) {
      const c = await session.cluster();
      for (const k of keys) await c.del(k);
    }
    await session?.close();
  });

  it('Reshard… shows the plan beside and asks; cancelling moves nothing', async () => {
    const page = wb.page;
    const before = await discoverTopology(session);
    const ms = before.nodes.filter((n) => n.role === 'master');
    const a = ms.find((m) => m.slots.some(([lo]) => lo === 0)) as ClusterNode;
    const b = ms.find((m) => m !== a) as ClusterNode;
    await openViewContainer(page, 'Redis Cluster');
    await runCommand(page, 'Redis Cluster: Reshard…');
    // Sources: a multi-select list; tick the source, then OK.
    const input = page.locator('.quick-input-widget input.input').first();
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: address(a) })
      .first()
      .click();
    await page
      .locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: address(a) })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await input.press('Enter');
    await pickRow(page, address(b), address(b));
    await input.fill('100');
    await page.keyboard.press('Enter');
    await page
      .locator('.tabs-container .tab', { hasText: /Reshard-100-slots/ })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.monaco-dialog-box').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The plan is rendered in the Markdown preview (a webview), not shown as source.
    assert.ok(await renderedHeading(page, 'Reshard 100 slots'), 'no rendered plan with the heading "Reshard 100 slots"');
    await screenshot(page, 'reshard-plan');
    await dialogButton(page, 'Cancel');
    await page.locator('.monaco-dialog-box').first().waitFor({ state: 'hidden', timeout: 10_000 });
    assert.deepEqual(layout(await discoverTopology(session)), layout(before), 'a cancelled confirmation changes nothing');
  });

  it('Failover… confirmed in the dialog; the tree shows the swapped roles', async () => {
    const page = wb.page;
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    const before = await discoverTopology(session);
    const replica = before.nodes.find((x) => x.role === 'replica') as ClusterNode;
    const master = before.nodes.find((x) => x.id === replica.masterId) as ClusterNode;
    await runCommand(page, 'Redis Cluster: Failover…');
    await pickRow(page, address(replica), address(replica));
    await pickRow(page, 'Default (safe)');
    await dialogButton(page, 'Continue');
    // Verified through our own session, not the UI.
    let now = before;
    await until('the replica promoted and the old master following it', 60_000, async () => {
      now = await discoverTopology(session);
      return (
        now.nodes.find((x) => x.id === replica.id)?.role === 'master' && now.nodes.find((x) => x.id === master.id)?.masterId === replica.id
      );
    }).catch(() => undefined);
    assert.equal(now.nodes.find((x) => x.id === replica.id)?.role, 'master', 'the replica was promoted');
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: /Failover \(default\) done/ })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });

    // The tree: the promoted node is now a master row, the old master sits under it as its replica.
    const tree = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /Clusters/i }) }).first();
    const profileRow = tree.locator('.monaco-list-row', { hasText: profileName }).first();
    await profileRow.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await profileRow.getAttribute('aria-expanded')) !== 'true') await profileRow.click();
    const newMasterRow = tree.locator('.monaco-list-row[aria-level="3"]', { hasText: address(replica) }).first();
    await newMasterRow.waitFor({ state: 'visible', timeout: 30_000 });
    const oldMasterRow = tree.locator('.monaco-list-row[aria-level="4"]', { hasText: address(master) }).first();
    await oldMasterRow.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'tree-after-failover');

    await failover(session, master.id, { mode: 'default' });
    const restored = await discoverTopology(session);
    assert.equal(restored.nodes.find((x) => x.id === master.id)?.role, 'master', 'roles restored');
  });
});

/** Whether some webview frame shows an <h1> starting with `text` within 15 s (the Markdown preview renders there). */
async function renderedHeading(page: Page, text: string): Promise<boolean> {
  const shows = async (f: Frame) =>
    f !== page.mainFrame() &&
    (await f
      .locator('h1', { hasText: text })
      .count()
      .catch(() => 0)) > 0;
  return until(`a webview showing <h1> ${text}`, 15_000, async () => {
    for (const f of page.frames()) if (await shows(f)) return true;
    return false;
  }).catch(() => false);
}
