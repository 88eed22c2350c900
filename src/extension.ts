// Wiring only: build the services, register views and commands. No logic lives here.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import type { Services } from './services';
import { ConnectionManager } from './services/connections';
import { Log } from './services/log';
import { ProfileStore } from './services/profileStore';
import { ReplayFiles } from './services/replay';
import { createExplorer } from './views/tree';
import { createKeyViews } from './views/keys';
import { ContextKeys } from './views/contextKeys';

export function activate(context: vscode.ExtensionContext): Services {
  const activateStart = performance.now();
  const log = new Log();
  const profiles = new ProfileStore(context.secrets, log);
  const connections = new ConnectionManager(profiles, log);
  const services: Services = { context, log, profiles, connections, replay: new ReplayFiles(context) };
  context.subscriptions.push(log, profiles, connections);
  services.explorer = createExplorer(services);
  createKeyViews(services);
  registerCommands(services);
  services.contextKeys = new ContextKeys(services);
  context.subscriptions.push(services.contextKeys);
  // Activation cost: bundle load (banner to footer, scripts/build.mjs) plus activate() itself; reported by the
  // activation test.
  const { __rcLoadStart: loadStart, __rcLoadEnd: loadEnd } = globalThis as { __rcLoadStart?: number; __rcLoadEnd?: number };
  services.activationMs = loadStart === undefined || loadEnd === undefined
    ? undefined
    : loadEnd - loadStart + performance.now() - activateStart;
  return services;
}

export function deactivate(): void {}
