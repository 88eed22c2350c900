// Every command id and its registration, in one place. Each family lives in its own file and returns
// its handlers; this file only collects them.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { analyzeCommands } from './analyze';
import { clusterCommands } from './cluster';
import { consoleCommands } from './console';
import { dashboardCommands } from './dashboard';
import { doctorCommands } from './diagnose';
import { devClusterCommands } from './devCluster';
import { exportCommands } from './export';
import { generalCommands } from './general';
import { healthCommands } from './check';
import { keyCommands } from './keys';
import { keyStoreCommands } from './javaStores';
import { lifecycleCommands } from './nodes';
import { migrationCommands } from './rebalanceReshard';
import { profileCommands } from './profiles';
import { setUpCommands } from './setup';
import { springImportCommands } from './springImport';
import { sshCommands } from './ssh';
import { testHookCommands } from './testHooks';
import type { CommandFamily } from './types';
import { testHooksEnabled } from '../services/testMode';
import { trackWalkthroughStep } from '../views/walkthrough';

const families: CommandFamily[] = [
  generalCommands,
  profileCommands,
  clusterCommands,
  dashboardCommands,
  keyCommands,
  migrationCommands,
  healthCommands,
  lifecycleCommands,
  setUpCommands,
  keyStoreCommands,
  sshCommands,
  springImportCommands,
  doctorCommands,
  consoleCommands,
  devClusterCommands,
  exportCommands,
  analyzeCommands,
];

export function registerCommands(services: Services): void {
  const registered = testHooksEnabled(services.context) ? [...families, testHookCommands] : families;
  for (const family of registered) {
    for (const [id, handler] of Object.entries(family(services))) {
      services.context.subscriptions.push(vscode.commands.registerCommand(id, trackWalkthroughStep(id, handler)));
    }
  }
}
