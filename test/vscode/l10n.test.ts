// Localization is wired: the manifest's %key% strings resolve from package.nls.json, the extension declares its
// l10n folder and ships the bundle there, and in English VS Code loads no bundle, so the default texts (which
// the other suites match) are what users see.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionUnderTest } from './support/extension';

describe('localization', () => {
  it('resolves the manifest strings from package.nls.json', () => {
    const pkg = extensionUnderTest().packageJSON as {
      displayName: string;
      contributes: { commands: { command: string; title: string }[] };
    };
    assert.equal(pkg.displayName, 'Redis Cluster');
    const showLog = pkg.contributes.commands.find((c) => c.command === 'redisCluster.showLog');
    assert.equal(showLog?.title, 'Show Log');
    const unresolved = pkg.contributes.commands.filter((c) => /^%.*%$/.test(c.title));
    assert.deepEqual(unresolved, [], 'command titles left as %key%');
  });

  it('declares ./l10n and ships the bundle there; English loads no bundle', async () => {
    const ext = extensionUnderTest();
    assert.equal((ext.packageJSON as { l10n?: string }).l10n, './l10n');
    const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'l10n', 'bundle.l10n.json'));
    const bundle = JSON.parse(Buffer.from(raw).toString('utf8')) as Record<string, string>;
    assert.equal(bundle['Redis Cluster "{0}": check OK.'], 'Redis Cluster "{0}": check OK.');
    assert.equal(vscode.env.language, 'en');
    assert.equal(vscode.l10n.bundle, undefined, 'an English session should use the default strings');
    assert.equal(vscode.l10n.t('Redis Cluster: {0}', 'x'), 'Redis Cluster: x');
  });
});
