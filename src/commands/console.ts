// Console commands: "Open Console" (palette, profile/node/key context menus) and "Open in redis-cli".
// Open Console returns the Pseudoterminal, so scripts and tests can type into it and read what it printed.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { findOnPath, redisCliArgs, redisCliEnv } from '../core/console/redisCli';
import { keyFromBase64 } from '../core/keys/keyName';
import { parseHostPort } from '../core/profiles/profile';
import { address } from '../core/topology/topology';
import type { Services } from '../services';
import { type ConsoleTarget, openConsole } from '../views/console';
import type { ConsoleTerminal } from '../views/console/terminal';
import type { CommandHandler } from './types';
import { nodeIdOf, pickNode, pickProfile } from '../ui/pick';

/** `{ node: 'host:port' }` from scripts, or the node id of a tree item resolved through the topology. */
async function nodeAddressOf(s: Services, profile: string, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'object' && arg !== null && 'node' in arg && typeof arg.node === 'string') return arg.node;
  const id = nodeIdOf(arg);
  if (!id) return undefined;
  await s.connections.session(profile);
  const node = s.connections.get(profile)?.topology?.nodes.find((n) => n.id === id);
  return node ? address(node) : undefined;
}

function keyArg(arg: unknown): Buffer | undefined {
  const has = typeof arg === 'object' && arg !== null && 'keyBase64' in arg && typeof arg.keyBase64 === 'string';
  return has ? keyFromBase64(arg.keyBase64 as string) : undefined;
  return undefined;
}

async function openConsoleCommand(s: Services, arg: unknown): Promise<ConsoleTerminal | undefined> {
  const profile = await pickProfile(s, arg);
  if (!profile) return undefined;
  const target: ConsoleTarget = { profile, node: await nodeAddressOf(s, profile, arg), key: keyArg(arg) };
  return openConsole(s, target);
}

async function openInRedisCli(s: Services, arg: unknown): Promise<vscode.Terminal | undefined> {
  const cli = findOnPath('redis-cli');
  if (!cli) {
    void vscode.window.showErrorMessage(
      l10n.t('redis-cli is not on PATH. Install redis-tools (or Redis), or use Redis Cluster: Open Console.'),
    );
    return undefined;
  }
  const profile = await pickProfile(s, arg);
  const entry = profile ? s.profiles.get(profile) : undefined;
  if (!profile || !entry?.profile) return undefined;
  let node = await nodeAddressOf(s, profile, arg);
  if (!node && !(typeof arg === 'object' && arg !== null)) {
    await s.connections.session(profile);
    const nodes = s.connections.get(profile)?.topology?.nodes ?? [];
    const picked = nodes.length ? await pickNode(nodes, l10n.t('redis-cli: connect to which node?')) : undefined;
    node = picked ? address(picked) : undefined;
  }
  const hp = parseHostPort(node ?? entry.profile.nodes[0]);
  if (typeof hp === 'string') throw new Error(hp);
  const password = await s.profiles.password(entry);
  const args = redisCliArgs(entry.profile, hp);
  s.log.info(`redis-cli for "${profile}": ${cli} ${args.join(' ')} (password in REDISCLI_AUTH)`);
  const terminal = vscode.window.createTerminal({
    name: `redis-cli: ${profile}`,
    shellPath: cli,
    shellArgs: args,
    env: redisCliEnv(password),
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}

export function consoleCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.openConsole': (arg?: unknown) => openConsoleCommand(s, arg),
    'redisCluster.openInRedisCli': (arg?: unknown) => openInRedisCli(s, arg),
  };
}
