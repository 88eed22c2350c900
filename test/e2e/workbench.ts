// Shared helper for browser end-to-end tests: a throw-away code-server with this repo loaded as the
// development extension (URL payload extensionDevelopmentPath, no extensionTestsPath), a headless
// Chromium page on its workbench, and small UI helpers. Selectors verified on VS Code 1.100.3.
import { type Dirent, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { until } from '../support/wait';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

interface CodeServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  dirs: Record<string, string>;
}

/** The part of scripts/code-server.mjs (untyped ESM) this helper uses. */
interface CodeServerModule {
  findFreePort(preferred?: number): Promise<number>;
  startCodeServer(opts: {
    port: number;
    folder?: string;
    env?: Record<string, string | undefined>;
    userSettings?: Record<string, unknown>;
  }): Promise<CodeServer>;
  launchBrowser(): Promise<Browser>;
  workbenchUrl(opts: { port: number; folder: string; extensionDevelopmentPath: string; extensionTestsPath?: string }): string;
}

async function codeServerModule(): Promise<CodeServerModule> {
  // A computed specifier keeps tsc from resolving the .mjs (no declarations); tsx loads it at run time.
  const specifier = path.join(REPO_ROOT, 'scripts', 'code-server.mjs');
  return (await import(specifier)) as CodeServerModule;
}

export interface WorkbenchOptions {
  /** Content of the workspace's .vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host. */
  env?: Record<string, string | undefined>;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  browser: Browser;
  server: CodeServer;
  workspace: string;
  close(): Promise<void>;
}

/** Starts code-server (port E2E_PORT, else the first free from 8741 in 8700-8799) and opens the workbench. */
export async function openWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const cs = await codeServerModule();
  // A fixed folder name, because it shows in the window title of every screenshot.
  const workspaceRoot = mkdtempSync(path.join(tmpdir(), 'rc-e2e-'));
  const workspace = path.join(workspaceRoot, 'redis-workspace');
  mkdirSync(workspace);
  if (opts.workspaceSettings) {
    mkdirSync(path.join(workspace, '.vscode'));
    writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(opts.workspaceSettings, null, 2));
  }
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await cs.findFreePort(8741);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let stopAllowing = (): void => undefined;
  const close = async (): Promise<void> => {
    stopAllowing();
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(workspaceRoot, { recursive: true, force: true });
  };
  try {
    server = await cs.startCodeServer({
      port,
      folder: workspace,
      // The dashboard's bench hook is a test hook: in this Development-mode host it exists only when asked for
      // (src/services/testMode.ts). An extensionTestsPath would give Test mode, but then VS Code refuses every
      // modal dialog, which these tests click through.
      env: { REDIS_CLUSTER_TEST_HOOKS: '1', ...opts.env },
      userSettings: { 'workbench.tips.enabled': false, 'window.commandCenter': false, ...opts.userSettings },
    });
    browser = await cs.launchBrowser();
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    await page.goto(cs.workbenchUrl({ port, folder: workspace, extensionDevelopmentPath: REPO_ROOT }));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The activity bar is filled once the extension host registered contributions.
    await page.locator('.activitybar').waitFor({ state: 'visible', timeout: 30_000 });
    stopAllowing = allowPasswordEnvQuestion(page);
    return { page, browser, server, workspace, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The e2e workspaces are the tests' own: their profile's passwordEnv is allowed once, as its user would, when the
 * extension asks (test/vscode/secrets.test.ts tests that question itself). Returns the function that stops watching.
 */
function allowPasswordEnvQuestion(page: Page): () => void {
  let stopped = false;
  const allow = page
    .locator('.monaco-dialog-box', { hasText: 'from this workspace wants to send' })
    .locator('.monaco-button', { hasText: /^Allow$/ });
  void (async () => {
    while (!stopped) {
      if (await allow.isVisible().catch(() => false)) await allow.click({ timeout: 2_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return () => {
    stopped = true;
  };
}

/** Runs a command through the F1 palette by its full label, e.g. 'Redis Cluster: Show Log'. */
export async function runCommand(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 3 && !(await input.isVisible()); attempt++) {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 640, y: 5 }, force: true })
      .catch(() => undefined);
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  // The palette closes, or the command's own quick pick takes its place at once (then the input no longer holds
  // the command line).
  await until(
    `the command palette to close after running "${label}"`,
    10_000,
    async () => !(await input.isVisible()) || !(await input.inputValue().catch(() => '')).startsWith('>'),
  );
}

/** Resolves once the page has painted two more frames: what a screenshot then shows is what is on screen. */
export async function nextPaint(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/** Opens a view container from the activity bar by its title; no-op when it is already showing. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const sidebarTitle = page.locator('.part.sidebar .composite.title .title-label h2');
  const showing = (await sidebarTitle.isVisible()) && (await sidebarTitle.innerText()).toLowerCase().startsWith(title.toLowerCase());
  if (!showing) {
    const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.click();
  }
  await page
    .locator('.part.sidebar .composite.title .title-label h2', { hasText: new RegExp(title, 'i') })
    .waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * The header of a view in the open sidebar, e.g. 'Clusters'. A container holding a single view hides
 * the pane header and merges the name into the sidebar title ("REDIS CLUSTER: CLUSTERS").
 */
export function viewHeader(page: Page, name: string): Locator {
  const paneHeader = page.locator('.part.sidebar .pane-header:not(.hidden)', { hasText: new RegExp(`^\\s*${name}`, 'i') });
  const mergedTitle = page.locator('.part.sidebar .composite.title .title-label h2', { hasText: new RegExp(`:\\s*${name}\\s*$`, 'i') });
  return paneHeader.or(mergedTitle).first();
}

/** Waits (bounded, never throws) until no view or activity-bar progress indicator is running. */
export async function waitForIdle(page: Page, timeoutMs = 15_000): Promise<void> {
  await page
    .locator('.monaco-progress-container.active, .activitybar .badge .codicon-loading')
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
}

/** Saves docs/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // No hover tooltip nor half-finished progress in the picture.
  await page.mouse.move(900, 780);
  await waitForIdle(page);
  await nextPaint(page);
  await page.screenshot({ path: file });
  return file;
}

/** Content of the active webview: two iframes deep; code-server serves it same-origin. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export interface LogLine {
  /** Wall-clock ms since the epoch. */
  at: number;
  level: string;
  text: string;
}

function findFiles(dir: string, match: (name: string) => boolean): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(p, match) : match(e.name) ? [p] : [];
  });
}

/**
 * The lines of the extension's "Redis Cluster" log channel so far, from the file the extension host writes under
 * code-server's user-data dir (logs/<session>/exthost<n>/output_logging_<time>/<n>-Redis Cluster.log). Its
 * timestamps are local time with ms ("2026-12-01 04:21:19.123 [info] text"), read here in the same time zone.
 */
export function extensionLog(wb: Workbench): LogLine[] {
  const files = findFiles(path.join(wb.server.dirs.userData, 'logs'), (n) => n.endsWith('Redis Cluster.log'));
  const re = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[(\w+)\] (.*)$/;
  return files
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .flatMap((line) => {
      const m = re.exec(line);
      if (!m) return [];
      const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
      return [{ at: new Date(y, mo - 1, d, h, mi, s, ms).getTime(), level: m[8], text: m[9] }];
    })
    .sort((a, b) => a.at - b.at);
}

/** A row of the side bar's tree whose text matches. */
export function treeRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

/** Drags the side bar's edge out to `x` px from its left, so the tree's descriptions fit in a screenshot. */
export async function widenSideBar(page: Page, x = 760): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + x, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Workspace profile for a test cluster: the profile file, with its relative cert paths made absolute. */
export function workspaceProfile(profilePath: string, name = 'e2e cluster'): Record<string, unknown> {
  const p = JSON.parse(readFileSync(profilePath, 'utf8')) as { name: string; tls?: Record<string, unknown> };
  const dir = path.dirname(profilePath);
  if (p.tls) for (const k of ['ca', 'cert', 'key']) if (typeof p.tls[k] === 'string') p.tls[k] = path.resolve(dir, p.tls[k] as string);
  return { ...p, name };
}
