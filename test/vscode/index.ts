// Entry point the extension host calls (extensionTestsPath): the same contract as @vscode/test-electron.
// Runs every *.test.js bundled next to this file and prints a machine-readable summary line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { EnvConsents } from '../../src/services/envConsent';
import { activateExtension } from './support/extension';

/**
 * The workbench logs the test host's console through its own logger ('%c INFO', css, ...args) with
 * format strings unexpanded, mixed with its own chatter; and the host's console methods cannot be
 * replaced (VS Code defines them with a no-op setter). So the reporter's lines are pre-formatted and
 * tagged, letting the harness (scripts/run-vscode-tests.mjs) print exactly the test output.
 */
export const LINE_TAG = '[ext-host] ';

export function log(...args: unknown[]): void {
  console.log(LINE_TAG + format(...args));
}

/**
 * The Restricted Mode run (workspace untrusted) runs only *.untrusted.test.js, the installed-build run (the
 * extension installed from its .vsix, ExtensionMode.Production) only *.installed.test.js; the normal run skips both.
 */
const UNTRUSTED_RUN = process.env.VSCODE_TEST_UNTRUSTED === '1';
const INSTALLED_RUN = process.env.VSCODE_TEST_INSTALLED === '1';
const RUN_SUFFIX = UNTRUSTED_RUN ? '.untrusted.test.js' : INSTALLED_RUN ? '.installed.test.js' : undefined;

function inThisRun(name: string): boolean {
  if (!name.endsWith('.test.js')) return false;
  if (RUN_SUFFIX) return name.endsWith(RUN_SUFFIX);
  return !name.endsWith('.untrusted.test.js') && !name.endsWith('.installed.test.js');
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return inThisRun(entry.name) ? [full] : [];
    })
    .sort();
}

/**
 * The harness's workspace is the tests' own: the shared profile's passwordEnv is allowed once, as its user would.
 * The question itself is tested by secrets.test.ts, with a variable of its own.
 */
async function allowSharedProfileVariable(): Promise<void> {
  const file = process.env.REDIS_CLUSTER_PROFILE;
  const variable = file && !RUN_SUFFIX ? loadProfileFile(file).passwordEnv : undefined;
  if (!variable) return;
  const s = await activateExtension();
  await new EnvConsents(s.context.workspaceState).remember(variable, 'allow');
}

export async function run(): Promise<void> {
  // Mocha's reporters print through Base.consoleLog (captured at module load, so set it here).
  const previous = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = log;
  try {
    await allowSharedProfileVariable();
    await runMocha();
  } finally {
    Mocha.reporters.Base.consoleLog = previous;
  }
}

function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    grep: process.env.VSCODE_TEST_GREP || undefined,
  });
  const files = testFiles(__dirname);
  if (files.length === 0) {
    log('VSCODE_TESTS passed=0 failed=1');
    return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  }
  for (const file of files) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      const runner = mocha.run((failures) => {
        // Hook failures count as failures too; keep the larger of the two views.
        failed = Math.max(failed, failures);
        log(`VSCODE_TESTS passed=${passed} failed=${failed}`);
        if (failed > 0) reject(new Error(`${failed} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => {
        passed++;
      });
      runner.on('fail', () => {
        failed++;
      });
    } catch (err) {
      log(err);
      log(`VSCODE_TESTS passed=${passed} failed=${Math.max(failed, 1)}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
