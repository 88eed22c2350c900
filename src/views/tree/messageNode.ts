// A leaf that says something about its parent: an error with a fix, a warning, or "connecting…".
import * as vscode from 'vscode';
import { ERROR_ICON, LOADING_ICON, WARNING_ICON } from './icons';
import { type TreeContext, TreeNode } from './node';

export type MessageKind = 'error' | 'warning' | 'loading' | 'info';

export class MessageNode extends TreeNode {
  constructor(
    id: string,
    parent: TreeNode,
    profile: string,
    readonly kind: MessageKind,
    readonly text: string,
    readonly detail?: string,
    readonly command?: vscode.Command,
  ) {
    super(id, parent, profile);
  }

  item(_ctx: TreeContext): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.kind === 'error' ? 'error' : 'message';
    item.iconPath =
      this.kind === 'error'
        ? ERROR_ICON()
        : this.kind === 'warning'
          ? WARNING_ICON()
          : this.kind === 'loading'
            ? LOADING_ICON()
            : new vscode.ThemeIcon('info');
    item.tooltip = this.detail ?? this.text;
    if (this.detail && this.kind !== 'loading') item.description = this.command?.title;
    item.command = this.command;
    return item;
  }
}
