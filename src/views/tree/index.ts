// The explorer: tree view and status bar, built once by activate() around the monitor it is given.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import type { Monitor } from '../../services/monitor';
import { ClusterStatusBar } from '../statusBar';
import type { TreeNode } from './node';
import { ProfileNode } from './profileNode';
import { ClusterTreeProvider } from './provider';

export const TREE_VIEW_ID = 'redisCluster.clusters';

const REVEAL_ATTEMPTS = 4;
const REVEAL_RETRY_MS = 300;

export interface Explorer {
  tree: ClusterTreeProvider;
  view: vscode.TreeView<TreeNode>;
  statusBar: ClusterStatusBar;
  reveal(profile: string, nodeId: string): Promise<boolean>;
}

export function createExplorer(s: BaseServices, monitor: Monitor): Explorer {
  const tree = new ClusterTreeProvider(s, monitor);
  const view = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ClusterStatusBar(s);
  const reveal = async (profile: string, nodeId: string): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      const target = tree.findClusterNode(profile, nodeId);
      if (!target) return false;
      try {
        await view.reveal(target, { select: true, focus: true, expand: true });
        return true;
      } catch (e) {
        // During a re-render the workbench has dropped the old items and not yet fetched the new ones ("Data tree
        // node not found"): look the node up again once it has.
        if (attempt >= REVEAL_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, REVEAL_RETRY_MS));
      }
    }
  };
  monitor.revealNode = async (p, id) => void (await reveal(p, id));
  monitor.beforeFigures = () => (view.visible ? tree.settled() : Promise.resolve());
  s.context.subscriptions.push(
    tree,
    view,
    statusBar,
    view.onDidChangeVisibility((e) => monitor.setVisible(e.visible)),
    // Expanding a profile is the user's request to see the cluster: connect, unless Restricted Mode forbids it.
    view.onDidExpandElement((e) => {
      const el = e.element;
      if (el instanceof ProfileNode && !s.connections.get(el.profile) && tree.mayAutoConnect(el.profile))
        void s.connections.connect(el.profile);
    }),
  );
  monitor.setVisible(view.visible);
  return { tree, view, statusBar, reveal };
}
