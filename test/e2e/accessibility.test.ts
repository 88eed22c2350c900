// What a keyboard user and a high-contrast user get, in a browser-driven VS Code on the shared TLS cluster:
// Check rendered as a Markdown preview (not source), then, in "Default High Contrast", the dashboard driven with
// the keyboard only: the palette opens it, Tab reaches the heat map, arrows move the cursor to the hot slot,
// Enter pins it (announced through the live region), and a table sorts from a focused column header.
// Screenshots: docs/screenshots/check-rendered.png, docs/screenshots/dashboard-keyboard-high-contrast.png.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { ClusterInfo } from '../../scripts/cluster';
import type { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { sessionFor, sharedCluster } from '../support/cluster';
import { deleteKeys, namespacedKeys, seedKeys } from '../support/seedKeys';
import { SCREENSHOT_DIR, openWorkbench, screenshot, type Workbench, workspaceProfile, nextPaint } from './workbench';
import { until } from '../support/wait';

const run = `${process.pid}-${Date.now().toString(36)}`;
const HOT = `{a11y-hot-${run}}`;
const MASTERS = 'vscode-data-grid[aria-label="Keys per master"]';
const keys = [...namespacedKeys(`e2e-a11y:${run}`, 3000), ...namespacedKeys(HOT, 300)];

/** F1, type the command's label, Enter: the palette without the mouse. */
async function paletteByKeyboard(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // The extension's commands appear once it has activated (after startup) and set its context keys.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(label, { delay: 5 });
    const found = await page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: label })
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (found) break;
    if (attempt === 3) throw new Error(`"${label}" is not the first palette entry`);
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The innermost frame of the last ready webview whose document matches `selector`. */
async function webviewWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  return until(`a webview showing ${selector}`, timeoutMs, async () => {
    for (const f of page.frames()) {
      if (
        f !== page.mainFrame() &&
        (await f
          .locator(selector)
          .count()
          .catch(() => 0)) > 0
      )
        return f;
    }
    return undefined;
  });
}

describe('accessibility and rendered results (browser, keyboard only for the dashboard)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let session: ClusterSession;
  let info: ClusterInfo;

  before(async () => {
    info = await sharedCluster();
    session = sessionFor(info);
    await seedKeys(session, keys);
    wb = await openWorkbench({
      viewport: { width: 1500, height: 1000 },
      workspaceSettings: { 'redisCluster.profiles': [workspaceProfile(info.profilePath)] },
      userSettings: { 'remote.autoForwardPorts': false },
      env: { REDIS_CLUSTER_PASSWORD: info.password },
    });
    await wb.page.locator('.activitybar .action-item a[aria-label^="Redis Cluster"]').first().waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    // A picture of the failure, outside the repository.
    if (this.currentTest?.state !== 'failed') return;
    await wb?.page.screenshot({ path: path.join(os.tmpdir(), `a11y-failed-${Date.now()}.png`) }).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    if (session) {
      await deleteKeys(session, keys).catch(() => undefined);
      await session.close();
    }
  });

  it('Check opens rendered in the Markdown preview, not as source (screenshot)', async () => {
    await paletteByKeyboard(wb.page, 'Redis Cluster: Check');
    const preview = await webviewWith(wb.page, 'h1:has-text("Check of")');
    const h1 = await preview.locator('h1').first().innerText();
    assert.match(h1, /^Check of "e2e cluster"/);
    assert.match(await preview.locator('body').innerText(), /OK/);
    // Rendered: no Markdown markup left in the text.
    assert.doesNotMatch(await preview.locator('body').innerText(), /^# Check/m);
    const source = await wb.page.locator('.monaco-editor .view-lines', { hasText: '# Check of' }).count();
    assert.equal(source, 0, 'the source is open in an editor');
    await wb.page
      .locator('.notifications-toasts .notification-toast')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await screenshot(wb.page, 'check-rendered');
    await wb.page.keyboard.press('Escape');
  });

  it('in Default High Contrast, the dashboard works from the keyboard alone: cursor, pin, live region, sort (screenshot)', async () => {
    // Switch the theme through the workspace settings file, as a user editing settings.json would.
    const settingsFile = path.join(wb.workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': 'Default High Contrast' }, null, 2));
    await wb.page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
    await paletteByKeyboard(wb.page, 'View: Close All Editors');

    await paletteByKeyboard(wb.page, 'Redis Cluster: Open Dashboard');
    const frame = await webviewWith(wb.page, '#app vscode-panels');
    const rows = (grid: string) => document.querySelectorAll(`${grid} vscode-data-grid-row`).length >= 4;
    await frame.waitForFunction(rows, MASTERS, { timeout: 60_000 });
    const hc = await frame.evaluate(() => document.body.classList.contains('vscode-high-contrast'));
    assert.ok(hc, 'the webview is not in the high-contrast theme');

    // Tab until the heat map has focus (the panel's tabs and the Recount button come first).
    const focused = () => frame.evaluate(() => document.activeElement?.className ?? '');
    for (let i = 0; i < 20 && !(await focused()).includes('heatmap'); i++) await wb.page.keyboard.press('Tab');
    assert.match(await focused(), /heatmap/, 'Tab never reached the heat map');

    // The cursor starts on slot 0; walk it to the hot slot with arrows and Page Down.
    const hot = keySlot(HOT);
    const row = Math.floor(hot / 128);
    await wb.page.keyboard.press('Control+Home');
    for (let i = 0; i < Math.floor(row / 16); i++) await wb.page.keyboard.press('PageDown');
    for (let i = 0; i < row % 16; i++) await wb.page.keyboard.press('ArrowDown');
    for (let i = 0; i < hot % 128; i++) await wb.page.keyboard.press('ArrowRight');
    const live = frame.locator('[aria-live="polite"]');
    const liveStartsWith = (t: string) => document.querySelector('[aria-live="polite"]')?.textContent?.startsWith(t);
    const announced = (text: string) => frame.waitForFunction(liveStartsWith, text, { timeout: 10_000 });
    await announced(`Slot ${hot},`);
    const said = /^Slot (\d+), owner M\d 127\.0\.0\.1:\d+, (\d+) keys/.exec(await live.innerText());
    assert.ok(said && Number(said[1]) === hot && Number(said[2]) >= 300, await live.innerText());
    assert.equal(await frame.locator('.tooltip').isVisible(), true, 'no tooltip beside the keyboard cursor');

    await wb.page.keyboard.press('Enter');
    await frame.locator('.details .slot-title', { hasText: `Slot ${hot} (pinned)` }).waitFor({ timeout: 10_000 });
    await announced(`Pinned Slot ${hot},`);
    await frame.locator('.details li.key').first().waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('.status-text[role="status"]').count(), 1, 'the status line is not a live region');
    // Owners are labelled, not only coloured: M1… in the legend and the per-master table.
    assert.match(await frame.locator('.legend').innerText(), /M1\s*127\.0\.0\.1:\d+[\s\S]*M2/);
    // Not the shared screenshot helper: it moves the mouse, and a hover tooltip would cover the keyboard's.
    await nextPaint(wb.page);
    await wb.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dashboard-keyboard-high-contrast.png') });

    // Keyboard sort: Tab into the per-master grid, Up to its header row, Right to "Keys", Enter.
    const inMasters = () => frame.evaluate((grid) => !!document.activeElement?.closest(grid), MASTERS);
    for (let i = 0; i < 10 && !(await inMasters()); i++) await wb.page.keyboard.press('Tab');
    assert.ok(await inMasters(), 'Tab never reached the per-master table');
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('ArrowRight');
    await wb.page.keyboard.press('ArrowRight');
    const header = () =>
      frame.evaluate(() => {
        const cell = document.activeElement;
        if (cell?.getAttribute('cell-type') !== 'columnheader') return `not a header: ${cell?.tagName}`;
        return `${cell.textContent?.trim()}|${cell.getAttribute('aria-sort') ?? ''}`;
      });
    assert.match(await header(), /^Keys\|none$/);
    const keysColumn = () =>
      frame.evaluate(
        (grid) =>
          [...document.querySelectorAll(`${grid} vscode-data-grid-row`)]
            .slice(1)
            .map((r) => Number((r.querySelectorAll('vscode-data-grid-cell')[2]?.textContent ?? '').replace(/\D/g, ''))),
        MASTERS,
      );
    await wb.page.keyboard.press('Enter');
    const sortedBy = ([grid, d]: readonly [string, string]) =>
      document.querySelector(`${grid} [cell-type="columnheader"][aria-sort="${d}"]`);
    const sorted = (dir: string) => frame.waitForFunction(sortedBy, [MASTERS, dir] as const, { timeout: 10_000 });
    await sorted('ascending');
    const ascending = await keysColumn();
    assert.equal(ascending.length, 3, `key counts read: ${ascending.join(', ')}`);
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => a - b),
      `not ascending: ${ascending.join(', ')}`,
    );
    await wb.page.keyboard.press('Enter');
    await sorted('descending');
    const descending = await keysColumn();
    assert.deepEqual(
      descending,
      [...descending].sort((a, b) => b - a),
      `not descending: ${descending.join(', ')}`,
    );
  });
});
