// Analyze Keyspace in a real workbench (code-server + Chromium) on the shared TLS cluster: the palette command, its
// two questions answered from the keyboard, the report drawn in its webview (audit, namespaces, top keys), then
// keyboard navigation to a namespace opens it in the key browser. Screenshot: docs/screenshots/analyze-report.png.
import * as assert from 'node:assert/strict';
import type { Cluster } from 'ioredis';
import type { ClusterSession } from '../../src/core/connection/session';
import { sessionFor, sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, runCommand, screenshot, type Workbench, webviewFrame } from './workbench';

const P = 'shop';

function seedPlan(): [string, (c: Cluster, k: string) => Promise<unknown>][] {
  const out: [string, (c: Cluster, k: string) => Promise<unknown>][] = [];
  for (let i = 0; i < 300; i++)
    out.push([`${P}:session:${i}`, (c, k) => (i < 280 ? c.set(k, 'x'.repeat(200), 'EX', 1800) : c.set(k, 'x'.repeat(200)))]);
  for (let i = 0; i < 120; i++)
    out.push([`${P}:user:${1000 + i}:profile`, (c, k) => c.hset(k, 'name', `n${i}`, 'mail', `m${i}@example.com`)]);
  for (let i = 0; i < 120; i++)
    out.push([`${P}:user:${1000 + i}:cart`, (c, k) => c.rpush(k, ...Array.from({ length: 1 + (i % 9) }, (_, j) => `sku${j}`))]);
  for (let i = 0; i < 40; i++) out.push([`${P}:{order:${i}}:lines`, (c, k) => c.zadd(k, 1, 'a', 2, 'b')]);
  out.push([`${P}:catalog:blob`, (c, k) => c.set(k, Buffer.alloc(1_300_000, 1))]);
  out.push([`${P}legacykey`, (c, k) => c.set(k, 'v')]);
  return out;
}

describe('Analyze Keyspace in the workbench', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let session: ClusterSession;
  const plan = seedPlan();

  before(async () => {
    const info = await sharedCluster();
    session = sessionFor(info);
    const c = await session.cluster();
    for (let i = 0; i < plan.length; i += 50) await Promise.all(plan.slice(i, i + 50).map(([k, w]) => w(c, k)));
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as {
      workspaceSettingsFor(p: string): Record<string, unknown>;
    };
    wb = await openWorkbench({
      workspaceSettings: workspaceSettingsFor(info.profilePath),
      env: info.env,
      viewport: { width: 1400, height: 900 },
    });
  });

  after(async () => {
    await wb?.close();
    const c = await session?.cluster();
    if (c) await Promise.all(plan.map(([k]) => c.del(k)));
    await session?.close();
  });

  it('renders the report from the palette and opens a namespace in the key browser from the keyboard', async () => {
    const page = wb.page;
    await openViewContainer(page, 'Redis Cluster');
    await runCommand(page, 'Redis Cluster: Analyze Keyspace…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`${P}*`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Read from masters, fast' }).first().waitFor({ timeout: 15_000 });
    await input.fill('masters, fast');
    await page.keyboard.press('Enter');
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Keyspace of' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await frame.locator('h2', { hasText: 'Key-design audit' }).waitFor({ state: 'visible', timeout: 60_000 });
    const summary = await frame.locator('.status').innerText();
    assert.match(summary, new RegExp(`^${plan.length} keys analysed`), summary);
    assert.ok(await frame.locator('li.finding', { hasText: 'Values over 1 MB: 1' }).isVisible());
    assert.ok(await frame.locator('li.finding', { hasText: 'Families spread over many slots' }).isVisible());
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
    await screenshot(page, 'analyze-report');
    // Keyboard: focus the first namespace's name and press Enter: the key browser shows that namespace's keys.
    const first = frame.locator('table.tree tbody tr').first().locator('button.link');
    await first.focus();
    await page.keyboard.press('Enter');
    await page.locator('.pane-header', { hasText: 'Keys' }).first().waitFor({ timeout: 30_000 });
  });
});
