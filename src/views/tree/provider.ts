// The explorer's TreeDataProvider. It never does network I/O: it renders what the connection manager and the
// monitor already hold, and re-renders when they report a change. Elements keep their identity per id and
// children are cached until the next change, so expansion survives refreshes and reveal() works.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import type { Monitor } from '../../services/monitor';
import { shouldAutoConnect } from './autoConnect';
import { type TreeContext, TreeNode } from './node';
import { ProfileNode } from './profileNode';

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly byId = new Map<string, TreeNode>();
  private readonly childCache = new Map<string, TreeNode[]>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pendingFire: NodeJS.Timeout | undefined;
  readonly ctx: TreeContext;

  constructor(
    private readonly services: BaseServices,
    monitor: Monitor,
  ) {
    this.ctx = {
      services,
      monitor,
      reuse: (fresh) => this.reuse(fresh),
      mayAutoConnect: (name) => this.mayAutoConnect(name),
    };
    this.disposables.push(
      services.profiles.onDidChange(() => this.refresh()),
      services.connections.onDidChange(() => this.refresh()),
      monitor.onDidChangeStats(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** Workspace profiles come from files anyone can commit: in Restricted Mode they connect only on request. */
  mayAutoConnect(name: string): boolean {
    return shouldAutoConnect(this.services.profiles.get(name), vscode.workspace.isTrusted);
  }

  private reuse<T extends TreeNode>(fresh: T): T {
    const old = this.byId.get(fresh.id);
    if (old && old.constructor === fresh.constructor) {
      Object.assign(old, fresh);
      return old as T;
    }
    this.byId.set(fresh.id, fresh);
    return fresh;
  }

  /** Coalesces bursts (every node's figures arrive separately) into one re-render. */
  refresh(): void {
    this.childCache.clear();
    if (this.pendingFire) return;
    this.pendingFire = setTimeout(() => {
      this.pendingFire = undefined;
      this.changed.fire(undefined);
    }, 50);
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element.item(this.ctx);
  }

  getChildren(element?: TreeNode): TreeNode[] {
    const key = element?.id ?? '';
    const cached = this.childCache.get(key);
    if (cached) return cached;
    const children = element ? element.children(this.ctx) : this.services.profiles.list().map((e) => this.reuse(new ProfileNode(e)));
    this.childCache.set(key, children);
    return children;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.parent;
  }

  profileNode(name: string): ProfileNode | undefined {
    const id = this.services.profiles.idOf(name);
    return this.getChildren().find((n): n is ProfileNode => n instanceof ProfileNode && n.profile === id);
  }

  /** Depth-first search for the item of a cluster node (master or replica) by id. */
  findClusterNode(profile: string, nodeId: string): TreeNode | undefined {
    const root = this.profileNode(profile);
    if (!root) return undefined;
    profile = root.profile;
    const stack: TreeNode[] = [root];
    while (stack.length) {
      const n = stack.pop() as TreeNode;
      if (n.id === `${profile}/node/${nodeId}`) return n;
      if (!n.id.includes('/slots')) stack.push(...this.getChildren(n));
    }
    return undefined;
  }

  dispose(): void {
    if (this.pendingFire) clearTimeout(this.pendingFire);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
