// The explorer: tree view and status bar, built once by activate() around the monitor it is given.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import type { Monitor } from '../../services/monitor';
import { ClusterStatusBar } from '../statusBar';
import type { TreeNode } from './node';
import { ProfileNode } from './profileNode';
import { ClusterTreeProvider } from './provider';

export const TREE_VIEW_ID = 'redisCluster.clusters';

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
    const target = tree.findClusterNode(profile, nodeId);
    if (!target) return false;
    await view.reveal(target, { select: true, focus: true, expand: true });
    return true;
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
