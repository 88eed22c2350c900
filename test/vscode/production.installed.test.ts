// What another extension sees of a user's install: the extension installed from its .vsix (production build) by
// code-server --install-extension, so VS Code runs it in ExtensionMode.Production, next to this suite's empty probe
// extension (scripts/vscode-installed-fixture.mjs). A real install, not a fake `vscode` module: the mode is VS Code's
// own decision, and the .vsix is what ships. Its exports are empty, no test-only command is registered or
// contributed, and the dashboard webview, built after its init message, has no test hook (the harness looks inside
// the webview, which no extension API can). test/vscode/activation.test.ts proves the other mode.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support/extension';
import { until } from '../support/wait';

describe('installed build (ExtensionMode.Production): nothing for tests', function () {
  this.timeout(120_000);

  it('is the installed copy, not the development folder', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    assert.ok(!ext.extensionPath.startsWith(path.resolve(__dirname, '..', '..', '..')), ext.extensionPath);
  });

  it('exports nothing from activate(): no Services, so no live sessions for another extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const exports: unknown = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(exports, undefined);
    assert.equal(ext.exports, undefined);
  });

  it('registers and contributes no test-only command, and still registers its own', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('redisCluster.openDashboard'), 'the extension registered no commands');
    assert.deepEqual(
      commands.filter((c) => c.startsWith('redisCluster._')),
      [],
    );
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    assert.ok(contributed.length > 20);
    assert.deepEqual(
      contributed.filter((c) => c.command.startsWith('redisCluster._')),
      [],
    );
  });

  it('opens the dashboard; its webview is built but has no bench hook', async () => {
    const exchange = process.env.VSCODE_TEST_EXCHANGE;
    assert.ok(exchange, 'VSCODE_TEST_EXCHANGE is not set (run through scripts/run-vscode-tests.mjs)');
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: 'installed-probe' });
    writeFileSync(path.join(exchange, 'dashboard-open'), '');
    const answerFile = path.join(exchange, 'webview.json');
    await until('the harness read the dashboard webview', 90_000, () => existsSync(answerFile));
    const answer = JSON.parse(readFileSync(answerFile, 'utf8')) as { built?: boolean; hook?: boolean; tabText?: string; error?: string };
    assert.equal(answer.error, undefined);
    assert.equal(answer.built, true, 'the dashboard app was not built (no init message?)');
    assert.equal(answer.tabText, 'Key distribution');
    assert.equal(answer.hook, false, 'window.redisDashboard exists in a production webview');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
