// Cluster-level state from CLUSTER INFO: state, slot health, epoch, known nodes.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Topology } from '../../core/topology/topology';
import { failingNodes } from '../../core/topology/nodeHealth';
import { summaryDescription, summaryLabel } from './describe';
import { ERROR_ICON, WARNING_ICON } from './icons';
import { type TreeContext, TreeNode } from './node';

export class SummaryNode extends TreeNode {
  constructor(
    parent: TreeNode,
    profile: string,
    readonly topology: Topology,
  ) {
    super(`${profile}/summary`, parent, profile);
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const { info } = this.topology;
    const failing = failingNodes(this.topology).length;
    const item = new vscode.TreeItem(summaryLabel(info), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'cluster';
    item.description = summaryDescription(info, failing);
    item.iconPath =
      info.state !== 'ok'
        ? ERROR_ICON()
        : failing || info.slotsPfail
          ? WARNING_ICON()
          : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    item.tooltip = new vscode.MarkdownString(
      [
        l10n.t('**cluster_state:** {0}', info.state),
        l10n.t('**slots:** {0} assigned, {1} ok, {2} pfail, {3} fail', info.slotsAssigned, info.slotsOk, info.slotsPfail, info.slotsFail),
        l10n.t('**current epoch:** {0}', info.currentEpoch),
        l10n.t('**known nodes:** {0} ({1} masters serving slots)', info.knownNodes, info.size),
        l10n.t('read from {0} at {1}', this.topology.source, new Date(this.topology.fetchedAt).toLocaleTimeString()),
      ].join('  \n'),
    );
    return item;
  }
}
