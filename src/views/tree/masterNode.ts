// A master: address, short id, compacted slot ranges, key count, used memory, flags; its replicas below.
import { serverLabel } from '../../core/topology/server';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/common/format';
import { countSlots, formatRanges } from '../../core/topology/slots';
import { type ClusterNode, address } from '../../core/topology/topology';
import { HEALTH_TEXT, nodeHealth } from '../../core/topology/nodeHealth';
import { masterDescription } from './describe';
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
    const md = new vscode.MarkdownString(
      [
        `**master** ${address(n)}`,
        `**id:** \`${n.id}\``,
        `**health:** ${HEALTH_TEXT[health]}`,
        `**slots:** ${countSlots(n.slots)} (${formatRanges(n.slots) || 'none'})`,
        stat.stats?.error
          ? `**figures:** ${stat.stats.error}`
          : stat.stats
            ? `**keys:** ${stat.stats.keys ?? '?'} · **used memory:** ${formatBytes(stat.stats.usedMemory)} · read in ${stat.stats.ms} ms`
            : '**figures:** loading…',
        stat.stats?.server ? `**server:** ${serverLabel(stat.stats.server)}` : '',
        n.flags.length ? `**flags:** ${n.flags.join(', ')}` : '',
        lonely ? '$(warning) no replica: if this master fails its slots are lost until it returns' : '',
      ]
        .filter(Boolean)
        .join('  \n'),
      true,
    );
    item.tooltip = md;
    return item;
  }

  override children(ctx: TreeContext): TreeNode[] {
    return this.replicas.map((r) => ctx.reuse(new ReplicaNode(this, this.profile, r, this.node)));
  }
}
