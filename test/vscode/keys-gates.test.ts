// Key documents' gates inside a real extension host, on the shared TLS cluster: the concurrent-change conflict
// on save (Reload / Overwrite, TTL kept), read-only and protected profiles, the size limit before opening, and
// Look Up Key's hash-tag hint for keys looked up in a row. Prompts are answered by stubs put on vscode.window
// (writable in the extension host) and always removed afterwards.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ownerClient } from '../../src/core/keys/keys';
import { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { stubWindow } from './support/notifications';
import { replaceWindow } from './support/window';
import { until } from '../support/wait';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';

async function replaceAll(editor: vscode.TextEditor, text: string): Promise<boolean> {
  const doc = editor.document;
  return editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
}

describe('key documents: gates (shared TLS cluster)', function () {
  this.timeout(180_000);
  const prefix = `t5g${randomBytes(3).toString('hex')}`;
  let s: Services;
  let name: string;
  let session: ClusterSession;
  let topo: Topology;
  const keys: Buffer[] = [];
  const made: string[] = [];
  const owner = async (k: Buffer) => (await ownerClient(session, topo, k)).client;
  const key = (suffix: string) => {
    const k = Buffer.from(`${prefix}:${suffix}`);
    keys.push(k);
    return k;
  };
  const open = (profile: string, k: Buffer) =>
    vscode.commands.executeCommand<vscode.TextEditor | undefined>('redisCluster.keys.open', { profile, key: k.toString() });

  /** A workspace profile copied from the shared one, with extra safety flags. */
  async function copyProfile(suffix: string, flags: { readOnly?: boolean; protected?: boolean }): Promise<string> {
    const base = s.profiles.get(name)?.profile;
    assert.ok(base, `no workspace profile "${name}"`);
    const copy = `${name}-${suffix}-${prefix}`;
    await s.profiles.save({ ...base, ...flags, name: copy }, 'workspace');
    made.push(copy);
    await until(`profile ${copy} in the settings`, 10_000, () => s.profiles.get(copy)?.profile);
    return copy;
  }

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    topo = await discoverTopology(session);
    s = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const k of keys) await (await owner(k)).del(k);
    for (const p of made) {
      await s.connections.disconnect(p);
      const entry = s.profiles.get(p);
      if (entry) await s.profiles.remove(entry);
    }
    await session.close();
  });

  it(
    'a concurrent change on save offers Overwrite / Reload: ' + 'Reload shows the server value, Overwrite writes ours, the TTL stays',
    async () => {
      const k = key('conflict');
      await (await owner(k)).set(k, 'original', 'PX', 300_000);
      const editor = await open(name, k);
      assert.ok(editor, 'no editor opened');
      const doc = editor.document;
      assert.equal(doc.getText(), 'original');

      // Round 1: someone else writes behind the open document; we answer Reload.
      await (await owner(k)).set(k, 'theirs', 'KEEPTTL');
      assert.ok(await replaceAll(editor, 'mine'));
      let ui = stubWindow({ modal: () => 'Reload' });
      try {
        await doc.save();
      } finally {
        ui.restore();
      }
      assert.equal(ui.asked.length, 1, `prompts: ${ui.asked.join(' || ')}`);
      assert.match(ui.asked[0], /^confirm: warning: Key .*conflict changed in Redis since you opened it\..*\| Overwrite, Reload$/);
      assert.equal(await (await owner(k)).get(k), 'theirs', 'Reload must not write our edit');
      await until('the document to show the server value after Reload', 20_000, () => doc.getText() === 'theirs' && !doc.isDirty);

      // Round 2: another change behind it; this time Overwrite.
      await (await owner(k)).set(k, 'theirs again', 'KEEPTTL');
      assert.ok(await replaceAll(editor, 'mine wins'));
      ui = stubWindow({ modal: () => 'Overwrite' });
      try {
        assert.equal(await doc.save(), true, 'save with Overwrite failed');
      } finally {
        ui.restore();
      }
      assert.equal(ui.asked.length, 1, `prompts: ${ui.asked.join(' || ')}`);
      assert.equal(await (await owner(k)).get(k), 'mine wins');
      const ttl = await (await owner(k)).pttl(k);
      assert.ok(ttl > 200_000, `TTL kept after Overwrite, got ${ttl} ms`);
    },
  );

  it('a read-only profile opens the value read-only and refuses a write with a clear message; Redis is unchanged', async () => {
    const ro = await copyProfile('ro', { readOnly: true });
    const k = key('readonly');
    await (await owner(k)).set(k, 'locked');
    const ui = stubWindow({ modal: () => 'Overwrite', inputBox: () => ro });
    let editor: vscode.TextEditor | undefined;
    try {
      editor = await open(ro, k);
      assert.ok(editor, 'no editor opened');
      assert.equal(editor.document.getText(), 'locked');
      const stat = await vscode.workspace.fs.stat(editor.document.uri);
      assert.equal(stat.permissions, vscode.FilePermission.Readonly, 'the document is not marked read-only');
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from('changed'))),
        (e: Error) => /read-only/.test(e.message) && e.message.includes(ro),
      );
    } finally {
      ui.restore();
    }
    assert.deepEqual(ui.asked, [], 'a read-only profile must not prompt');
    assert.equal(await (await owner(k)).get(k), 'locked');
  });

  it('a protected profile asks for the typed name before saving: a wrong name writes nothing, the right one writes', async () => {
    const prot = await copyProfile('prot', { protected: true });
    const k = key('protected');
    await (await owner(k)).set(k, 'guarded');
    const editor = await open(prot, k);
    assert.ok(editor, 'no editor opened');
    assert.ok(await replaceAll(editor, 'edited'));
    const typed = [`${prot}-wrong`, prot];
    const ui = stubWindow({ inputBox: () => typed.shift() });
    try {
      assert.equal(await editor.document.save(), false, 'saved although the wrong name was typed');
      assert.equal(await (await owner(k)).get(k), 'guarded', 'a wrong name must not write');
      assert.equal(await editor.document.save(), true, 'the right name did not save');
    } finally {
      ui.restore();
    }
    assert.equal(ui.asked.length, 2, ui.asked.join(' || '));
    for (const q of ui.asked) assert.match(q, /^inputBox: Save key .*protected[\s\S]*is protected: type its name to confirm/);
    assert.equal(await (await owner(k)).get(k), 'edited');
  });

  it('a value above redisCluster.maxValueBytes asks before opening; declining opens nothing', async () => {
    const k = key('big');
    const big = 'x'.repeat(4096);
    await (await owner(k)).set(k, big);
    const config = vscode.workspace.getConfiguration('redisCluster');
    const before = config.inspect<number>('maxValueBytes')?.workspaceValue;
    await config.update('maxValueBytes', 1024, vscode.ConfigurationTarget.Workspace);
    const isBig = (d: vscode.TextDocument) => d.uri.scheme === 'redis-cluster' && d.uri.path.includes(`${prefix}:big`);
    try {
      await until(
        'the setting to apply',
        10_000,
        () => vscode.workspace.getConfiguration('redisCluster').get<number>('maxValueBytes') === 1024,
      );
      let ui = stubWindow({ modal: () => undefined });
      try {
        assert.equal(await open(name, k), undefined, 'declined, yet an editor opened');
      } finally {
        ui.restore();
      }
      assert.equal(ui.asked.length, 1, ui.asked.join(' || '));
      assert.match(
        ui.asked[0],
        /^confirm: warning: Key .*big is large\. \| .*holds about 4\.0 KiB, above the 1\.0 KiB limit.*\| Open Anyway$/,
      );
      assert.ok(!vscode.workspace.textDocuments.some(isBig), 'declined, yet the value was loaded into a document');
      ui = stubWindow({ modal: () => 'Open Anyway' });
      let editor: vscode.TextEditor | undefined;
      try {
        editor = await open(name, k);
      } finally {
        ui.restore();
      }
      assert.ok(editor && isBig(editor.document), 'confirmed, yet no editor opened');
      assert.equal(editor.document.getText(), big);
    } finally {
      await config.update('maxValueBytes', before, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Look Up Key on keys in a row that land on different slots shows the hash-tag hint with the {tag} co-location', async () => {
    const hintProfile = await copyProfile('hint', {});
    const tag = `${prefix}:user:1`;
    const cart = `${tag}:cart`;
    const prof = `${tag}:profile`;
    assert.notEqual(keySlot(cart), keySlot(prof), 'precondition: the two keys must hash to different slots');
    const realCreate = vscode.window.createQuickPick;
    const picks: vscode.QuickPick<vscode.QuickPickItem>[] = [];
    const restore = replaceWindow({
      createQuickPick: () => {
        const qp = realCreate.call(vscode.window);
        picks.push(qp);
        return qp;
      },
    });
    try {
      await vscode.commands.executeCommand('redisCluster.lookUpKey', { profile: hintProfile, key: cart });
      await vscode.commands.executeCommand('redisCluster.lookUpKey', { profile: hintProfile, key: prof });
    } finally {
      restore();
      for (const qp of picks) qp.hide();
    }
    assert.equal(picks.length, 2, 'each lookup shows one panel');
    const hintRow = (qp: vscode.QuickPick<vscode.QuickPickItem>) => qp.items.find((i) => i.label.includes('$(lightbulb)'));
    assert.equal(hintRow(picks[0]), undefined, 'one key alone needs no hint');
    const hint = hintRow(picks[1]);
    assert.ok(hint, `no hint row after two scattered keys: ${picks[1].items.map((i) => i.label).join(' | ')}`);
    assert.match(hint.label, /Your last keys land on 2 slots/);
    const serverSlot = Number(await (await session.cluster()).call('CLUSTER', 'KEYSLOT', `{${tag}}`));
    assert.equal(hint.description, `with {${tag}} they would all share slot ${serverSlot}`);
    assert.equal(hint.detail, `{${tag}}:cart   {${tag}}:profile`);
    // The hint's claim holds on the server: both rewritten keys hash to that one slot.
    for (const k of [`{${tag}}:cart`, `{${tag}}:profile`])
      assert.equal(Number(await (await session.cluster()).call('CLUSTER', 'KEYSLOT', k)), serverSlot);
  });
});
