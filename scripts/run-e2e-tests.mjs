// Browser end-to-end tests: builds the extension, then runs mocha on test/e2e/**/*.test.ts (TypeScript
// through tsx). Each test file starts its own code-server (test/e2e/workbench.ts) with this repo as
// the development extension, and drives it with headless Chromium.
//
//   node scripts/run-e2e-tests.mjs [extra mocha args, e.g. --grep palette, or test files]
// Env: E2E_PORT (default: first free port from 8741 in 8700-8799). Screenshots: docs/screenshots/.
// Last line: `LAYER e2e passed=N failed=M`.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO_ROOT, ensureCodeServer } from './code-server.mjs';

const LAYER_RE = /^LAYER e2e passed=(\d+) failed=(\d+)\s*$/;

async function main() {
  const t0 = Date.now();
  let layer = null;
  let code = 1;
  try {
    await ensureCodeServer();
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`extension build (scripts/build.mjs) failed with ${build.status}`);
    const mocha = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/mocha/bin/mocha.js'),
        '--require',
        'tsx/cjs',
        '--reporter',
        join(REPO_ROOT, 'scripts/mocha-count-reporter.cjs'),
        '--reporter-option',
        'layer=e2e',
        '--timeout',
        '120000',
        '--exit',
        // Explicit test files replace the default glob.
        ...(process.argv.slice(2).some((a) => a.endsWith('.ts')) ? [] : ['test/e2e/**/*.test.ts']),
        ...process.argv.slice(2),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Hold the reporter's LAYER line back so it is printed exactly once, as the very last line.
    createInterface({ input: mocha.stdout }).on('line', (line) => {
      const m = LAYER_RE.exec(line);
      if (m) layer = { passed: Number(m[1]), failed: Number(m[2]) };
      else console.log(line);
    });
    code = await new Promise((resolveCode) => {
      mocha.on('error', (e) => {
        console.error(e.message);
        resolveCode(1);
      });
      mocha.on('close', (c) => resolveCode(c ?? 1));
    });
  } catch (e) {
    console.error(`[e2e] ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  }
  if (!layer) {
    console.error('[e2e] mocha printed no LAYER line (it failed before running tests)');
    layer = { passed: 0, failed: 1 };
  }
  if (layer.failed > 0 && code === 0) code = 1;
  if (code !== 0 && layer.failed === 0) layer.failed = 1;
  console.log(`[e2e] finished in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code}`);
  console.log(`LAYER e2e passed=${layer.passed} failed=${layer.failed}`);
  process.exitCode = code;
}

main();
