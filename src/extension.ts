// The composition root: builds every long-lived object once, registers views and commands. No logic lives here.
import * as vscode from 'vscode';
import { registerCommands } from './commands/registry';
import type { Services } from './services';
import type { BaseServices } from './services/base';
import { ConnectionManager } from './services/connections';
import { Log } from './services/log';
import { Monitor } from './services/monitor';
import { ProfileStore } from './services/profileStore';
import { ReplayFiles } from './services/replay';
import { migrateRetiredSettings } from './services/retiredSettings';
import { loadL10nBundle } from './services/l10n';
import { testHooksEnabled } from './services/testMode';
import { ContextKeys } from './views/contextKeys';
import { WalkthroughState } from './views/walkthrough';
import { Dashboards } from './views/dashboard';
import { DoctorReports } from './views/diagnose/report';
import { DoctorStatusItem } from './views/diagnose/statusButton';
import { createKeyViews } from './views/keys';
import { createAnalyzePanels } from './views/analyze';
import { createConsoles } from './views/console';
import { PlanPreviews } from './views/planPreview';
import { createExplorer } from './views/tree';
import { createKeysInCode } from './language/keysInCode';
import { registerAgentTools } from './agent/lmTools';

/**
 * The extension's public API is empty: activate() returns undefined to other extensions. Only under a test runner
 * (ExtensionMode.Test) does it return the Services object, so the project's extension-host tests can reach the
 * live objects; a user's install never hands out its sessions (test/vscode/production.installed.test.ts).
 */
export function activate(context: vscode.ExtensionContext): Services | undefined {
  const activateStart = performance.now();
  loadL10nBundle();
  const log = new Log();
  void migrateRetiredSettings(log);
  const profiles = new ProfileStore(context.secrets, log, context.workspaceState);
  const connections = new ConnectionManager(profiles, log);
  const monitor = new Monitor(connections, log);
  const previews = new PlanPreviews();
  context.subscriptions.push(log, profiles, connections, monitor, previews);
  const base: BaseServices = { context, log, profiles, connections };
  const dashboards = new Dashboards(base, monitor);
  context.subscriptions.push(dashboards);
  const explorer = createExplorer(base, monitor);
  const doctor = new DoctorReports();
  context.subscriptions.push(doctor, new DoctorStatusItem(base));
  createConsoles(base);
  const keysInCode = createKeysInCode(base);
  const contextKeys = new ContextKeys(base);
  const walkthrough = new WalkthroughState(base);
  context.subscriptions.push(contextKeys, walkthrough);
  const keys = createKeyViews(base);
  const services: Services = {
    ...base,
    monitor,
    previews,
    dashboards,
    explorer,
    keys,
    analyses: createAnalyzePanels(base, keys),
    doctor,
    keysInCode,
    contextKeys,
    walkthrough,
    replay: new ReplayFiles(context),
  };
  registerCommands(services);
  services.agentTools = registerAgentTools(services);
  // Activation cost: bundle load (banner to footer, scripts/build.mjs) plus activate() itself; reported by the
  // activation test.
  const { __rcLoadStart: loadStart, __rcLoadEnd: loadEnd } = globalThis as { __rcLoadStart?: number; __rcLoadEnd?: number };
  services.activationMs =
    loadStart === undefined || loadEnd === undefined ? undefined : loadEnd - loadStart + performance.now() - activateStart;
  return testHooksEnabled(context) ? services : undefined;
}

export function deactivate(): void {}
