// The installed-build run of the extension-host tests (VSCODE_TEST_INSTALLED=1, test/vscode/*.installed.test.ts):
// the extension is packaged into a .vsix (production build, as a user gets it) and installed with code-server's
// --install-extension; the development extension is an empty probe (test/vscode/installed-probe), so the extension
// under test runs in ExtensionMode.Production while the suite runs beside it. The harness also looks inside the
// dashboard webview when the suite asks (watchWebview), since no extension API can.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './code-server.mjs';

export const PROBE_PATH = join(REPO_ROOT, 'test/vscode/installed-probe');

/** Packs the production .vsix (vsce runs vscode:prepublish, the production build) into a temp dir. */
export function packageVsix() {
  const dir = mkdtempSync(join(tmpdir(), 'rc-vsix-'));
  const vsix = join(dir, 'redis-cluster.vsix');
  const r = spawnSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`vsce package failed (${r.status}): ${r.stderr || r.stdout}`);
  return { vsix, dir };
}

export function installedFixture() {
  const exchange = mkdtempSync(join(tmpdir(), 'rc-installed-'));
  return {
    exchange,
    // A profile whose node answers nothing: the dashboard opens (and its webview starts) without a cluster.
    workspaceSettings: { 'redisCluster.profiles': [{ name: 'installed-probe', nodes: ['127.0.0.1:1'] }] },
    // The e2e's opt-in for test hooks (src/services/testMode.ts) is set too: it must change nothing in Production.
    env: { VSCODE_TEST_EXCHANGE: exchange, REDIS_CLUSTER_TEST_HOOKS: '1' },
  };
}

/**
 * When the suite writes <exchange>/dashboard-open, reads from the dashboard webview whether its app was built
 * (the tabs exist only after the init message) and whether the test hook window.redisDashboard exists, and
 * writes the answer to <exchange>/webview.json. Returns a function that stops watching.
 */
export function watchWebview(page, exchange) {
  let stopped = false;
  void (async () => {
    while (!stopped && !existsSync(join(exchange, 'dashboard-open'))) await new Promise((r) => setTimeout(r, 200));
    if (stopped) return;
    const body = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('body');
    let answer;
    try {
      await body.locator('vscode-panel-tab#tab-metrics').waitFor({ state: 'attached', timeout: 60_000 });
      answer = await body.evaluate(() => ({
        built: document.querySelector('vscode-panel-tab#tab-metrics') !== null,
        hook: 'redisDashboard' in window,
        tabText: document.querySelector('vscode-panel-tab#tab-distribution')?.textContent ?? '',
      }));
    } catch (e) {
      answer = { error: e instanceof Error ? e.message : String(e) };
    }
    writeFileSync(join(exchange, 'webview.json'), JSON.stringify(answer));
  })();
  return () => {
    stopped = true;
  };
}
