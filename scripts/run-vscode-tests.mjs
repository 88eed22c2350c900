// Runs test/vscode/**/*.test.ts inside a real VS Code extension host (code-server 4.100.3 driven by
// headless Chromium), with the extension loaded from this repo through extensionDevelopmentPath.
//
//   node scripts/run-vscode-tests.mjs
// Env: VSCODE_TEST_PORT (default 8711, else first free in 8700-8799), VSCODE_TEST_TIMEOUT_MS (300000),
//      VSCODE_TEST_WORKSPACE_SETTINGS (JSON for the workspace's .vscode/settings.json),
//      VSCODE_TEST_GREP (mocha grep). Everything else in the environment reaches the extension host.
//      VSCODE_TEST_UNTRUSTED=1: Restricted Mode run. Workspace trust stays on and the folder untrusted; only
//      test/vscode/*.untrusted.test.ts run, with the settings of scripts/vscode-untrusted-fixture.mjs (the
//      shared cluster's settings are not used). Without it those files are skipped.
// Last lines: `VSCODE_TESTS passed=N failed=M` then `LAYER vscode passed=N failed=M`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { REPO_ROOT, ensureCodeServer, findFreePort, launchBrowser, startCodeServer, workbenchUrl } from './code-server.mjs';
import { untrustedFixture } from './vscode-untrusted-fixture.mjs';

export const VSCODE_TESTS_ENTRY = join(REPO_ROOT, 'out/test/vscode/index.js');

/** Builds the extension (scripts/build.mjs) and bundles each extension-host test file separately. */
export async function buildForVscodeTests() {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`extension build (scripts/build.mjs) failed with ${build.status}`);
  const srcDir = join(REPO_ROOT, 'test/vscode');
  const tests = readdirSync(srcDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(srcDir, f));
  const outdir = join(REPO_ROOT, 'out/test/vscode');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(srcDir, 'index.ts'), ...tests],
    outbase: srcDir,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // mocha resolves from the repo's node_modules at run time; each test file must share its globals. ssh2 too:
    // its optional native helpers are .node files esbuild cannot bundle.
    external: ['vscode', 'mocha', 'ssh2'],
    logLevel: 'warning',
  });
  return { entry: VSCODE_TESTS_ENTRY, tests: tests.length };
}

function makeWorkspace(fixed) {
  const dir = mkdtempSync(join(tmpdir(), 'rc-vscode-ws-'));
  const settings = fixed ? JSON.stringify(fixed) : process.env.VSCODE_TEST_WORKSPACE_SETTINGS;
  if (settings) {
    let parsed;
    try {
      parsed = JSON.parse(settings);
    } catch (e) {
      throw new Error(`VSCODE_TEST_WORKSPACE_SETTINGS is not JSON: ${e instanceof Error ? e.message : e}`);
    }
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify(parsed, null, 2));
  }
  return dir;
}

/**
 * The extension host's console output reaches the page console through the workbench logger
 * ('%c INFO', 'color: …', text). test/vscode/index.ts tags each line with `[ext-host] `; plain
 * `[Extension Host]` lines (older workbenches, output outside run()) are accepted as well.
 */
function extensionHostText(text) {
  for (const tag of ['[ext-host] ', '[Extension Host]']) {
    const i = text.indexOf(tag);
    if (i >= 0) return text.slice(i + tag.length).replace(/%c/g, '');
  }
  return null;
}

async function main() {
  const t0 = Date.now();
  const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 300_000);
  let passed = 0;
  let failed = 0;
  let counted = false;
  // Spec-reporter marks, for a partial count when the suite hangs and never prints its summary.
  let seenPass = 0;
  let seenFail = 0;
  let exitCode = 1;
  let server;
  let browser;
  let workspace;
  try {
    await ensureCodeServer();
    const built = await buildForVscodeTests();
    console.log(`[vscode-tests] built ${built.tests} test file(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const port = process.env.VSCODE_TEST_PORT ? Number(process.env.VSCODE_TEST_PORT) : await findFreePort(8711);
    const untrusted = process.env.VSCODE_TEST_UNTRUSTED === '1';
    const fixture = untrusted ? await untrustedFixture() : undefined;
    if (untrusted) console.log('[vscode-tests] Restricted Mode run: workspace trust on, folder untrusted');
    workspace = makeWorkspace(fixture?.workspaceSettings);
    server = await startCodeServer({
      port,
      folder: workspace,
      workspaceTrust: untrusted,
      env: fixture?.env,
      userSettings: fixture?.userSettings,
    });
    browser = await launchBrowser();
    const page = await browser.newPage();

    let timer;
    const finished = new Promise((resolveExit) => {
      timer = setTimeout(() => {
        console.error(`[vscode-tests] harness timeout after ${timeoutMs} ms (VSCODE_TEST_TIMEOUT_MS)`);
        resolveExit(124);
      }, timeoutMs);
      page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
      page.on('crash', () => {
        console.error('[vscode-tests] page crashed');
        resolveExit(1);
      });
    });
    page.on('console', (msg) => {
      const text = extensionHostText(msg.text());
      if (text === null) {
        if (process.env.VSCODE_TEST_VERBOSE) console.log(`[browser:${msg.type()}] ${msg.text()}`);
        return;
      }
      const m = /VSCODE_TESTS passed=(\d+) failed=(\d+)/.exec(text);
      if (m) {
        passed = Number(m[1]);
        failed = Number(m[2]);
        counted = true;
        return; // re-printed once below, as the harness's own line
      }
      if (/^\s+✔ /.test(text)) seenPass++;
      else if (/^\s+\d+\) /.test(text) && !/^\s+\d+\) .*:$/.test(text)) seenFail++;
      console.log(text);
    });
    page.on('pageerror', (err) => {
      if (process.env.VSCODE_TEST_VERBOSE) console.error(`[browser:pageerror] ${err.message}`);
    });

    const url = workbenchUrl({
      port,
      folder: workspace,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: VSCODE_TESTS_ENTRY,
    });
    await page.goto(url);
    exitCode = await finished;
    clearTimeout(timer);
    // The summary line may trail the exit call by a console round-trip.
    if (!counted) await new Promise((r) => setTimeout(r, 500));
    if (!counted) {
      console.error('[vscode-tests] the suite printed no VSCODE_TESTS line (extension host crashed, run() missing, or timeout)');
      // Count what finished, plus one for whatever hung or crashed.
      passed = seenPass;
      failed = seenFail + 1;
      if (exitCode === 0) exitCode = 1;
    } else if (failed > 0 && exitCode === 0) {
      exitCode = 1;
    }
  } catch (e) {
    console.error(`[vscode-tests] ${e instanceof Error ? e.message : String(e)}`);
    failed = Math.max(failed, 1);
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  }
  console.log(`[vscode-tests] finished in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${exitCode}`);
  console.log(`VSCODE_TESTS passed=${passed} failed=${failed}`);
  console.log(`LAYER vscode passed=${passed} failed=${failed}`);
  process.exitCode = exitCode;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
