// Keys inside a real extension host: the key browser lists scanned keys in folders, Look Up Key answers, and a
// value opened as a document is edited, saved and read back from Redis through a core session.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ownerClient } from '../../src/core/keys/keys';
import type { KeyLookup } from '../../src/core/keys/lookup';
import { ClusterSession } from '../../src/core/connection/session';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import type { FolderElement } from '../../src/views/keys/items';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';

describe('keys in the editor (shared TLS cluster)', function () {
  this.timeout(120_000);
  const prefix = `t5vs${randomBytes(3).toString('hex')}`;
  const hashKey = Buffer.from(`${prefix}:user:1`);
  const jsonKey = Buffer.from(`${prefix}:config`);
  let s: Services;
  let name: string;
  let session: ClusterSession;
  let topo: Topology;
  const owner = async (k: Buffer) => (await ownerClient(session, topo, k)).client;

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    topo = await discoverTopology(session);
    await (await owner(hashKey)).hset(hashKey, 'name', 'Ada', 'city', 'London');
    await (await owner(hashKey)).pexpire(hashKey, 300000);
    await (await owner(jsonKey)).set(jsonKey, '{"debug":false}');
    s = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of [hashKey, jsonKey]) await (await owner(k)).del(k);
    await session.close();
  });

  it('the key browser scans all masters and groups keys into folders by ":"', async () => {
    const { browser } = s.keys;
    await browser.reload(name, { match: `${prefix}:*` });
    const st = browser.state(name);
    assert.ok(st && !st.error, st?.error);
    assert.equal(st.loaded, 2);
    const root = browser.getChildren().find((e) => e.profile === s.profiles.idOf(name));
    assert.ok(root);
    const top = browser.getChildren(root);
    const folder = top.find((e) => e.kind === 'folder') as FolderElement | undefined;
    assert.ok(folder, `children: ${top.map((e) => e.id).join(', ')}`);
    assert.equal(folder.folder.label, prefix);
    assert.equal(folder.folder.count, 2);
    assert.match(String(browser.getTreeItem(folder).description), /^2/);
  });

  it('Look Up Key returns the slot and the owner', async () => {
    const found = await vscode.commands.executeCommand<KeyLookup>('redisCluster.lookUpKey', { profile: name, key: hashKey.toString() });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(found);
    assert.equal(found.exists, true);
    assert.equal(found.type, 'hash');
    assert.equal(found.owner?.address, (await ownerClient(session, topo, hashKey)).address);
  });

  it('opens a hash as a JSON document, saves an edit atomically and keeps the TTL', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('redisCluster.keys.open', {
      profile: name,
      keyBase64: hashKey.toString('base64'),
    });
    assert.ok(editor, 'no editor opened');
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'redis-cluster');
    assert.equal(doc.languageId, 'json');
    assert.deepEqual(JSON.parse(doc.getText()), { city: 'London', name: 'Ada' });
    await editor.edit((e) =>
      e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{\n  "name": "Grace",\n  "lang": "COBOL"\n}\n'),
    );
    assert.equal(await doc.save(), true, 'save failed');
    assert.deepEqual(await (await owner(hashKey)).hgetall(hashKey), { name: 'Grace', lang: 'COBOL' });
    const ttl = await (await owner(hashKey)).pttl(hashKey);
    assert.ok(ttl > 250000, `TTL kept, got ${ttl}`);
  });

  it('opens a JSON string with the JSON language and saves it back', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('redisCluster.keys.open', {
      profile: name,
      key: jsonKey.toString(),
    });
    assert.ok(editor);
    assert.equal(editor.document.languageId, 'json');
    assert.equal(editor.document.getText(), '{"debug":false}');
    await editor.edit((e) =>
      e.replace(
        new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length)),
        '{"debug":true}',
      ),
    );
    assert.equal(await editor.document.save(), true);
    assert.equal(await (await owner(jsonKey)).get(jsonKey), '{"debug":true}');
  });
});
