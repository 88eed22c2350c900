// A replica: address, short id, link status and replication lag (bytes behind, seconds since last ack).
import * as vscode from 'vscode';
import { replicaLag } from '../../core/monitoring/nodeStats';
import { type ClusterNode, address } from '../../core/topology/topology';
import { nodeHealth } from '../../core/topology/nodeHealth';
import { replicaDescription } from './describe';
import { replicaTooltip } from './tooltips';
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
    item.tooltip = new vscode.MarkdownString(replicaTooltip(n, this.master, health, self, lag).join('  \n'));
    return item;
  }
}
