// A status bar button that offers Diagnose while the active cluster is not ok (state not ok, failing nodes, or
// the connection failed). Hidden otherwise, so it only appears when there is something to look at.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import { failingNodes } from '../../core/topology/nodeHealth';

export class DoctorStatusItem implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('redisCluster.diagnose', vscode.StatusBarAlignment.Left, 49);
  private readonly subs: vscode.Disposable[];

  constructor(private readonly s: BaseServices) {
    this.item.name = l10n.t('Redis Cluster: Diagnose');
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subs = [s.connections.onDidChange(() => this.update())];
    this.update();
  }

  update(): void {
    const name = this.s.connections.active;
    const conn = name ? this.s.connections.get(name) : undefined;
    const topo = conn?.state === 'connected' ? conn.topology : undefined;
    const bad = !!conn && (conn.state === 'error' || (!!topo && (topo.info.state !== 'ok' || failingNodes(topo).length > 0)));
    if (!name || !bad) {
      this.item.hide();
      return;
    }
    this.item.text = `$(pulse) ${l10n.t('Diagnose')}`;
    this.item.tooltip = l10n.t('Redis Cluster "{0}" is not ok: run Diagnose to see why and what to do', this.s.connections.label(name));
    this.item.command = { title: l10n.t('Diagnose'), command: 'redisCluster.diagnose', arguments: [{ profile: name }] };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subs) d.dispose();
    this.item.dispose();
  }
}
