import * as assert from 'node:assert/strict';
import { openViewContainer, openWorkbench, runCommand, screenshot, viewHeader, type Workbench } from './workbench';

describe('Redis Cluster in the workbench', () => {
  let wb: Workbench;

  before(async function (this: Mocha.Context) {
    this.timeout(120_000); // code-server start + first workbench load
    wb = await openWorkbench();
  });

  after(async function (this: Mocha.Context) {
    this.timeout(30_000);
    await wb?.close();
  });

  it('opens its view container from the activity bar and shows the Clusters view', async () => {
    await openViewContainer(wb.page, 'Redis Cluster');
    const header = viewHeader(wb.page, 'Clusters');
    await header.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await header.innerText(), /clusters/i);
    await screenshot(wb.page, 'view-container');
  });

  it('without profiles, the welcome view offers Add Profile and Start a Local Dev Cluster (screenshot)', async () => {
    const welcome = wb.page.locator('.part.sidebar .welcome-view-content').first();
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await welcome.innerText();
    assert.match(text, /No Redis Cluster profile yet/);
    assert.match(text, /redis-server/);
    for (const label of ['Add Profile', 'Start a Local Dev Cluster', 'Read the guide']) {
      assert.equal(await welcome.locator('.monaco-button', { hasText: label }).count(), 1, `no "${label}" button`);
    }
    assert.doesNotMatch(text, /npm run/, 'the welcome view tells an installed user to run npm');
    await screenshot(wb.page, 'welcome-view');
  });

  it('runs "Redis Cluster: Show Log" from the command palette', async () => {
    await runCommand(wb.page, 'Redis Cluster: Show Log');
    const channel = wb.page.locator('.part.panel select.monaco-select-box').first();
    await channel.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.page.waitForFunction(
      (el) => el instanceof HTMLSelectElement && el.options[el.selectedIndex]?.text === 'Redis Cluster',
      await channel.elementHandle(),
      { timeout: 15_000 },
    );
  });
});
