// The explorer's TreeDataProvider. It never does network I/O: it renders what the connection manager and the
// monitor already hold, and re-renders when they report a change. Elements keep their identity per id and
// children are cached until the next change, so expansion survives refreshes and reveal() works.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import type { Monitor } from '../../services/monitor';
import { shouldAutoConnect } from './autoConnect';
import { type TreeContext, TreeNode } from './node';
import { ProfileNode } from './profileNode';

const REFRESH_WINDOW_MS = 250;
/** settled(): how long the workbench must have asked for nothing, and the longest wait. */
const SETTLE_QUIET_MS = 150;
const SETTLE_MAX_MS = 2000;

export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly byId = new Map<string, TreeNode>();
  private readonly childCache = new Map<string, TreeNode[]>();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pendingFire: NodeJS.Timeout | undefined;
  private lastFire = 0;
  /** When the workbench last asked for an item or children. */
  private lastServed = 0;
  /** The topology shape last logged per profile id, so the log gets a line per new shape, not per poll. */
  private readonly loggedShape = new Map<string, string>();
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
      services.connections.onDidChange((name) => {
        this.logTopology(name);
        this.refresh();
      }),
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

  /**
   * One log line when the tree receives a profile's first topology, and again when its shape changes. Written before
   * the re-render, so its timestamp is when the topology reached the tree (test/e2e/scale-tree.test.ts times the draw
   * from it).
   */
  private logTopology(name: string): void {
    const conn = this.services.connections.get(name);
    const t = conn?.state === 'connected' ? conn.topology : undefined;
    if (!t) {
      this.loggedShape.delete(name);
      return;
    }
    const shape = `${t.nodes.length} nodes, ${t.shards.length} shards, cluster_state ${t.info.state}`;
    if (this.loggedShape.get(name) === shape) return;
    this.loggedShape.set(name, shape);
    const read = conn?.readMs === undefined ? '' : `, read in ${conn.readMs} ms`;
    this.services.log.info(`topology of "${this.services.connections.label(name)}": ${shape}${read}`);
  }

  /**
   * The first change after a quiet spell re-renders at once (a new topology is drawn without waiting); the rest of
   * a burst (every node's figures arrive separately) is coalesced into one re-render per REFRESH_WINDOW_MS, since
   * each re-render makes the workbench fetch every expanded item again (about 250 on 100 nodes).
   */
  refresh(): void {
    this.childCache.clear();
    if (this.pendingFire) return;
    const wait = Math.max(0, this.lastFire + REFRESH_WINDOW_MS - Date.now());
    this.pendingFire = setTimeout(() => {
      this.pendingFire = undefined;
      this.lastFire = Date.now();
      this.changed.fire(undefined);
    }, wait);
  }

  /**
   * Resolves once the workbench has fetched items since the last re-render (none pending) and then asked for nothing
   * for SETTLE_QUIET_MS, at most after SETTLE_MAX_MS. It fetches level by level, a round trip per level, so a quiet
   * spell means it is drawing. With nothing changed since the last draw, a poll's figures wait for nothing.
   */
  async settled(): Promise<void> {
    const end = Date.now() + SETTLE_MAX_MS;
    while (Date.now() < end) {
      const fetched = this.lastServed >= this.lastFire;
      if (!this.pendingFire && fetched && Date.now() - this.lastServed >= SETTLE_QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    this.lastServed = Date.now();
    return element.item(this.ctx);
  }

  getChildren(element?: TreeNode): TreeNode[] {
    this.lastServed = Date.now();
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
