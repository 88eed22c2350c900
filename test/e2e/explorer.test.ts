// What a person sees: the Clusters view with the shared TLS cluster's workspace profile, expanded into its
// topology, saved as docs/screenshots/explorer-tree.png (shown in the README).
import * as assert from 'node:assert/strict';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { sharedCluster } from '../support/cluster';
import { openViewContainer, openWorkbench, screenshot, treeRow as row, type Workbench, widenSideBar } from './workbench';

describe('cluster explorer in the workbench', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let name: string;

  before(async function () {
    this.timeout(180_000);
    const info = await sharedCluster();
    // Absolute TLS paths (the workspace is a temp folder); the password stays in the environment.
    const profile = loadProfileFile(info.profilePath);
    name = profile.name;
    wb = await openWorkbench({
      workspaceSettings: { 'redisCluster.profiles': [profile] },
      env: { [info.passwordEnv]: info.password },
      viewport: { width: 1440, height: 900 },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('expands the profile into summary, shards, masters with slot ranges and replicas with their link', async () => {
    const { page } = wb;
    await openViewContainer(page, 'Redis Cluster');
    const profileRow = row(page, name);
    await profileRow.waitFor({ state: 'visible', timeout: 30_000 });
    // Widen the side bar so the descriptions (ranges, keys, memory, lag) are readable in the screenshot.
    await widenSideBar(page);
    await profileRow.click();
    await row(page, /Cluster ok/).waitFor({ state: 'visible', timeout: 30_000 });
    for (const label of ['Shard 1', 'Shard 2', 'Shard 3', 'Slots']) await row(page, label).waitFor({ state: 'visible', timeout: 10_000 });
    await row(page, /0-5460/).waitFor({ state: 'visible', timeout: 10_000 });
    // Node figures arrive after the topology: wait until every replica shows its link.
    await page.waitForFunction(
      () => {
        const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')];
        return rows.filter((r) => /link up · lag/.test(r.textContent ?? '')).length === 3;
      },
      undefined,
      { timeout: 30_000 },
    );
    const texts = await page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
    const masters = texts.filter((t) => /\d+-\d+ · \d[\d,]* keys?/.test(t));
    assert.equal(masters.length, 3, texts.join('\n'));
    assert.equal(texts.filter((t) => /link up/.test(t)).length, 3);
    await screenshot(page, 'explorer-tree');
  });
});
