// QuickPicks shared by command families: which profile, which node.
import * as vscode from 'vscode';
import { type ClusterNode, address } from '../core/topology';
import type { BaseServices } from '../services/base';
import { shortId } from '../core/format';

/** The profile a command acts on: the argument (tree item or name), the active one, or the user's pick. */
export async function pickProfile(s: BaseServices, arg?: unknown): Promise<string | undefined> {
  const fromArg = profileNameOf(arg);
  if (fromArg) return fromArg;
  const entries = s.profiles.list().filter((e) => e.profile);
  if (entries.length === 1) return entries[0].name;
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('No Redis Cluster profile yet. Add one first.', 'Add Profile').then((a) => {
      if (a) void vscode.commands.executeCommand('redisCluster.addProfile');
    });
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.name, description: `${e.profile?.nodes.join(', ')} (${e.scope})`, picked: e.name === s.connections.active })),
    { title: 'Redis Cluster: choose a profile', ignoreFocusOut: true },
  );
  return picked?.label;
}

/** Tree items and webviews pass `{ profile: string }`; commands from the palette pass nothing. */
export function profileNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'profile' in arg && typeof arg.profile === 'string') return arg.profile;
  return undefined;
}

/** Node id carried by a tree item argument, if any. */
export function nodeIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'object' && arg !== null && 'nodeId' in arg && typeof arg.nodeId === 'string') return arg.nodeId;
  return undefined;
}

export async function pickNode(nodes: ClusterNode[], title: string): Promise<ClusterNode | undefined> {
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => ({ label: address(n), description: `${n.role} ${shortId(n.id)}`, detail: n.flags.join(', ') || undefined, node: n })),
    { title, ignoreFocusOut: true, matchOnDescription: true },
  );
  return picked?.node;
}
