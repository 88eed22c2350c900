// Pickers of the admin commands. Every QuickPick item carries the node `id`, so callers (and tests that answer
// the prompts) can match items without parsing labels.
import * as vscode from 'vscode';
import { countSlots } from '../core/slots';
import { type ClusterNode, type Topology, address, isFailing } from '../core/topology';
import { shortId } from '../core/format';

export interface NodeItem extends vscode.QuickPickItem {
  id: string;
}

export function masters(topo: Topology): ClusterNode[] {
  return topo.nodes.filter((n) => n.role === 'master' && !n.flags.includes('noaddr'));
}

function masterOf(topo: Topology, n: ClusterNode): ClusterNode | undefined {
  return topo.nodes.find((m) => m.id === n.masterId);
}

export function nodeItem(topo: Topology, n: ClusterNode): NodeItem {
  const role = n.role === 'master' ? `master · ${countSlots(n.slots)} slots` : `replica of ${masterOf(topo, n) ? address(masterOf(topo, n) as ClusterNode) : shortId(n.masterId ?? '?')}`;
  return {
    label: address(n),
    description: `${shortId(n.id)} · ${role}`,
    detail: isFailing(n) ? `failing (${n.flags.join(', ')})` : undefined,
    id: n.id,
  };
}

export async function pickOne(topo: Topology, nodes: ClusterNode[], title: string, placeHolder?: string): Promise<ClusterNode | undefined> {
  if (nodes.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(nodes.map((n) => nodeItem(topo, n)), { title, placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  return picked ? nodes.find((n) => n.id === picked.id) : undefined;
}

export async function pickMany(topo: Topology, nodes: ClusterNode[], title: string, placeHolder?: string): Promise<ClusterNode[] | undefined> {
  if (nodes.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(nodes.map((n) => nodeItem(topo, n)), { title, placeHolder, canPickMany: true, ignoreFocusOut: true, matchOnDescription: true });
  if (!picked?.length) return undefined;
  const ids = new Set(picked.map((p) => p.id));
  return nodes.filter((n) => ids.has(n.id));
}

/** A node given by the caller (id or id prefix), with a clear message when it is gone. */
export function nodeById(topo: Topology, id: string, profile: string): ClusterNode | undefined {
  const n = topo.nodes.find((x) => x.id === id) ?? (id.length >= 4 ? topo.nodes.filter((x) => x.id.startsWith(id)).at(0) : undefined);
  if (!n) void vscode.window.showErrorMessage(`Redis Cluster "${profile}": node ${shortId(id)} is no longer in the cluster. Refresh the tree and try again.`);
  return n;
}
