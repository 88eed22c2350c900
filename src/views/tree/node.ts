// The base of every explorer item. Items carry `profile` (and `nodeId` for cluster nodes) so menu commands
// receive them as their argument (see src/ui/pick.ts).
import type * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import type { Monitor } from '../../services/monitor';

export interface TreeContext {
  services: BaseServices;
  monitor: Monitor;
  /** Returns the existing element with the same id (updated in place), so identities survive a refresh. */
  reuse<T extends TreeNode>(fresh: T): T;
  /** Whether expanding this profile may open a connection by itself (never for workspace profiles in Restricted Mode). */
  mayAutoConnect(profile: string): boolean;
}

export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    readonly profile: string,
  ) {}

  abstract item(ctx: TreeContext): vscode.TreeItem;

  children(_ctx: TreeContext): TreeNode[] {
    return [];
  }
}
