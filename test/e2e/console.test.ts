// The console in a browser-driven VS Code, on the shared TLS cluster: opened from the palette and from the
// terminal profile dropdown ("Redis Cluster"), typed into with the keyboard, read back from the terminal's
// DOM renderer. Screenshot for the README: docs/screenshots/console.png.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ownerClient } from '../../src/core/keys/keys';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import { sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';
import { until } from '../support/wait';

/** The palette can open before the extension's contributions are in; one retry covers that. */
async function palette(page: Page, label: string): Promise<void> {
  await runCommand(page, label).catch(async () => {
    await page.keyboard.press('Escape');
    await runCommand(page, label);
  });
}

/** Text of the visible terminal (the DOM renderer keeps one div per row). */
async function terminalText(page: Page): Promise<string> {
  return page.locator('.terminal-wrapper.active .xterm-rows').innerText();
}

async function waitForTerminal(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let text = '';
  try {
    return await until(`the terminal to show ${pattern}`, timeoutMs, async () => {
      text = await terminalText(page).catch(() => '');
      return pattern.test(text) && text;
    });
  } catch {
    return assert.fail(`terminal never showed ${pattern}; it shows:\n${text}`);
  }
}

describe('console in the workbench', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let session: ClusterSession;
  let topo: Topology;
  const ns = `shop${randomBytes(2).toString('hex')}`;
  const keys = [`${ns}:user:1001`, `${ns}:visits`, `${ns}:user:1002`];

  before(async () => {
    const info = await sharedCluster();
    session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
    topo = await discoverTopology(session);
    type SettingsModule = { workspaceSettingsFor(p: string): Record<string, unknown> };
    const { workspaceSettingsFor } = (await import(`${process.cwd()}/scripts/vscode-workspace-settings.mjs`)) as SettingsModule;
    const settings = workspaceSettingsFor(info.profilePath) as { 'redisCluster.profiles': Array<Record<string, unknown>> };
    settings['redisCluster.profiles'][0].name = 'shop';
    wb = await openWorkbench({
      workspaceSettings: settings,
      env: info.env,
      // The DOM renderer keeps the terminal's text in the page, where the test can read it.
      userSettings: { 'terminal.integrated.gpuAcceleration': 'off', 'terminal.integrated.fontSize': 13, 'remote.autoForwardPorts': false },
    });
  });

  after(async () => {
    await wb?.close();
    for (const k of keys) await (await ownerClient(session, topo, Buffer.from(k))).client.del(k);
    await session?.close();
  });

  it('opens from the palette; commands typed on the keyboard run routed, and :call broadcasts', async () => {
    const page = wb.page;
    await openViewContainer(page, 'Redis Cluster');
    await palette(page, 'Redis Cluster: Open Console');
    await waitForTerminal(page, /Redis Cluster console, profile "shop"/);
    await page.locator('.terminal-wrapper.active .xterm').click();
    const typeLine = async (line: string, expect: RegExp) => {
      await page.keyboard.type(line, { delay: 5 });
      await page.keyboard.press('Enter');
      return waitForTerminal(page, expect);
    };
    await typeLine(`HSET ${keys[0]} name "Ada Lovelace" plan pro`, /\(integer\) 2/);
    await typeLine(`HGETALL ${keys[0]}`, /4\) "pro"/);
    await typeLine(`INCRBY ${keys[1]} 42`, /\(integer\) 42/);
    await typeLine(`SET ${keys[2]} "\\xff\\x00bin"`, /\nOK/);
    await typeLine(`GET ${keys[2]}`, /"\\xff\\x00bin"/);
    const text = await typeLine(':call masters DBSIZE', /(\(master\): \(integer\) \d+[\s\S]*){3}/);
    const owner = await ownerClient(session, topo, Buffer.from(keys[0]));
    assert.deepEqual(await owner.client.hgetall(keys[0]), { name: 'Ada Lovelace', plan: 'pro' });
    assert.match(text, /127\.0\.0\.1:\d+> /, 'the prompt shows the node that answered');
    // A hint for the next command, left half-typed in the picture.
    await page.keyboard.type('CLUSTER KEYS', { delay: 5 });
    await page.keyboard.press('Tab');
    await waitForTerminal(page, /CLUSTER KEYSLOT/);
    const maximize = page.locator('.part.panel .action-item a[aria-label^="Maximize Panel"]').first();
    const restore = page.locator('.part.panel .action-item a[aria-label^="Restore Panel"]').first();
    if (await maximize.isVisible()) {
      await maximize.click();
      await restore.waitFor({ state: 'visible', timeout: 10_000 });
    }
    await screenshot(page, 'console');
    if (await restore.isVisible()) await restore.click();
    await page.locator('.terminal-wrapper.active .xterm').click();
    await page.keyboard.press('Control+U');
  });

  it('is listed as "Redis Cluster" in the terminal profile dropdown and opens a console from there', async () => {
    const page = wb.page;
    // The chevron next to "+" in the terminal panel lists the terminal profiles, contributed ones included.
    const chevron = page.locator('.part.panel .action-item a[aria-label^="Launch Profile"]').first();
    await chevron.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e: unknown) => {
      const labels = await page.locator('.part.panel .action-item a').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label')));
      console.log('panel actions:', labels);
      throw e;
    });
    await chevron.click();
    const item = page.locator('.monaco-menu .action-item', { hasText: /^\s*Redis Cluster\s*$/ }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e: unknown) => {
      console.log('menu items:', await page.locator('.monaco-menu .action-item').allInnerTexts());
      throw e;
    });
    // The menu acts on the highlighted item; a click on the row only highlights it in this build.
    await item.hover();
    await page.keyboard.press('Enter');
    // A second "Redis: shop" joins the terminal tabs; show it.
    const tabs = page.locator('.terminal-tabs-entry', { hasText: 'Redis: shop' });
    await until('a second console tab', 20_000, async () => (await tabs.count()) === 2);
    await tabs.nth(1).click();
    const text = await waitForTerminal(page, /Redis Cluster console, profile "shop"[\s\S]*shop> /);
    assert.doesNotMatch(text, /:call masters/, 'a fresh console, not the first one');
  });
});
