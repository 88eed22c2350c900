// Every command id and its registration, in one place. Each family lives in its own file and returns
// its handlers; this file only collects them.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { clusterCommands } from './cluster';
import { consoleCommands } from './console';
import { dashboardCommands } from './dashboard';
import { doctorCommands } from './doctor';
import { devClusterCommands } from './devCluster';
import { exportCommands } from './export';
import { generalCommands } from './general';
import { healthCommands } from './health';
import { keyCommands } from './keys';
import { keyStoreCommands } from './keyStores';
import { lifecycleCommands } from './lifecycle';
import { migrationCommands } from './migration';
import { profileCommands } from './profiles';
import { setUpCommands } from './setup';
import { springImportCommands } from './springImport';
import type { CommandFamily } from './types';

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
      services.context.subscriptions.push(vscode.commands.registerCommand(id, handler));
    }
  }
}
