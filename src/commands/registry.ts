// Every command id and its registration, in one place. Each family lives in its own file and returns
// its handlers; this file only collects them.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { clusterCommands } from './cluster';
import { dashboardCommands } from './dashboard';
import { devClusterCommands } from './devCluster';
import { exportCommands } from './export';
import { generalCommands } from './general';
import { keyCommands } from './keys';
import { lifecycleCommands } from './lifecycle';
import { migrationCommands } from './migration';
import { profileCommands } from './profiles';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandFamily = (services: Services) => Record<string, CommandHandler>;

const families: CommandFamily[] = [
  generalCommands, profileCommands, clusterCommands, dashboardCommands, keyCommands, migrationCommands, lifecycleCommands,
  devClusterCommands, exportCommands,
];

export function registerCommands(services: Services): void {
  for (const family of families) {
    for (const [id, handler] of Object.entries(family(services))) {
      services.context.subscriptions.push(vscode.commands.registerCommand(id, handler));
    }
  }
}
