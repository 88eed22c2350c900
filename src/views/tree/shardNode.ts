// One shard: its master (and through it, the replicas).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Shard } from '../../core/topology/topology';
import { nodeHealth } from '../../core/topology/nodeHealth';
import { shardDescription, shardLabel } from './describe';
import { WARNING_ICON, healthIcon } from './icons';
import { MasterNode } from './masterNode';
import { MessageNode } from './messageNode';
import { type TreeContext, TreeNode } from './node';
import { ReplicaNode } from './replicaNode';

export class ShardNode extends TreeNode {
  constructor(
    parent: TreeNode,
    profile: string,
    readonly shard: Shard,
    readonly index: number,
  ) {
    super(`${profile}/shard/${shard.id}`, parent, profile);
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const item = new vscode.TreeItem(shardLabel(this.index), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = 'shard';
    item.description = shardDescription(this.shard);
    const worst = [this.shard.master, ...this.shard.replicas]
      .filter((n) => n !== undefined)
      .map(nodeHealth)
      .find((h) => h !== 'ok');
    item.iconPath = worst
      ? healthIcon(worst, 'layers')
      : !this.shard.master || this.shard.replicas.length === 0
        ? WARNING_ICON()
        : new vscode.ThemeIcon('layers');
    if (this.shard.master && this.shard.replicas.length === 0)
      item.tooltip = l10n.t('This master has no replica: if it fails, its slots are lost until it comes back.');
    return item;
  }

  override children(ctx: TreeContext): TreeNode[] {
    const { master, replicas } = this.shard;
    if (master) return [ctx.reuse(new MasterNode(this, this.profile, master, replicas))];
    // A shard without a master (all replicas orphaned): show them directly.
    return [
      ctx.reuse(new MessageNode(`${this.id}/nomaster`, this, this.profile, 'error', l10n.t('no master known for these replicas'))),
      ...replicas.map((r) => ctx.reuse(new ReplicaNode(this, this.profile, r, undefined))),
    ];
  }
}
