// Wiring only: build the services, register views and commands. No logic lives here.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import type { Services } from './services';
import { ConnectionManager } from './services/connections';
import { Log } from './services/log';
import { ProfileStore } from './services/profileStore';
import { createExplorer } from './views/tree';
import { createKeyViews } from './views/keys';
import { createKeysInCode } from './language/keysInCode';

export function activate(context: vscode.ExtensionContext): Services {
  const log = new Log();
  const profiles = new ProfileStore(context.secrets, log);
  const connections = new ConnectionManager(profiles, log);
  const services: Services = { context, log, profiles, connections };
  context.subscriptions.push(log, profiles, connections);
  services.explorer = createExplorer(services);
  createKeyViews(services);
  services.keysInCode = createKeysInCode(services);
  registerCommands(services);
  // Activation cost including bundle load (see the banner in scripts/build.mjs); reported by the activation test.
  const loadStart = (globalThis as { __rcLoadStart?: number }).__rcLoadStart;
  services.activationMs = loadStart === undefined ? undefined : performance.now() - loadStart;
  return services;
}

export function deactivate(): void {}
