// Cluster-level state from CLUSTER INFO: state, slot health, epoch, known nodes.
import * as vscode from 'vscode';
import type { Topology } from '../../core/topology';
import { failingNodes } from '../../core/nodeHealth';
import { summaryDescription, summaryLabel } from './describe';
import { ERROR_ICON, WARNING_ICON } from './icons';
import { type TreeContext, TreeNode } from './node';

export class SummaryNode extends TreeNode {
  constructor(parent: TreeNode, profile: string, readonly topology: Topology) {
    super(`${profile}/summary`, parent, profile);
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const { info } = this.topology;
    const failing = failingNodes(this.topology).length;
    const item = new vscode.TreeItem(summaryLabel(info), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'cluster';
    item.description = summaryDescription(info, failing);
    item.iconPath = info.state !== 'ok' ? ERROR_ICON() : failing || info.slotsPfail ? WARNING_ICON() : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    item.tooltip = new vscode.MarkdownString(
      [
        `**cluster_state:** ${info.state}`,
        `**slots:** ${info.slotsAssigned} assigned, ${info.slotsOk} ok, ${info.slotsPfail} pfail, ${info.slotsFail} fail`,
        `**current epoch:** ${info.currentEpoch}`,
        `**known nodes:** ${info.knownNodes} (${info.size} masters serving slots)`,
        `read from ${this.topology.source} at ${new Date(this.topology.fetchedAt).toLocaleTimeString()}`,
      ].join('  \n'),
    );
    return item;
  }
}
