// Security inside a real extension host, on the SHARED TLS cluster (issue 8, "Security"):
// - a password set through Set Password (SecretStorage) and a wrong one never reach the settings files, the
//   "Redis Cluster" log files, any notification, the tree, or anything posted to the dashboard webview;
// - destructive commands confirm, protected profiles demand the typed name, readOnly profiles refuse.
// Prompts are answered by stubs put on `vscode.window` (writable in the extension host) and removed afterwards.
// The insecure-TLS warning in the tree and status bar is covered by explorer.test.ts ("marks a profile without
// certificate verification as insecure…"); workspace trust by restricted.untrusted.test.ts and secrets.test.ts.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ClusterSession } from '../../src/core/connection/session';
import type { Services } from '../../src/services';
import type { RenderReport } from '../../src/shared/protocol';
import { stubWindow } from './support/notifications';
import { replaceWindow } from './support/window';
import { until } from '../support/wait';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';
import { filesUnder } from '../support/files';

describe('security (shared TLS cluster)', function () {
  this.timeout(180_000);
  const tag = randomBytes(3).toString('hex');
  let s: Services;
  let name: string;
  let password: string;
  let session: ClusterSession;
  const made: string[] = [];

  /** A workspace profile copied from the shared one (absolute TLS paths, passwordEnv unless dropped). */
  async function copyProfile(
    suffix: string,
    extra: { readOnly?: boolean; protected?: boolean; dropPasswordEnv?: boolean },
  ): Promise<string> {
    const base = s.profiles.get(name)?.profile;
    assert.ok(base, `no workspace profile "${name}"`);
    const { passwordEnv, ...rest } = base;
    const copy = `${name}-${suffix}-${tag}`;
    const { dropPasswordEnv, ...flags } = extra;
    await s.profiles.save({ ...rest, ...(dropPasswordEnv ? {} : { passwordEnv }), ...flags, name: copy }, 'workspace');
    made.push(copy);
    await until(`profile ${copy} in the settings`, 5000, () => s.profiles.get(copy)?.profile);
    return copy;
  }

  before(async () => {
    name = sharedProfileName();
    password = process.env.REDIS_CLUSTER_PASSWORD ?? '';
    assert.ok(password.length >= 8, 'the test cluster password is too short to grep for');
    session = sharedSession(password);
    s = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of made) {
      await s.connections.disconnect(p);
      const entry = s.profiles.get(p);
      if (entry) await s.profiles.remove(entry);
    }
    await session?.close();
  });

  it(
    'a password from Set Password, and a wrong one, ' + 'appear in no settings file, log file, notification, tree item or webview message',
    async () => {
      const wrong = `wrong-${randomBytes(8).toString('hex')}`;
      const good = await copyProfile('secret', { dropPasswordEnv: true });
      const bad = await copyProfile('wrongpw', { dropPasswordEnv: true });
      const key = `sec:${tag}:probe`;
      await (await session.cluster()).set(key, 'v', 'EX', 300);

      // Everything the host posts to any dashboard webview, and each panel's HTML.
      const posted: string[] = [];
      const panels: vscode.WebviewPanel[] = [];
      const realCreate = vscode.window.createWebviewPanel;
      const restorePanels = replaceWindow({
        createWebviewPanel: (...args: Parameters<typeof vscode.window.createWebviewPanel>) => {
          const panel = realCreate.apply(vscode.window, args);
          const webview = panel.webview as unknown as { postMessage(m: unknown): Thenable<boolean> };
          const realPost = webview.postMessage.bind(panel.webview);
          webview.postMessage = (m: unknown) => {
            posted.push(JSON.stringify(m));
            return realPost(m);
          };
          panels.push(panel);
          return panel;
        },
      });
      const ui = stubWindow({
        inputBox: (o) => (/Password for Redis Cluster/.test(o.title ?? '') ? (o.title?.includes(bad) ? wrong : password) : undefined),
        modal: () => 'Continue',
      });
      try {
        await vscode.commands.executeCommand('redisCluster.setPassword', { profile: good });
        await vscode.commands.executeCommand('redisCluster.setPassword', { profile: bad });
        assert.equal(ui.asked.filter((q) => q.startsWith('inputBox: Password for')).length, 2, ui.asked.join(' | '));

        // Working profile: connect, look a key up, check, open the dashboard.
        assert.equal(
          await vscode.commands.executeCommand('redisCluster.connect', { profile: good }),
          'connected',
          s.connections.get(good)?.error?.message,
        );
        await vscode.commands.executeCommand('redisCluster.lookUpKey', { profile: good, key });
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await vscode.commands.executeCommand('redisCluster.check', { profile: good });
        await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: good });
        const report = await vscode.commands.executeCommand<RenderReport | undefined>(
          'redisCluster._dashboardRendered',
          { profile: good, minNodeRows: 1 },
          60_000,
        );
        assert.ok(report && report.heatmapCells === 16384, `dashboard did not render: ${JSON.stringify(report)}`);

        // Wrong password: connect, a key command, the dashboard. Each fails and says so.
        assert.equal(await vscode.commands.executeCommand('redisCluster.connect', { profile: bad }), 'error');
        assert.match(s.connections.get(bad)?.error?.message ?? '', /password|WRONGPASS|auth/i);
        await vscode.commands.executeCommand('redisCluster.lookUpKey', { profile: bad, key });
        await vscode.commands.executeCommand('redisCluster.keys.delete', { profile: bad, key });
        await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: bad });
        await until('the wrong-password notification', 10_000, () => ui.shown.some((t) => t.startsWith('error:') && t.includes(bad)));
        await until('the dashboard error for the wrong password', 30_000, () =>
          posted.some((m) => m.includes('"error"') && /password|WRONGPASS|auth/i.test(m)),
        );
      } finally {
        ui.restore();
        restorePanels();
      }
      assert.equal(await (await session.cluster()).exists(key), 1, 'the failed delete must not have deleted the key');
      await (await session.cluster()).del(key);
      assert.ok(panels.length >= 2, `dashboards opened: ${panels.length}`);
      assert.ok(posted.length >= 5, `messages posted to the webviews: ${posted.length}`);

      const leaks: string[] = [];
      const scan = (where: string, text: string) => {
        for (const [label, secret] of [
          ['password', password],
          ['wrong password', wrong],
        ] as const)
          if (text.includes(secret)) leaks.push(`${label} in ${where}`);
      };

      // (a) settings: the workspace file holds both profiles (so this is the file written), the user file exists.
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(folder, 'no workspace folder');
      const wsFile = path.join(folder, '.vscode', 'settings.json');
      const wsText = readFileSync(wsFile, 'utf8');
      assert.ok(wsText.includes(good) && wsText.includes(bad), `${wsFile} does not hold the test profiles`);
      // globalStorageUri is <user-data>/User/globalStorage/<extension id>.
      const userFile = path.join(s.context.globalStorageUri.fsPath, '..', '..', 'settings.json');
      assert.ok(existsSync(userFile), `user settings not found at ${userFile}`);
      scan(wsFile, wsText);
      scan(userFile, readFileSync(userFile, 'utf8'));

      // (b) the log channel's file (under context.logUri) and every other log file of this session.
      const marker = `profile "${good}": password stored in SecretStorage`;
      const logFiles = await until(`"${marker}" in a log file under ${s.context.logUri.fsPath}`, 15_000, () => {
        const files = filesUnder(s.context.logUri.fsPath);
        return files.some((f) => readFileSync(f, 'utf8').includes(marker)) ? files : undefined;
      });
      const channelText = logFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
      assert.ok(
        channelText.split('\n').some((l) => l.includes(`"${bad}": `) && /password|WRONGPASS|auth/i.test(l)),
        'the wrong-password failure is not in the log',
      );
      // The whole logs folder of this run: the extension host, the server, the other channels.
      const sessionLogs = path.resolve(s.context.logUri.fsPath, '..', '..', '..');
      const allLogs = filesUnder(sessionLogs).filter((f) => statSync(f).size < 20_000_000);
      assert.ok(allLogs.length >= logFiles.length, `log files under ${sessionLogs}`);
      for (const f of allLogs) scan(f, readFileSync(f, 'utf8'));

      // (c) every notification shown, including the failures.
      assert.ok(
        ui.shown.some((t) => t.startsWith('error:') && t.includes('Redis Cluster')),
        `no error notification captured: ${ui.shown.join(' || ')}`,
      );
      for (const t of ui.shown) scan(`notification "${t}"`, t);
      scan(
        'the connection error',
        JSON.stringify({ message: s.connections.get(bad)?.error?.message, hint: s.connections.get(bad)?.error?.hint }),
      );

      // The tree items of both profiles (labels, descriptions, tooltips, command arguments).
      const tree = s.explorer?.tree;
      assert.ok(tree);
      for (const p of [good, bad]) {
        const node = tree.profileNode(p);
        assert.ok(node, `no tree node for ${p}`);
        const items = [node, ...tree.getChildren(node)].map((n) => tree.getTreeItem(n));
        scan(`the tree under ${p}`, JSON.stringify(items));
      }

      // (d) the dashboards: their HTML and every message posted (the webview's setState holds only what it got).
      for (const p of panels) scan(`the HTML of "${p.title}"`, p.webview.html);
      posted.forEach((m, i) => scan(`webview message #${i} (${m.slice(0, 60)}…)`, m));

      assert.deepEqual(leaks, [], `secrets leaked:\n${leaks.join('\n')}`);
    },
  );

  describe('destructive commands: Delete Key through confirmAction', () => {
    let c: Awaited<ReturnType<ClusterSession['cluster']>>;
    const fresh = async (what: string) => {
      const k = `sec:${tag}:${what}`;
      await c.set(k, 'v', 'EX', 300);
      return k;
    };
    const del = (profile: string, key: string) => vscode.commands.executeCommand<boolean>('redisCluster.keys.delete', { profile, key });

    before(async () => {
      c = await session.cluster();
    });

    it('an ordinary profile always asks; declining deletes nothing, confirming deletes', async () => {
      const key = await fresh('plain');
      let ui = stubWindow({ modal: () => undefined });
      try {
        assert.equal(await del(name, key), false);
      } finally {
        ui.restore();
      }
      assert.equal(ui.asked.length, 1, ui.asked.join(' | '));
      assert.match(ui.asked[0], /^confirm: warning: Delete key .*\| Deletes .* This cannot be undone\./);
      assert.equal(await c.exists(key), 1, 'declined, yet the key is gone');
      ui = stubWindow({ modal: () => 'Continue' });
      try {
        assert.equal(await del(name, key), true);
      } finally {
        ui.restore();
      }
      assert.equal(ui.asked.length, 1, ui.asked.join(' | '));
      assert.equal(await c.exists(key), 0, 'confirmed, yet the key is still there');
    });

    it('a protected profile demands its typed name: a wrong or empty name refuses, the exact name proceeds', async () => {
      const prot = await copyProfile('protected', { protected: true });
      const key = await fresh('protected');
      const typed: string[] = [];
      let validation: string | undefined;
      const ui = stubWindow({
        inputBox: (o) => {
          const answer = typed.shift();
          if (answer) validation ??= String(o.validateInput?.(`${prot}x`) ?? '');
          return answer;
        },
        modal: () => 'Continue',
      });
      try {
        typed.push(`${prot}x`);
        assert.equal(await del(prot, key), false, 'a wrong name was accepted');
        typed.push('');
        assert.equal(await del(prot, key), false, 'an empty name was accepted');
        assert.equal(await c.exists(key), 1, 'refused, yet the key is gone');
        typed.push(prot);
        assert.equal(await del(prot, key), true, 'the exact name was refused');
      } finally {
        ui.restore();
      }
      assert.equal(await c.exists(key), 0, 'confirmed by name, yet the key is still there');
      assert.equal(ui.asked.length, 3, ui.asked.join(' | '));
      for (const q of ui.asked) assert.match(q, /^inputBox: Delete key [\s\S]*is protected: type its name to confirm/);
      assert.match(validation ?? '', /Type ".*" exactly/, 'the input box itself refuses a wrong name');
    });

    it('a readOnly profile refuses with a clear message and asks nothing', async () => {
      const ro = await copyProfile('readonly', { readOnly: true });
      const key = await fresh('readonly');
      const ui = stubWindow({ inputBox: () => ro, modal: () => 'Continue' });
      try {
        assert.equal(await del(ro, key), false);
      } finally {
        ui.restore();
      }
      assert.deepEqual(ui.asked, [], 'a read-only profile must not prompt');
      assert.ok(
        ui.shown.some((t) => t.startsWith('error:') && t.includes(`Profile "${ro}" is read-only`) && /Remove "readOnly"/.test(t)),
        ui.shown.join(' || '),
      );
      assert.equal(await c.exists(key), 1, 'read-only, yet the key is gone');
      await c.del(key);
    });
  });
});
