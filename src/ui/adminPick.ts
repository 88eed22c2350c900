// Pickers of the admin commands. Every QuickPick item carries the node `id`, so callers (and tests that answer
// the prompts) can match items without parsing labels.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { countSlots } from '../core/topology/slots';
import { type ClusterNode, type Topology, address, isFailing } from '../core/topology/topology';
import { shortId } from '../core/common/format';
import { masters, nodeById, resolveNode } from '../core/topology/nodeLookup';

export interface NodeItem extends vscode.QuickPickItem {
  id: string;
}

/** Masters an admin command can reach: one without an address (noaddr) cannot be asked anything. */
export function reachableMasters(topo: Topology): ClusterNode[] {
  return masters(topo).filter((n) => !n.flags.includes('noaddr'));
}

function masterOf(topo: Topology, n: ClusterNode): ClusterNode | undefined {
  return nodeById(topo.nodes, n.masterId);
}

export function nodeItem(topo: Topology, n: ClusterNode): NodeItem {
  const master = masterOf(topo, n);
  const role =
    n.role === 'master'
      ? l10n.t('master · {0} slots', countSlots(n.slots))
      : l10n.t('replica of {0}', master ? address(master) : shortId(n.masterId ?? '?'));
  return {
    label: address(n),
    description: `${shortId(n.id)} · ${role}`,
    detail: isFailing(n) ? l10n.t('failing ({0})', n.flags.join(', ')) : undefined,
    id: n.id,
  };
}

export async function pickOne(topo: Topology, nodes: ClusterNode[], title: string, placeHolder?: string): Promise<ClusterNode | undefined> {
  if (nodes.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => nodeItem(topo, n)),
    { title, placeHolder, ignoreFocusOut: true, matchOnDescription: true },
  );
  return picked ? nodeById(nodes, picked.id) : undefined;
}

export async function pickMany(
  topo: Topology,
  nodes: ClusterNode[],
  title: string,
  placeHolder?: string,
): Promise<ClusterNode[] | undefined> {
  if (nodes.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => nodeItem(topo, n)),
    { title, placeHolder, canPickMany: true, ignoreFocusOut: true, matchOnDescription: true },
  );
  if (!picked?.length) return undefined;
  const ids = new Set(picked.map((p) => p.id));
  return nodes.filter((n) => ids.has(n.id));
}

/** A node given by the caller (id or id prefix), with a clear message when it is gone or the prefix is ambiguous. */
export function givenNode(topo: Topology, id: string, profile: string): ClusterNode | undefined {
  const r = resolveNode(topo.nodes, id);
  if ('node' in r) return r.node;
  const why = r.error.includes('ambiguous') ? r.error : l10n.t('node {0} is no longer in the cluster', shortId(id));
  void vscode.window.showErrorMessage(l10n.t('Redis Cluster "{0}": {1}. Refresh the tree and try again.', profile, why));
  return undefined;
}
