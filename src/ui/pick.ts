// QuickPicks shared by command families: which profile, which node.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { type ClusterNode, address } from '../core/topology/topology';
import type { BaseServices } from '../services/base';
import { shortId } from '../core/common/format';

/**
 * The id of the profile a command acts on: the argument (tree item, id or a bare name only one profile has), the
 * active one, or the user's pick. A bare name two profiles share throws, saying which ids to use.
 */
export async function pickProfile(s: BaseServices, arg?: unknown): Promise<string | undefined> {
  const fromArg = profileNameOf(arg);
  if (fromArg) return s.profiles.get(fromArg)?.id ?? fromArg;
  const entries = s.profiles.list().filter((e) => e.profile || e.restricted);
  if (entries.length === 1) return entries[0].id;
  if (entries.length === 0) {
    const add = l10n.t('Add Profile');
    void vscode.window.showInformationMessage(l10n.t('No Redis Cluster profile yet. Add one first.'), add).then((a) => {
      if (a) void vscode.commands.executeCommand('redisCluster.addProfile');
    });
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({
      label: e.name,
      description: `${e.profile ? e.profile.nodes.join(', ') : l10n.t('Restricted Mode')} (${e.scope})`,
      picked: e.id === s.connections.active,
      id: e.id,
    })),
    { title: l10n.t('Redis Cluster: choose a profile'), ignoreFocusOut: true },
  );
  return picked?.id;
}

/** Tree items and webviews pass `{ profile: string }`; commands from the palette pass nothing. */
export function profileNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'profile' in arg && typeof arg.profile === 'string') return arg.profile;
  return undefined;
}

/** The id of the profile an argument names (an id, or a bare name only one profile has; throws when several do). */
export function profileRefOf(s: BaseServices, arg: unknown): string | undefined {
  const ref = profileNameOf(arg);
  return ref === undefined ? undefined : (s.profiles.get(ref)?.id ?? ref);
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
