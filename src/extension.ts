// The composition root: builds every long-lived object once, registers views and commands. No logic lives here.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import type { Services } from './services';
import type { BaseServices } from './services/base';
import { ConnectionManager } from './services/connections';
import { Log } from './services/log';
import { Monitor } from './services/monitor';
import { ProfileStore } from './services/profileStore';
import { Dashboards } from './views/dashboard';
import { createKeyViews } from './views/keys';
import { PlanPreviews } from './views/planPreview';
import { createExplorer } from './views/tree';

export function activate(context: vscode.ExtensionContext): Services {
  const log = new Log();
  const profiles = new ProfileStore(context.secrets, log);
  const connections = new ConnectionManager(profiles, log);
  const monitor = new Monitor(connections, log);
  const previews = new PlanPreviews();
  context.subscriptions.push(log, profiles, connections, monitor, previews);
  const base: BaseServices = { context, log, profiles, connections };
  const dashboards = new Dashboards(base, monitor);
  context.subscriptions.push(dashboards);
  const explorer = createExplorer(base, monitor);
  const services: Services = { ...base, monitor, previews, dashboards, explorer, keys: createKeyViews(base) };
  registerCommands(services);
  // Activation cost including bundle load (see the banner in scripts/build.mjs); reported by the activation test.
  const loadStart = (globalThis as { __rcLoadStart?: number }).__rcLoadStart;
  services.activationMs = loadStart === undefined ? undefined : performance.now() - loadStart;
  return services;
}

export function deactivate(): void {}
