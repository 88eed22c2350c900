// Wiring only: build services, register views and commands. No logic lives here.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Redis Cluster', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('redisCluster.showLog', () => log.show()),
  );
}

export function deactivate(): void {}
