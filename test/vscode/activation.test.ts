import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'redis-cluster-tools.redis-cluster';

describe('activation', () => {
  it('is installed from the development path', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded; extensionDevelopmentPath wrong?`);
    assert.equal(ext.packageJSON.name, 'redis-cluster');
  });

  it('activates and registers its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // activate() rejects when the extension's activate() throws, so a broken activation fails here.
    await ext.activate();
    assert.equal(ext.isActive, true, 'extension did not become active');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('redisCluster.showLog'), 'redisCluster.showLog is not registered');
    await vscode.commands.executeCommand('redisCluster.showLog');
  });
});
