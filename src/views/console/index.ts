// Console terminals: built on demand per profile (and optionally per node), over the connection manager's session
// and topology. createConsoles() registers the "Redis Cluster" terminal profile; activate() calls it once.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { commandDocs } from '../../core/console/docs';
import { type ConsoleContext, ConsoleEngine, type ConsoleMode } from '../../core/console/engine';
import { isPlainKey, escapeBytes } from '../../core/keys/keyName';
import type { BaseServices } from '../../services/base';
import { pickProfile } from '../../ui/pick';
import { ConsoleHistory } from './history';
import { ConsoleTerminal } from './terminal';

export const CONSOLE_TERMINAL_PROFILE_ID = 'redisCluster.console';

export interface ConsoleTarget {
  profile: string;
  /** host:port for node mode. */
  node?: string;
  /** A key to put on the first line (not run). */
  key?: Buffer;
}

/** A key as the console tokenizer reads it back: bare when plain and unspaced, else quoted with escapes. */
export function consoleArg(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return isPlainKey(bytes) && text !== '' && !/[\s'"]/.test(text) ? text : escapeBytes(bytes);
}

function contextFor(s: BaseServices, name: string): ConsoleContext {
  const entry = s.profiles.get(name);
  if (!entry?.profile) throw new Error(entry?.error ?? `no profile named "${name}"`);
  return {
    profile: entry.profile,
    session: () => s.connections.session(name),
    topology: async (fresh) => (await s.connections.target(name, { fresh })).topology,
    log: (line) => s.log.info(line),
  };
}

/** Builds the Pseudoterminal of a console (not yet shown). */
export function createConsoleTerminal(s: BaseServices, target: ConsoleTarget): ConsoleTerminal {
  const ctx = contextFor(s, target.profile);
  const mode: ConsoleMode | undefined = target.node ? { kind: 'node', node: target.node } : undefined;
  const engine = new ConsoleEngine(ctx, mode);
  const p = ctx.profile;
  const gates = [p.readOnly && l10n.t('read-only'), p.protected && l10n.t('protected')].filter(Boolean).join(', ');
  const how = target.node ? l10n.t('Node mode on {0}', target.node) : l10n.t('Routed like redis-cli -c');
  const banner = gates
    ? l10n.t('Redis Cluster console, profile "{0}" ({1}). {2}; :help lists console commands.', p.name, gates, how)
    : l10n.t('Redis Cluster console, profile "{0}". {1}; :help lists console commands.', p.name, how);
  const docs = s.connections
    .session(target.profile)
    .then(commandDocs)
    .catch(() => undefined);
  const first = target.key ? `TYPE ${consoleArg(target.key)}` : '';
  return new ConsoleTerminal(engine, new ConsoleHistory(s.context.globalState, target.profile), banner, docs, first);
}

/** Opens a console terminal in the panel and returns its Pseudoterminal. */
export function openConsole(s: BaseServices, target: ConsoleTarget): ConsoleTerminal {
  const pty = createConsoleTerminal(s, target);
  const terminal = vscode.window.createTerminal({
    name: `Redis: ${s.profiles.label(target.profile)}${target.node ? ` @${target.node}` : ''}`,
    pty,
    iconPath: new vscode.ThemeIcon('database'),
    location: vscode.TerminalLocation.Panel,
  });
  terminal.show();
  return pty;
}

export function createConsoles(s: BaseServices): void {
  s.context.subscriptions.push(
    vscode.window.registerTerminalProfileProvider(CONSOLE_TERMINAL_PROFILE_ID, {
      provideTerminalProfile: async () => {
        const profile = await pickProfile(s);
        if (!profile) return undefined;
        const pty = createConsoleTerminal(s, { profile });
        return new vscode.TerminalProfile({ name: `Redis: ${s.profiles.label(profile)}`, pty, iconPath: new vscode.ThemeIcon('database') });
      },
    }),
  );
}
