// Desktop variant of the extension-host suite, for machines with internet: @vscode/test-electron 2.5
// downloads VS Code (into .vscode-test/) and runs out/test/vscode/index.js after the same build as
// scripts/run-vscode-tests.mjs. On machines without access to update.code.visualstudio.com use
// `node scripts/run-vscode-tests.mjs` (code-server) instead; this script then stops with a short message.
//
//   node scripts/run-electron-tests.mjs        Env: VSCODE_VERSION (default 1.100.3, as code-server)
// Last line: `LAYER vscode-electron passed=N failed=M`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './code-server.mjs';
import { buildForVscodeTests, VSCODE_TESTS_ENTRY } from './run-vscode-tests.mjs';

const version = process.env.VSCODE_VERSION || '1.100.3';

function reason(e) {
  const msg = e instanceof Error ? e.message : String(e);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up/i.test(msg)) {
    return (
      `could not download VS Code ${version} (no internet access to update.code.visualstudio.com: ${msg.split('\n')[0]}).\n` +
      'Run the same suite in code-server instead: node scripts/run-vscode-tests.mjs'
    );
  }
  return msg.split('\n')[0];
}

async function main() {
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;
  let counted = false;
  let code = 1;
  // The desktop host prints the suite's tagged summary on VS Code's stdout, which runTests forwards.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    const m = /VSCODE_TESTS passed=(\d+) failed=(\d+)/.exec(String(chunk));
    if (m) {
      passed = Number(m[1]);
      failed = Number(m[2]);
      counted = true;
    }
    return write(chunk, ...rest);
  };
  const workspace = mkdtempSync(join(tmpdir(), 'rc-electron-ws-'));
  try {
    await buildForVscodeTests();
    code = await runTests({
      version,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: VSCODE_TESTS_ENTRY,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (e) {
    const exit = e && typeof e === 'object' && 'code' in e && typeof e.code === 'number' ? e.code : 1;
    if (e && e.constructor && e.constructor.name === 'TestRunFailedError') {
      console.error(`[electron-tests] test run failed (exit ${exit})`);
    } else {
      console.error(`[electron-tests] ${reason(e)}`);
    }
    code = exit || 1;
  } finally {
    process.stdout.write = write;
    rmSync(workspace, { recursive: true, force: true });
  }
  if (!counted || (code !== 0 && failed === 0)) failed = Math.max(failed, 1);
  console.log(`[electron-tests] finished in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code}`);
  console.log(`LAYER vscode-electron passed=${passed} failed=${failed}`);
  process.exitCode = code;
}

main();
