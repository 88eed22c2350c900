// The explorer on a 100-node cluster: screenshot docs/screenshots/explorer-tree-100.png and how long the tree
// takes to draw once the topology is in. Skipped unless E2E_SCALE_CLUSTER_DIR points at a running 100-node
// cluster (tests never start one: it takes minutes), e.g.
//   TEST_PORT_OFFSET=4000 npx tsx scripts/cluster.ts start --masters 50 --base-port 11000
//   E2E_SCALE_CLUSTER_DIR=/tmp/redis-cluster-11000 node scripts/run-e2e-tests.mjs test/e2e/scale-tree.test.ts
// Timing, taken in the page: click -> first rows drawn from the topology (connecting, the topology read and the
// draw); first row -> every visible shard row drawn (the draw after the topology arrived: goal <= 1 s); and
// expanding three shards (tree items only, no I/O) until their masters and replicas show.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { loadClusterInfo } from '../../scripts/cluster';
import { loadProfileFile } from '../../src/core/profile';
import { openViewContainer, openWorkbench, screenshot, type Workbench } from './workbench';

const DIR = process.env.E2E_SCALE_CLUSTER_DIR;

function row(page: Page, text: string | RegExp) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

(DIR ? describe : describe.skip)('explorer at 100 nodes', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let name: string;

  before(async function () {
    this.timeout(180_000);
    const info = loadClusterInfo(DIR ?? '');
    const profile = loadProfileFile(info.profilePath);
    name = profile.name;
    wb = await openWorkbench({
      workspaceSettings: { 'redisCluster.profiles': [profile] },
      env: { [info.passwordEnv]: info.password },
      viewport: { width: 1440, height: 1400 },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('draws 50 shards within 1 s of the topology arriving', async () => {
    const { page } = wb;
    await openViewContainer(page, 'Redis Cluster');
    const profileRow = row(page, name);
    await profileRow.waitFor({ state: 'visible', timeout: 30_000 });
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 760, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    // Timeline of the side bar's rows, recorded in the page as they change.
    // A string, not a function: the test runner's transform would wrap named functions in a helper the page lacks.
    await page.evaluate(`(() => {
      const w = window;
      w.rcMarks = {};
      const look = () => {
        const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((r) => r.textContent || '');
        if (rows.some((t) => /Cluster ok/.test(t))) w.rcMarks.topology ??= performance.now();
        const shards = rows.filter((t) => /^Shard \\d+/.test(t.trim()));
        if (w.rcMarks.topology && shards.length > 0) w.rcMarks.shards ??= performance.now();
        const masters = rows.filter((t) => /\\d+-\\d+ ·/.test(t));
        if (masters.length > 0 && masters.every((t) => /keys?/.test(t))) w.rcMarks.figures ??= performance.now();
      };
      const root = document.querySelector('.part.sidebar') || document.body;
      new MutationObserver(look).observe(root, { subtree: true, childList: true, characterData: true });
    })()`);
    const t0 = Date.now();
    await profileRow.click();
    await row(page, /Cluster ok/).waitFor({ state: 'visible', timeout: 60_000 });
    const connectMs = Date.now() - t0;
    await row(page, 'Shard 1').waitFor({ state: 'visible', timeout: 10_000 });
    // Expand the first shards so masters and replicas (with their figures) are on screen.
    const e0 = Date.now();
    for (const label of ['Shard 1', 'Shard 2', 'Shard 3']) await row(page, label).click();
    await page.waitForFunction(
      `[...document.querySelectorAll('.part.sidebar .monaco-list-row')].filter((r) => /replica/.test(r.textContent || '')).length >= 3`,
      undefined,
      { timeout: 30_000 },
    );
    const expandMs = Date.now() - e0;
    await page.waitForFunction('!!window.rcMarks.figures', undefined, { timeout: 60_000 });
    await page.waitForTimeout(500);
    const marks = (await page.evaluate('window.rcMarks')) as Record<string, number>;
    const texts = await page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
    assert.ok(
      texts.some((t) => /50 masters|masters 50|50 shards/.test(t)) || texts.filter((t) => /^Shard \d+/.test(t.trim())).length >= 10,
      texts.join('\n'),
    );
    const renderMs = marks.shards - marks.topology;
    console.log(
      `      click -> first rows drawn from the topology ${connectMs} ms (connect + topology read + draw); ` +
        `summary -> all visible shard rows ${renderMs.toFixed(0)} ms; 3 shards expanded to masters + replicas in ${expandMs} ms`,
    );
    await screenshot(page, 'explorer-tree-100');
    assert.ok(renderMs <= 1000, `tree drawn ${renderMs.toFixed(0)} ms after the topology arrived`);
  });
});
