// A replica: address, short id, link status and replication lag (bytes behind, seconds since last ack).
import { serverLabel } from '../../core/topology/server';
import * as vscode from 'vscode';
import { replicaLag } from '../../core/monitoring/nodeStats';
import { type ClusterNode, address } from '../../core/topology/topology';
import { HEALTH_TEXT, nodeHealth } from '../../core/topology/nodeHealth';
import { replicaDescription } from './describe';
import { WARNING_ICON, healthIcon } from './icons';
import { type TreeContext, TreeNode } from './node';

export class ReplicaNode extends TreeNode {
  readonly nodeId: string;

  constructor(
    parent: TreeNode,
    profile: string,
    readonly node: ClusterNode,
    readonly master: ClusterNode | undefined,
  ) {
    super(`${profile}/node/${node.id}`, parent, profile);
    this.nodeId = node.id;
  }

  item(ctx: TreeContext): vscode.TreeItem {
    const n = this.node;
    const self = ctx.monitor.stat(this.profile, address(n));
    const masterStats = this.master ? ctx.monitor.stat(this.profile, address(this.master)).stats : undefined;
    const health = nodeHealth(n);
    const item = new vscode.TreeItem(address(n), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = `node.replica${health !== 'ok' ? '.failing' : ''}`;
    item.description = replicaDescription(n, self, masterStats);
    const linkDown = self.stats?.replication?.linkStatus === 'down';
    item.iconPath = health !== 'ok' ? healthIcon(health, 'copy') : linkDown ? WARNING_ICON() : new vscode.ThemeIcon('copy');
    const lag = replicaLag(masterStats, self.stats, address(n));
    const repl = self.stats?.replication;
    item.tooltip = new vscode.MarkdownString(
      [
        `**replica** ${address(n)} of ${this.master ? address(this.master) : (n.masterId ?? 'unknown master')}`,
        `**id:** \`${n.id}\``,
        `**health:** ${HEALTH_TEXT[health]}`,
        self.stats?.error ? `**figures:** ${self.stats.error}` : '',
        repl
          ? `**link:** ${repl.linkStatus ?? '?'}` +
            `${repl.syncInProgress ? ' (full sync in progress)' : ''}` +
            `${repl.linkDownSinceSeconds ? `, down for ${repl.linkDownSinceSeconds} s` : ''}`
          : '',
        repl ? `**lag:** ${lag.bytes ?? '?'} bytes behind, last ack ${lag.seconds ?? '?'} s ago` : '',
        self.stats?.server ? `**server:** ${serverLabel(self.stats.server)}` : '',
        n.flags.length ? `**flags:** ${n.flags.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('  \n'),
    );
    return item;
  }
}
