// The active cluster and its state in the status bar. Insecure TLS and failing nodes stay visible here.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { failingNodes } from '../core/topology/nodeHealth';
import { isInsecure } from '../core/profiles/profile';
import type { BaseServices } from '../services/base';
import { address } from '../core/common/format';

export const STATUS_BAR_COMMAND = 'redisCluster.statusBarClick';

export class ClusterStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('redisCluster.status', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly s: BaseServices) {
    this.item.name = l10n.t('Redis Cluster');
    this.item.command = STATUS_BAR_COMMAND;
    this.disposables.push(
      s.connections.onDidChange(() => this.update()),
      s.profiles.onDidChange(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const entries = this.s.profiles.list();
    const name = this.s.connections.active;
    if (entries.length === 0) {
      this.item.hide();
      return;
    }
    this.item.show();
    if (!name) {
      this.item.text = `$(database) ${l10n.t('Redis Cluster')}`;
      this.item.tooltip = l10n.t('Redis Cluster: no active cluster. Click to choose a profile.');
      this.item.backgroundColor = undefined;
      return;
    }
    const profile = entries.find((e) => e.id === name)?.profile;
    const label = this.s.profiles.label(name);
    const conn = this.s.connections.get(name);
    const insecure = !!profile && isInsecure(profile);
    let state = conn?.state === 'connected' && conn.topology ? conn.topology.info.state : (conn?.state ?? 'disconnected');
    const failing = conn?.topology && conn.state === 'connected' ? failingNodes(conn.topology) : [];
    if (failing.length) {
      state = failing.length === 1 ? l10n.t('{0}, 1 node failing', state) : l10n.t('{0}, {1} nodes failing', state, failing.length);
    }
    const bad = conn?.state === 'error' || (conn?.state === 'connected' && conn.topology?.info.state !== 'ok');
    const icon = bad ? '$(error)' : insecure || failing.length ? '$(warning)' : '$(database)';
    this.item.text = `${icon} ${label}: ${state}`;
    this.item.backgroundColor = bad
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : insecure
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    const lines = [`**${l10n.t('Redis Cluster "{0}"', label)}**: ${state}`];
    if (conn?.error) lines.push(conn.error.message);
    if (failing.length) lines.push(l10n.t('failing: {0}', failing.map((n) => `${address(n)} (${n.flags.join(',')})`).join(', ')));
    if (insecure) {
      lines.push(`$(warning) ${l10n.t('TLS certificate verification is OFF for this profile (tls.rejectUnauthorized: false).')}`);
    }
    lines.push(l10n.t('Click to open the dashboard or switch cluster.'));
    this.item.tooltip = new vscode.MarkdownString(lines.join('  \n'), true);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.item.dispose();
  }
}
