// Add Profile's real multi-step wizard (one QuickInput with Back, driven through the workbench's accept and back
// commands) and Remove Profile inside a real extension host, with the other prompts answered by stubs on
// vscode.window (showQuickPick, showOpenDialog, modal messages); and the status bar
// item's click. The profile entered is the shared TLS cluster's, under a unique name.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import type { Services } from '../../src/services';
import type { RenderReport } from '../../src/shared/protocol';
import { until } from '../support/wait';
import { sharedProfilePath } from './support/sharedCluster';
import { activateExtension } from './support/extension';
import { driveQuickInputs } from './support/quickInput';

interface Answers {
  /** By the prompt's title step ("(2/7)") or title. */
  inputBox?(o: vscode.InputBoxOptions): string | undefined;
  quickPick?(items: vscode.QuickPickItem[], o: vscode.QuickPickOptions): vscode.QuickPickItem | undefined;
  openDialog?(o: vscode.OpenDialogOptions): vscode.Uri[] | undefined;
  modal?(message: string): string | undefined;
}

interface Ui {
  asked: string[];
  restore(): void;
}

function stubWindow(a: Answers): Ui {
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = [
    'showInputBox',
    'showQuickPick',
    'showOpenDialog',
    'showWarningMessage',
    'showErrorMessage',
    'showInformationMessage',
  ] as const;
  const saved = Object.fromEntries(names.map((n) => [n, w[n]]));
  // The wizard is one multi-step QuickInput: driven through the workbench's accept/back commands.
  const driven = driveQuickInputs((q) => {
    if (q.kind === 'inputBox') {
      ui.asked.push(`inputBox: ${q.title} | ${q.prompt}${q.password ? ' | password' : ''}${q.value ? ` | value=${q.value}` : ''}`);
      const v = a.inputBox?.({ title: q.title, prompt: q.prompt, password: q.password, value: q.value });
      return v === 'BACK' ? 'back' : v === undefined ? undefined : { value: v };
    }
    ui.asked.push(`quickPick: ${q.title} | ${q.items.join(', ')}`);
    const item = a.quickPick?.(
      q.items.map((label) => ({ label })),
      { title: q.title },
    );
    return item?.label === 'BACK' ? 'back' : item ? { pick: item.label } : undefined;
  });
  const ui: Ui = {
    asked: [],
    restore: () => {
      driven.restore();
      Object.assign(w, saved);
    },
  };
  w.showInputBox = (o: vscode.InputBoxOptions = {}) => {
    const answer = a.inputBox?.(o);
    // The real box would refuse an answer its own validation rejects.
    const invalid = answer !== undefined ? o.validateInput?.(answer) : undefined;
    ui.asked.push(`inputBox: ${o.title} | ${o.prompt}${o.password ? ' | password' : ''}${invalid ? ` | INVALID: ${String(invalid)}` : ''}`);
    return Promise.resolve(invalid ? undefined : answer);
  };
  w.showQuickPick = async (items: vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>, o: vscode.QuickPickOptions = {}) => {
    const list = await items;
    ui.asked.push(`quickPick: ${o.title} | ${list.map((i) => i.label).join(', ')}`);
    return a.quickPick?.(list, o);
  };
  w.showOpenDialog = (o: vscode.OpenDialogOptions = {}) => {
    ui.asked.push(`openDialog: ${o.title}`);
    return Promise.resolve(a.openDialog?.(o));
  };
  const notify =
    (kind: string) =>
    (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
      ui.asked.push(`${options?.modal ? 'modal ' : ''}${kind}: ${message} | ${rest.filter((r) => typeof r === 'string').join(', ')}`);
      return Promise.resolve(options?.modal ? a.modal?.(message) : undefined);
    };
  w.showWarningMessage = notify('warning');
  w.showErrorMessage = notify('error');
  w.showInformationMessage = notify('info');
  return ui;
}

const workspaceProfiles = () =>
  vscode.workspace.getConfiguration('redisCluster').inspect<ClusterProfile[]>('profiles')?.workspaceValue ?? [];

describe('profiles: Add Profile wizard, Remove Profile, status bar click (shared TLS cluster)', function () {
  this.timeout(180_000);
  const tag = randomBytes(3).toString('hex');
  let s: Services;
  let shared: ClusterProfile;
  let caFile: string;
  let password: string;

  before(async () => {
    const profilePath = sharedProfilePath();
    shared = JSON.parse(readFileSync(profilePath, 'utf8')) as ClusterProfile;
    caFile = path.join(path.dirname(profilePath), 'certs', 'ca.crt');
    password = process.env.REDIS_CLUSTER_PASSWORD ?? '';
    assert.ok(password.length >= 8, 'the test cluster password is missing or too short to grep for');
    s = await activateExtension();
  });

  describe('Add Profile wizard and Remove Profile', () => {
    const name = `wizard-${tag}`;

    after(async () => {
      const entry = s.profiles.get(name);
      if (entry) {
        await s.connections.disconnect(name);
        await s.profiles.remove(entry);
      }
    });

    /** Answers every wizard step for the shared cluster: seeds, TLS with its CA, SecretStorage password, workspace. */
    const wizard = (pw: string): Answers => ({
      inputBox: (o) => {
        const t = o.title ?? '';
        if (t.includes('CA certificate')) return caFile;
        if (t.includes('(1/7)')) return name;
        if (t.includes('(2/7)')) return shared.nodes.join(', ');
        if (t.includes('(4/7)')) return 'localhost';
        if (t.includes('(5/7)')) return '';
        if (t.includes('(6/7)') && o.password) return pw;
        return undefined;
      },
      quickPick: (items, o) => {
        const t = o.title ?? '';
        const want = t.includes('(3/7)')
          ? 'TLS with a CA file'
          : t.includes('(6/7)')
            ? 'Store a password in SecretStorage'
            : t.includes('(7/7)')
              ? 'Workspace settings'
              : undefined;
        return items.find((i) => i.label === want);
      },
      openDialog: (o) => (/CA certificate/.test(o.title ?? '') ? [vscode.Uri.file(caFile)] : undefined),
      modal: () => undefined,
    });

    it('refuses to save when the connection test fails (wrong password) and saves nothing', async () => {
      const wrong = `wrong-${randomBytes(8).toString('hex')}`;
      const ui = stubWindow(wizard(wrong));
      let result: unknown;
      try {
        result = await vscode.commands.executeCommand('redisCluster.addProfile');
      } finally {
        ui.restore();
      }
      assert.equal(result, undefined);
      const failed = ui.asked.find((q) => q.startsWith('modal error: Connection test failed'));
      assert.ok(failed, `no connection-test failure asked: ${ui.asked.join(' || ')}`);
      assert.match(failed, /password|WRONGPASS|auth/i);
      assert.ok(!failed.includes(wrong), 'the wrong password appears in the error');
      assert.ok(!workspaceProfiles().some((p) => p.name === name), 'saved although the test failed and "Save Anyway" was not chosen');
      assert.equal(await s.profiles.password({ name, nodes: shared.nodes }), undefined, 'a password was stored for an unsaved profile');
    });

    it('Back re-shows the previous step with its answer; Escape on a later step cancels and saves nothing', async () => {
      let backs = 0;
      const ui = stubWindow({
        inputBox: (o) => {
          const t = o.title ?? '';
          if (t.includes('(1/7)')) return name;
          if (t.includes('(2/7)')) return shared.nodes.join(', ');
          return undefined; // Escape at the user step
        },
        quickPick: (items, o) => {
          if (!(o.title ?? '').includes('(3/7)')) return undefined;
          if (backs++ === 0) return { label: 'BACK' };
          return items.find((i) => i.label === 'No TLS');
        },
      });
      let result: unknown;
      try {
        result = await vscode.commands.executeCommand('redisCluster.addProfile');
      } finally {
        ui.restore();
      }
      assert.equal(result, undefined);
      // "kind: (step/total)" plus the prefilled value when there is one.
      const steps = ui.asked
        .filter((q) => /^(inputBox|quickPick):/.test(q))
        .map((q) =>
          q
            .replace(/Add Redis Cluster Profile /, '')
            .split(' | ')
            .filter((x, i) => i === 0 || x.startsWith('value=')),
        )
        .map((parts) => parts.join(' | '));
      assert.deepEqual(
        steps,
        [
          'inputBox: (1/7)',
          'inputBox: (2/7)',
          'quickPick: (3/7)',
          `inputBox: (2/7) | value=${shared.nodes.join(', ')}`,
          'quickPick: (3/7)',
          'inputBox: (5/7)',
        ],
        ui.asked.join(' || '),
      );
      assert.ok(!workspaceProfiles().some((p) => p.name === name), 'saved after Escape');
    });

    it(
      'walks every step, tests the connection, ' +
        'saves to workspace settings without the password (SecretStorage), then Remove deletes both',
      async () => {
        const ui = stubWindow(wizard(password));
        let result: unknown;
        try {
          result = await vscode.commands.executeCommand('redisCluster.addProfile');
        } finally {
          ui.restore();
        }
        const steps = ui.asked.map((q) => q.split(' | ')[0]);
        assert.equal(result, name, `wizard did not finish; asked: ${ui.asked.join(' || ')}`);
        assert.deepEqual(
          steps.map((q) => q.replace(/Add Redis Cluster Profile(: CA certificate)? /, '')),
          [
            'inputBox: (1/7)',
            'inputBox: (2/7)',
            'quickPick: (3/7)',
            'inputBox: (4/7)',
            'inputBox: (4/7)',
            'inputBox: (5/7)',
            'quickPick: (6/7)',
            'inputBox: (6/7)',
            'quickPick: (7/7)',
          ],
          ui.asked.join(' || '),
        );
        assert.ok(!ui.asked.some((q) => q.includes('INVALID')), ui.asked.join(' || '));
        assert.ok(!ui.asked.some((q) => q.includes('Connection test failed')), ui.asked.join(' || '));

        const saved = await until(`"${name}" in the workspace settings`, 10_000, () => workspaceProfiles().find((p) => p.name === name));
        assert.deepEqual(saved, { name, nodes: shared.nodes, tls: { ca: caFile, servername: 'localhost' } });
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        assert.ok(folder);
        const file = readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8');
        assert.ok(file.includes(name), 'the settings file does not hold the new profile');
        assert.ok(!file.includes(password), 'the password was written to the settings file');
        assert.equal(await s.profiles.password(saved), password, 'the password is not in SecretStorage');
        // Saved profiles connect (through the stored secret, since the profile names no passwordEnv).
        await until(
          `"${name}" connected`,
          60_000,
          () => s.connections.get(name)?.state === 'connected' && s.connections.active === s.profiles.idOf(name),
        );

        const removeUi = stubWindow({ modal: (m) => (m.includes(name) ? 'Remove' : undefined) });
        try {
          assert.equal(await vscode.commands.executeCommand('redisCluster.removeProfile', { profile: name }), true);
        } finally {
          removeUi.restore();
        }
        assert.match(removeUi.asked.join(' || '), /modal warning: Remove the Redis Cluster profile "wizard-.*"\? \| Remove/);
        await until(`"${name}" gone from the workspace settings`, 10_000, () => !workspaceProfiles().some((p) => p.name === name));
        assert.equal(s.profiles.get(name), undefined);
        assert.equal(await s.profiles.password(saved), undefined, 'the stored password survived Remove Profile');
        assert.equal(s.connections.get(name), undefined, 'still connected to a removed profile');
      },
    );
  });

  describe('status bar item click', () => {
    const barCommand = () => {
      const c = s.explorer?.statusBar.item.command;
      assert.ok(c, 'the status bar item has no command');
      return typeof c === 'string' ? { command: c, args: [] } : { command: c.command, args: c.arguments ?? [] };
    };
    const rendered = (profile: string) =>
      vscode.commands.executeCommand<RenderReport | undefined>('redisCluster._dashboardRendered', { profile, minNodeRows: 1 }, 60_000);

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('with an active cluster, opens its dashboard', async () => {
      assert.equal(await vscode.commands.executeCommand('redisCluster.connect', { profile: shared.name }), 'connected');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(s.connections.active, s.profiles.idOf(shared.name), 'the active cluster is kept by profile id');
      assert.equal(
        await vscode.commands.executeCommand('redisCluster._dashboardRendered', { profile: shared.name }, 500),
        undefined,
        'precondition: no dashboard open',
      );
      const { command, args } = barCommand();
      await vscode.commands.executeCommand(command, ...args);
      const report = await rendered(shared.name);
      assert.ok(report && report.heatmapCells === 16384, `the dashboard did not render: ${JSON.stringify(report)}`);
      assert.match(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', new RegExp(`Redis Cluster: ${shared.name}`));
    });

    it('without an active cluster, offers a QuickPick of profiles and makes the picked one active', async () => {
      const previous = s.connections.active;
      s.connections.setActive(undefined);
      const ui = stubWindow({ quickPick: (items) => items.find((i) => i.label === shared.name) });
      let activeAfter: string | undefined;
      try {
        const { command, args } = barCommand();
        await vscode.commands.executeCommand(command, ...args);
        activeAfter = s.connections.active;
      } finally {
        ui.restore();
        if (s.connections.active === undefined && previous) s.connections.setActive(previous);
      }
      const pick = ui.asked.find((q) => q.startsWith('quickPick: Redis Cluster: switch the active cluster'));
      assert.ok(pick, `no profile QuickPick: ${ui.asked.join(' || ')}`);
      assert.ok(pick.includes(shared.name), pick);
      assert.equal(activeAfter, s.profiles.idOf(shared.name), 'the picked profile did not become the active one');
      assert.equal(s.connections.get(shared.name)?.state, 'connected');
      await until('the status bar to name the active cluster', 10_000, () =>
        s.explorer?.statusBar.item.text.includes(`${shared.name}: ok`),
      );
    });
  });
});
