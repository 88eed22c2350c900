// Every command id and its registration, in one place. Each family lives in its own file and returns
// its handlers; this file only collects them.
import * as vscode from 'vscode';
import type { Services } from '../services';
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
import type { CommandFamily } from './types';
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
  springImportCommands,
  doctorCommands,
  consoleCommands,
  devClusterCommands,
  exportCommands,
];

export function registerCommands(services: Services): void {
  for (const family of families) {
    for (const [id, handler] of Object.entries(family(services))) {
      services.context.subscriptions.push(vscode.commands.registerCommand(id, trackWalkthroughStep(id, handler)));
    }
  }
}
