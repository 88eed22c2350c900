// A master: address, short id, compacted slot ranges, key count, used memory, flags; its replicas below.
import * as vscode from 'vscode';
import { type ClusterNode, address } from '../../core/topology/topology';
import { nodeHealth } from '../../core/topology/nodeHealth';
import { masterDescription } from './describe';
import { masterTooltip } from './tooltips';
import { WARNING_ICON, healthIcon } from './icons';
import { type TreeContext, TreeNode } from './node';
import { ReplicaNode } from './replicaNode';

export class MasterNode extends TreeNode {
  readonly nodeId: string;

  constructor(
    parent: TreeNode,
    profile: string,
    readonly node: ClusterNode,
    readonly replicas: ClusterNode[],
  ) {
    super(`${profile}/node/${node.id}`, parent, profile);
    this.nodeId = node.id;
  }

  item(ctx: TreeContext): vscode.TreeItem {
    const n = this.node;
    const stat = ctx.monitor.stat(this.profile, address(n));
    const health = nodeHealth(n);
    const item = new vscode.TreeItem(
      address(n),
      this.replicas.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.contextValue = `node.master${health !== 'ok' ? '.failing' : ''}`;
    item.description = masterDescription(n, stat, this.replicas.length);
    const lonely = this.replicas.length === 0 && n.slots.length > 0;
    item.iconPath = health !== 'ok' ? healthIcon(health, 'server') : lonely ? WARNING_ICON() : new vscode.ThemeIcon('server');
    item.tooltip = new vscode.MarkdownString(masterTooltip(n, health, stat, lonely).join('  \n'), true);
    return item;
  }

  override children(ctx: TreeContext): TreeNode[] {
    return this.replicas.map((r) => ctx.reuse(new ReplicaNode(this, this.profile, r, this.node)));
  }
}
