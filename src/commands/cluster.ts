// Explorer commands on a connected cluster: refresh, copy a node's id or address, reveal a node in the tree,
// and the status bar's click (dashboard when it exists, else a profile picker).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { type ClusterNode, type Topology, address } from '../core/topology/topology';
import type { Services } from '../services';
import { nodeIdOf, pickNode, pickProfile, profileRefOf } from '../ui/pick';
import type { CommandHandler } from './types';
import { shortId } from '../core/common/format';
import { nodeById } from '../core/topology/nodeLookup';

/** The node a command acts on: the tree item's, or one the user picks from the cluster. */
async function nodeFor(s: Services, arg: unknown, title: string): Promise<{ profile: string; node: ClusterNode } | undefined> {
  const profile = await pickProfile(s, arg);
  if (!profile) return undefined;
  let t: Topology;
  try {
    t = (await s.connections.target(profile)).topology;
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster "{0}": no topology ({1})', s.profiles.label(profile), errorText(e)));
    return undefined;
  }
  const id = nodeIdOf(arg);
  const node = id ? nodeById(t.nodes, id) : await pickNode(t.nodes, title);
  if (id && !node)
    void vscode.window.showErrorMessage(
      l10n.t('Node {0} is no longer in cluster "{1}". Refresh the tree.', shortId(id), s.profiles.label(profile)),
    );
  return node ? { profile, node } : undefined;
}

async function refresh(s: Services, arg: unknown): Promise<void> {
  const name = profileRefOf(s, arg);
  if (!name) {
    await s.monitor.refreshAll();
    s.explorer.tree.refresh();
    return;
  }
  if (s.connections.get(name)?.session) await s.connections.refresh(name);
  else await s.connections.connect(name);
}

async function statusBarClick(s: Services): Promise<void> {
  const active = s.connections.active;
  const all = await vscode.commands.getCommands(true);
  if (active && all.includes('redisCluster.openDashboard')) {
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: active });
    return;
  }
  const entries = s.profiles.list();
  if (!entries.length) {
    await vscode.commands.executeCommand('redisCluster.addProfile');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => {
      const c = s.connections.get(e.id);
      return {
        id: e.id,
        label: e.name,
        description:
          `${c?.topology && c.state === 'connected' ? c.topology.info.state : (c?.state ?? l10n.t('not connected'))}` + ` · ${e.scope}`,
        detail: e.profile?.nodes.join(', ') ?? e.error,
      };
    }),
    { title: l10n.t('Redis Cluster: switch the active cluster'), ignoreFocusOut: true },
  );
  if (!picked) return;
  await s.connections.connect(picked.id);
  s.connections.setActive(picked.id);
}

/** The dev-cluster guide shipped with the extension (docs/ in a checkout, else the README). */
async function showDevClusterDocs(s: Services): Promise<void> {
  for (const rel of ['docs/dev-cluster.md', 'README.md']) {
    const uri = vscode.Uri.joinPath(s.context.extensionUri, rel);
    try {
      await vscode.workspace.fs.stat(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    } catch {
      // not shipped in this build; try the next
    }
  }
  void vscode.window.showInformationMessage(
    l10n.t('Run "Redis Cluster: Start a Local Dev Cluster" (needs redis-server, redis-cli and openssl on PATH).'),
  );
}

export function clusterCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.refresh': (arg) => refresh(s, arg),
    'redisCluster.copyNodeId': async (arg) => {
      const hit = await nodeFor(s, arg, l10n.t('Copy the id of which node?'));
      if (hit) await vscode.env.clipboard.writeText(hit.node.id);
      return hit?.node.id;
    },
    'redisCluster.copyNodeAddress': async (arg) => {
      const hit = await nodeFor(s, arg, l10n.t('Copy the address of which node?'));
      if (hit) await vscode.env.clipboard.writeText(address(hit.node));
      return hit ? address(hit.node) : undefined;
    },
    'redisCluster.revealNode': async (arg) => {
      const hit = await nodeFor(s, arg, l10n.t('Reveal which node?'));
      if (!hit) return false;
      return s.explorer.reveal(hit.profile, hit.node.id);
    },
    'redisCluster.statusBarClick': () => statusBarClick(s),
    'redisCluster.showDevClusterDocs': () => showDevClusterDocs(s),
  };
}
