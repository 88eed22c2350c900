// "Slots": every range with its owner, unassigned ranges, and slots caught mid-migration.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { countSlots } from '../../core/topology/slots';
import type { Topology } from '../../core/topology/topology';
import { nodeHealth } from '../../core/topology/nodeHealth';
import { type OpenSlotRow, type SlotRow, openSlotRows, openSlotText, slotRowText, slotRows } from './describe';
import { ERROR_ICON, WARNING_ICON, healthIcon } from './icons';
import { type TreeContext, TreeNode } from './node';

export class SlotsNode extends TreeNode {
  constructor(
    parent: TreeNode,
    profile: string,
    readonly topology: Topology,
  ) {
    super(`${profile}/slots`, parent, profile);
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const rows = slotRows(this.topology);
    const open = openSlotRows(this.topology);
    const unassigned = countSlots(rows.filter((r) => !r.owner).map((r) => r.range));
    const item = new vscode.TreeItem(l10n.t('Slots'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'slots';
    const parts = [`${rows.length} range${rows.length === 1 ? '' : 's'}`];
    if (unassigned) parts.push(`${unassigned} unassigned`);
    if (open.length) parts.push(`${open.length} open (migrating/importing)`);
    item.description = parts.join(' · ');
    item.iconPath = unassigned ? ERROR_ICON() : open.length ? WARNING_ICON() : new vscode.ThemeIcon('symbol-array');
    return item;
  }

  override children(ctx: TreeContext): TreeNode[] {
    return [
      ...openSlotRows(this.topology).map((r) => ctx.reuse(new OpenSlotNode(this, this.profile, r))),
      ...slotRows(this.topology).map((r) => ctx.reuse(new SlotRangeNode(this, this.profile, r))),
    ];
  }
}

export class SlotRangeNode extends TreeNode {
  readonly nodeId: string | undefined;

  constructor(
    parent: TreeNode,
    profile: string,
    readonly row: SlotRow,
  ) {
    super(`${profile}/slots/${row.range[0]}-${row.range[1]}`, parent, profile);
    this.nodeId = row.owner?.id;
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const { label, description } = slotRowText(this.row);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.row.owner ? 'slotRange' : 'slotRange.unassigned';
    item.description = description;
    item.iconPath = this.row.owner ? healthIcon(nodeHealth(this.row.owner), 'symbol-number') : ERROR_ICON();
    return item;
  }
}

export class OpenSlotNode extends TreeNode {
  readonly nodeId: string;

  constructor(
    parent: TreeNode,
    profile: string,
    readonly row: OpenSlotRow,
  ) {
    super(`${profile}/slots/open/${row.kind}/${row.slot}/${row.node.id}`, parent, profile);
    this.nodeId = row.node.id;
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const { label, description } = openSlotText(this.row);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'openSlot';
    item.description = description;
    item.iconPath = WARNING_ICON();
    item.tooltip = l10n.t(
      'Slot {0} is {1} on {2}. A migration was interrupted or is running; Redis Cluster: Fix can close it.',
      this.row.slot,
      this.row.kind,
      description,
    );
    return item;
  }
}
