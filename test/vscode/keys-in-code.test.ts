// Keys in code inside a real extension host: a Java file gets CROSSSLOT and KEYS warnings, a hover with the
// key's slot and (connected to the shared TLS cluster) its owner and type, a slot CodeLens, and a quick fix
// that adds a common hash tag and so clears the warning.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ownerClient } from '../../src/core/keys/keys';
import { keySlot } from '../../src/core/topology/slots';
import { discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { until } from '../support/wait';
import { activateExtension } from './support/extension';

describe('keys in code (Java file, shared TLS cluster)', function () {
  this.timeout(120_000);
  const prefix = `kic${randomBytes(3).toString('hex')}`;
  const liveKey = `${prefix}:user:1000`;
  const source = [
    'import org.springframework.data.redis.core.RedisTemplate;',
    '',
    'class Sessions {',
    '  void load() {',
    `    String name = redisTemplate.opsForValue().get("${liveKey}");`,
    '    jedis.mset("session:1", "a", "session:2", "b");',
    '  }',
    '  void purge() {',
    '    redisTemplate.delete(redisTemplate.keys("session:*"));',
    '  }',
    '}',
    '',
  ].join('\n');
  let s: Services;
  let doc: vscode.TextDocument;
  const session = sharedSession();

  const ours = () =>
    vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('redis-cluster.'));

  before(async () => {
    s = await activateExtension();
    const topo = await discoverTopology(session);
    const { client } = await ownerClient(session, topo, Buffer.from(liveKey));
    await client.set(liveKey, 'Ada', 'PX', 300000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace has a folder');
    const file = join(folder.uri.fsPath, `Sessions${prefix}.java`);
    writeFileSync(file, source);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const topo = await discoverTopology(session);
    await (await ownerClient(session, topo, Buffer.from(liveKey))).client.del(liveKey);
    await session.close();
  });

  it('publishes a CROSSSLOT warning on mset and a KEYS warning on keys()', async () => {
    const diags = await until('two keys-in-code diagnostics', 30_000, () => (ours().length >= 2 ? ours() : undefined));
    const byCode = new Map(diags.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d]));
    const cross = byCode.get('redis-cluster.crossslot');
    assert.ok(cross, 'crossslot diagnostic');
    assert.equal(cross.range.start.line, 5);
    assert.equal(cross.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(cross.message, new RegExp(`slot ${keySlot('session:1')}.*slot ${keySlot('session:2')}`));
    const keys = byCode.get('redis-cluster.keys-command');
    assert.ok(keys && keys.range.start.line === 8, 'KEYS diagnostic on line 9');
    assert.match(keys.message, /SCAN/);
  });

  it('hovers a key with its slot and hash tag, and with owner, type and TTL once connected', async () => {
    const name = sharedProfileName();
    await s.connections.connect(name);
    s.connections.setActive(name);
    const pos = doc.positionAt(source.indexOf(liveKey) + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes(`**Redis key** \`${liveKey}\``), text);
    assert.ok(text.includes(`Slot **${keySlot(liveKey)}**`), text);
    assert.ok(text.includes('no hash tag'), text);
    assert.match(text, /Owner on \*\*[^*]+\*\*: `127\.0\.0\.1:\d+`/);
    assert.match(text, /Exists: yes · type `string` · TTL \d+ s/);
    assert.ok(text.includes('command:redisCluster.lookUpKey?') && text.includes('command:redisCluster.keys.open?'), text);
  });

  it('shows a CodeLens above load(), whose literal keys land in several slots', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const lens = lenses.find((l) => l.range.start.line === 3);
    assert.ok(lens?.command, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.match(lens.command.title, /keys in load land in 3 slots/);
  });

  it('the "add a common hash tag" quick fix rewrites the keys and clears the CROSSSLOT warning', async () => {
    const cross = ours().find((d) => d.range.start.line === 5);
    assert.ok(cross);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      cross.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Add the common hash tag'));
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.title, 'Add the common hash tag {session}');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(5).text, '    jedis.mset("{session}:1", "a", "{session}:2", "b");');
    await until('the CROSSSLOT warning to go', 10_000, () => !ours().some((d) => d.range.start.line === 5));
    assert.ok(
      ours().some((d) => d.range.start.line === 8),
      'the KEYS warning stays',
    );
  });
});
