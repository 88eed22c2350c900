// The key browser and an opened value in a real workbench (code-server + Chromium), on the shared TLS cluster.
// Screenshots for the README: docs/screenshots/key-browser.png and docs/screenshots/key-value.png.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ownerClient } from '../../src/core/keys/keys';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import { sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('key browser in the workbench', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let session: ClusterSession;
  let topo: Topology;
  const ns = `shop${randomBytes(2).toString('hex')}`;
  const keys: Buffer[] = [];

  before(async () => {
    const info = await sharedCluster();
    session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
    topo = await discoverTopology(session);
    const put = async (k: string, f: (c: Awaited<ReturnType<typeof ownerClient>>['client'], key: Buffer) => Promise<unknown>) => {
      const key = Buffer.from(`${ns}:${k}`);
      keys.push(key);
      await f((await ownerClient(session, topo, key)).client, key);
    };
    await put('user:1001:profile', (c, k) =>
      c.hset(k, 'name', 'Ada Lovelace', 'email', 'ada@example.com', 'plan', 'pro', 'since', '2021-04-01'),
    );
    await put('user:1001:cart', (c, k) => c.rpush(k, 'sku-1138', 'sku-2187', 'sku-4242'));
    await put('user:1002:profile', (c, k) => c.hset(k, 'name', 'Grace Hopper', 'plan', 'free'));
    await put('user:1002:session', (c, k) => c.set(k, '{"token":"abc","ttl":3600}', 'EX', 3600));
    await put('config', (c, k) => c.set(k, '{"currency":"EUR","freeShippingOver":50}'));
    await put('leaderboard', (c, k) => c.zadd(k, '310', 'ada', '270', 'grace', '150', 'linus'));
    await put('tags', (c, k) => c.sadd(k, 'new', 'sale', 'eco'));
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as {
      workspaceSettingsFor(p: string): Record<string, unknown>;
    };
    wb = await openWorkbench({ workspaceSettings: workspaceSettingsFor(info.profilePath), env: info.env });
  });

  after(async () => {
    await wb?.close();
    for (const k of keys) await (await ownerClient(session, topo, k)).client.del(k);
    await session?.close();
  });

  it('lists keys in folders with counts, after a match filter', async () => {
    const page = wb.page;
    await openViewContainer(page, 'Redis Cluster');
    await runCommand(page, 'Redis Cluster: Filter Keys…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`${ns}:*`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Any type' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const keysView = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Keys/i }) });
    const rowNamed = (label: string) =>
      keysView
        .locator('.monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
        .first();
    const expand = async (label: string) => {
      const row = rowNamed(label);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    };
    const profileRow = keysView.locator('.monaco-list-row').first();
    await profileRow.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await profileRow.getAttribute('aria-expanded')) !== 'true') await profileRow.click();
    await expand(ns);
    assert.match(await rowNamed(ns).innerText(), /7/);
    await expand('user');
    await expand('1001');
    await rowNamed('profile').waitFor({ state: 'visible' });
    await screenshot(page, 'key-browser');
  });

  it('opens a hash as a JSON document', async () => {
    const page = wb.page;
    const keysView = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Keys/i }) });
    await keysView
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^profile$/ }) })
      .first()
      .click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'user:1001:profile' }).first();
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    const editorText = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await editorText.waitFor({ state: 'visible' });
    await assert.doesNotReject(editorText.filter({ hasText: 'Ada Lovelace' }).waitFor({ state: 'visible', timeout: 15_000 }));
    assert.match(await editorText.innerText(), /"email":\s*"ada@example.com"/);
    await screenshot(page, 'key-value');
  });
});
