// What an installed user relies on, inside a real extension host on the shared TLS cluster: the context keys,
// Export Profile File and a logged `action:` line replayed with node exactly as printed, Export Topology in three
// formats, a key tab opened while the profile is disconnected (a restored tab), and Start a Local Dev Cluster
// running the bundled script on a private block of ports.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import type { ExportedTopology } from '../../src/core/topology/export';
import type { Services } from '../../src/services';
import { keyUri } from '../../src/views/keyDocuments';
import { basePort } from '../support/ports';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { until } from '../support/wait';
import { activateExtension } from './support/extension';
import { filesUnder } from '../support/files';

describe('publish: context keys, replayable log, exports, restored key tab, dev cluster (shared TLS cluster)', function () {
  this.timeout(180_000);
  let s: Services;
  let name: string;

  before(async () => {
    name = sharedProfileName();
    s = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const key = (k: string) => s.contextKeys?.values.get(k);

  it('context keys: hasProfiles, connected (on connect and disconnect), keyAtCursor (string literal or one-line selection)', async () => {
    assert.equal(key('redisCluster.hasProfiles'), true);
    assert.equal(key('redisCluster.ready'), true);
    for (const c of s.connections.all()) await s.connections.disconnect(c.name);
    await until('redisCluster.connected false', 10_000, () => key('redisCluster.connected') === false);
    await vscode.commands.executeCommand('redisCluster.connect', { profile: name });
    await until('redisCluster.connected true', 60_000, () => key('redisCluster.connected') === true);
    await vscode.commands.executeCommand('redisCluster.disconnect', { profile: name });
    await until('redisCluster.connected false again', 10_000, () => key('redisCluster.connected') === false);

    const content = 'client.get("user:{42}:cart")\nplain words here\n';
    const doc = await vscode.workspace.openTextDocument({ content, language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    const at = async (want: boolean, what: string, a: vscode.Position, b = a) => {
      editor.selection = new vscode.Selection(a, b);
      await until(`keyAtCursor ${want} for ${what}`, 5_000, () => key('redisCluster.keyAtCursor') === want);
    };
    await at(true, 'the cursor inside a string literal', new vscode.Position(0, 16));
    await at(false, 'the cursor on plain words', new vscode.Position(1, 3));
    await at(true, 'a one-line selection', new vscode.Position(1, 0), new vscode.Position(1, 5));
    await at(false, 'a multi-line selection', new vscode.Position(0, 2), new vscode.Position(1, 2));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Export Profile File writes the profile JSON the log lines name (absolute TLS paths, a password variable, no secret)', async () => {
    const file = await vscode.commands.executeCommand<string>('redisCluster.exportProfileFile', { profile: name, quiet: true });
    assert.ok(file && path.isAbsolute(file), String(file));
    assert.equal(file, s.replay.profilePath(name));
    const json = JSON.parse(readFileSync(file, 'utf8')) as ClusterProfile;
    assert.equal(json.name, name);
    assert.ok(json.passwordEnv, 'no passwordEnv in the exported file');
    const tls = json.tls;
    if (tls && tls.ca) assert.ok(path.isAbsolute(tls.ca) && existsSync(tls.ca), `tls.ca ${tls.ca}`);
    const password = process.env.REDIS_CLUSTER_PASSWORD;
    assert.ok(password && !readFileSync(file, 'utf8').includes(password), 'the password is in the exported file');
  });

  it('a logged action line (Check) runs as printed with node and reports the cluster healthy', async () => {
    const before = Date.now();
    const report = await vscode.commands.executeCommand<{ ok: boolean }>('redisCluster.check', { profile: name });
    assert.ok(report?.ok, 'check in the extension failed');
    const line = await until('the check action line in the log', 15_000, () => {
      const lines = filesUnder(s.context.logUri.fsPath).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
      return lines.filter((l) => / action: node .* check --profile /.test(l)).pop();
    });
    const command = line.slice(line.indexOf('action: ') + 'action: '.length);
    assert.ok(command.startsWith(`node ${s.replay.cliPath} check --profile ${s.replay.profilePath(name)}`), command);
    assert.ok(existsSync(s.replay.cliPath), `${s.replay.cliPath} is missing (the .vsix ships dist/cli.js)`);
    // Exactly as printed, through a shell; the password comes from the variable the exported profile names.
    const r = spawnSync('sh', ['-c', command], { encoding: 'utf8', env: process.env, timeout: 60_000 });
    assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /^OK: 3 masters, 3 replicas/);
    assert.ok(Date.now() - before < 60_000);
  });

  it('Export Topology: JSON, Markdown and Mermaid of the live cluster', async () => {
    const json = await vscode.commands.executeCommand<string>('redisCluster.exportTopology', { profile: name, format: 'json' });
    const t = JSON.parse(json ?? '') as ExportedTopology;
    assert.equal(t.shards.length, 3);
    assert.equal(
      t.shards.reduce((n, x) => n + x.slotCount, 0),
      16384,
    );
    assert.ok(t.shards.every((x) => x.master && x.replicas.length === 1));
    const md = await vscode.commands.executeCommand<string>('redisCluster.exportTopology', { profile: name, format: 'markdown' });
    assert.equal(md?.split('\n').filter((l) => /^\| \d+ \| (master|replica) \|/.test(l)).length, 6);
    const mm = await vscode.commands.executeCommand<string>('redisCluster.exportTopology', { profile: name, format: 'mermaid' });
    assert.match(mm ?? '', /^flowchart LR\n/);
    assert.equal((mm?.match(/ -- replicates --> /g) ?? []).length, 3);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a key tab opened while its profile is disconnected (a restored tab) connects and shows the value', async () => {
    const k = `publish:${randomBytes(4).toString('hex')}`;
    const session = sharedSession();
    try {
      await (await session.cluster()).set(k, 'restored value');
      for (const c of s.connections.all()) await s.connections.disconnect(c.name);
      const doc = await vscode.workspace.openTextDocument(keyUri({ profile: name, key: Buffer.from(k) }, 'plaintext'));
      assert.equal(doc.getText(), 'restored value');
      assert.equal(s.connections.get(name)?.state, 'connected');
      await (await session.cluster()).del(k);
    } finally {
      await session.close();
    }
  });

  it('Start a Local Dev Cluster runs the bundled script, adds a connected profile, says how to stop it, and reuses it', async function () {
    const script = path.join(s.context.extensionUri.fsPath, 'dist', 'cluster.js');
    const tools = spawnSync(process.execPath, [script, 'tools', '--json'], { encoding: 'utf8' });
    if (tools.status !== 0) this.skip();
    const port = basePort('vscodeDevCluster');
    const added = await vscode.commands.executeCommand<string>('redisCluster.startDevCluster', { basePort: port });
    const dir = path.join(os.tmpdir(), `redis-cluster-${port}`);
    try {
      const logText = () =>
        filesUnder(s.context.logUri.fsPath)
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
      assert.equal(added, `local-tls-${port}`, `the command failed; log tail: ${logText().split('\n').slice(-8).join(' | ')}`);
      assert.equal(s.connections.get(added)?.state, 'connected');
      assert.equal(s.connections.get(added)?.topology?.nodes.length, 6);
      const log = filesUnder(s.context.logUri.fsPath)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      assert.match(log, /Local dev cluster started in .*; profile "local-tls-\d+" added/);
      // A second click takes the running cluster as it is instead of failing on busy ports.
      assert.equal(await vscode.commands.executeCommand<string>('redisCluster.startDevCluster', { basePort: port }), added);
      assert.equal(s.connections.get(added)?.state, 'connected');
    } finally {
      const entry = s.profiles.get(`local-tls-${port}`);
      if (entry) {
        await s.connections.disconnect(entry.name);
        await s.profiles.remove(entry);
      }
      // Stopped even when the command failed half-way, so no node outlives the test.
      spawnSync(process.execPath, [script, 'stop', '--dir', dir]);
    }
  });
});
