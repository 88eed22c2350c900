// The "Get Started with Redis Cluster" walkthrough as a newcomer sees it: opened from the palette, its steps done
// through the buttons in the steps themselves (the real commands), and ticked by the extension's own context keys
// only once the action succeeded. The profile is a user setting, as `npm run demo` has it. Screenshot:
// docs/screenshots/walkthrough.png.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { sharedCluster } from '../support/cluster';
import { openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

/** The step's checkbox: VS Code marks it `complete` (aria-checked) when the step's completion event fired. */
const tick = (page: Page, step: string): Locator => page.locator(`[data-done-step-id$="#${step}"]`).first();
const isDone = async (page: Page, step: string) => {
  await showWalkthrough(page);
  return (
    (await tick(page, step)
      .getAttribute('aria-checked', { timeout: 2_000 })
      .catch(() => null)) === 'true'
  );
};

/** Brings the walkthrough's tab to the front: a check report or a snippet may have opened on top of it. */
async function showWalkthrough(page: Page): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough: Redis Cluster' }).first();
  if ((await tab.isVisible()) && (await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

/** Waits until the step is ticked, bringing the walkthrough back whenever a command's output covered it. */
async function waitDone(page: Page, step: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await isDone(page, step))) {
    if (Date.now() > end) throw new Error(`step ${step} was not ticked within ${timeout} ms`);
    await page.waitForTimeout(500);
  }
}

/** Expands a step and presses one of the buttons its description links to a command. */
async function pressStepButton(page: Page, step: string, label: string): Promise<void> {
  await showWalkthrough(page);
  const header = page.locator(`button.getting-started-step[data-step-id$="#${step}"]`);
  await header.click();
  await page.locator(`button.getting-started-step.expanded[data-step-id$="#${step}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  const button = header.locator('.monaco-button, a', { hasText: new RegExp(`^${label}$`) }).first();
  await button.waitFor({ state: 'visible', timeout: 10_000 });
  await button.click();
}

/**
 * Runs Get Started until VS Code shows this extension's walkthrough: VS Code registers an extension's walkthroughs
 * a few seconds after the extension itself (it waits up to 5 s for an experiment service), and until then opens
 * its own default walkthrough instead (a person would simply run the command again).
 */
async function openOurWalkthrough(page: Page): Promise<void> {
  const ours = page.locator('.gettingStartedContainer').getByText('Get Started with Redis Cluster').first();
  const end = Date.now() + 60_000;
  for (;;) {
    await runCommand(page, 'Redis Cluster: Get Started with Redis Cluster');
    if (
      await ours.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
    if (Date.now() > end) throw new Error('the Get Started with Redis Cluster walkthrough never opened');
    // VS Code keeps showing a Welcome editor it opened on another walkthrough: close it before asking again.
    await runCommand(page, 'View: Close All Editors');
  }
}

describe('Get Started walkthrough', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(180_000);
    const info = await sharedCluster();
    const profile = { ...loadProfileFile(info.profilePath), name: 'walkthrough' };
    wb = await openWorkbench({
      userSettings: { 'redisCluster.profiles': [profile] },
      env: { [info.passwordEnv]: info.password },
      viewport: { width: 1440, height: 900 },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('opens from the palette with the checklist; no step is ticked before the user did it', async () => {
    const { page } = wb;
    // The extension is active once its status bar item shows.
    await page.locator('.statusbar-item', { hasText: 'Redis Cluster' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await openOurWalkthrough(page);
    const titles = await page.locator('button.getting-started-step .step-title').allInnerTexts();
    for (const t of ['Start the nodes', 'Add a profile', 'Connect', 'Verify the cluster', 'Update the application configuration']) {
      assert.ok(titles.includes(t), `no step "${t}" in ${JSON.stringify(titles)}`);
    }
    for (const t of ['Set up monitoring', 'Know what to alert on', 'Document the topology', 'Share with the team'])
      assert.ok(titles.includes(t), `no step "${t}"`);
    for (const step of ['connect', 'check', 'configureApp', 'monitor', 'diagnose', 'document'])
      assert.equal(await isDone(page, step), false, `${step} is ticked before the user did it`);
  });

  it('Connect and Run Check from the steps tick them (and the nodes step, since a cluster answered)', async () => {
    const { page } = wb;
    await pressStepButton(page, 'connect', 'Connect');
    await waitDone(page, 'connect');
    await waitDone(page, 'startNodes');
    assert.equal(await isDone(page, 'check'), false);
    await pressStepButton(page, 'check', 'Run Check');
    await waitDone(page, 'check', 60_000);
  });

  it('Copy Connection Settings ticks the application step once a snippet was copied, not before', async () => {
    const { page } = wb;
    await pressStepButton(page, 'configureApp', 'Copy Connection Settings');
    const row = page.locator('.quick-input-list .monaco-list-row').first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await isDone(page, 'configureApp'), false, 'ticked while the pick is still open');
    await row.click();
    await waitDone(page, 'configureApp');
    // Back to the walkthrough for the picture (the check report and notifications may have taken the focus).
    await openOurWalkthrough(page);
    await page.locator(`button.getting-started-step[data-step-id$="#monitor"]`).click();
    await screenshot(page, 'walkthrough');
  });
});
