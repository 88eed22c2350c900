// Settings that were retired, and where their values went. Run once per activation: the old value is moved to the
// setting that now rules and removed, so a second activation finds nothing to move.
import * as vscode from 'vscode';
import type { Log } from './log';

interface Retired {
  /** Key under redisCluster. */
  from: string;
  to: string;
  why: string;
}

export const RETIRED_SETTINGS: readonly Retired[] = [
  {
    from: 'metricsIntervalSeconds',
    to: 'refreshIntervalSeconds',
    why: "the dashboard shows the monitor's poll, which refreshIntervalSeconds paces",
  },
];

type Scope = 'globalValue' | 'workspaceValue' | 'workspaceFolderValue';

/** Moves every retired setting's value, scope by scope; a value already set on the new key at that scope wins. */
export async function migrateRetiredSettings(log: Log): Promise<void> {
  const places: { scope: Scope; target: vscode.ConfigurationTarget; folder?: vscode.WorkspaceFolder }[] = [
    { scope: 'globalValue', target: vscode.ConfigurationTarget.Global },
    ...(vscode.workspace.workspaceFolders ? [{ scope: 'workspaceValue' as const, target: vscode.ConfigurationTarget.Workspace }] : []),
    ...(vscode.workspace.workspaceFolders ?? []).map((folder) => ({
      scope: 'workspaceFolderValue' as const,
      target: vscode.ConfigurationTarget.WorkspaceFolder,
      folder,
    })),
  ];
  for (const r of RETIRED_SETTINGS) {
    for (const p of places) {
      const cfg = vscode.workspace.getConfiguration('redisCluster', p.folder);
      const old = cfg.inspect(r.from)?.[p.scope];
      if (old === undefined) continue;
      const kept = cfg.inspect(r.to)?.[p.scope];
      try {
        if (kept === undefined) await cfg.update(r.to, old, p.target);
        await cfg.update(r.from, undefined, p.target);
        const what = `settings: redisCluster.${r.from} is retired (${r.why}); its ${scopeName(p.scope)} value ${JSON.stringify(old)}`;
        log.info(
          kept === undefined
            ? `${what} moved to redisCluster.${r.to}`
            : `${what} was removed, redisCluster.${r.to} is already ${JSON.stringify(kept)} there`,
        );
      } catch (e) {
        // A read-only settings file: the old key is simply ignored.
        log.warn(`settings: could not move redisCluster.${r.from} (${scopeName(p.scope)}): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

function scopeName(scope: Scope): string {
  return scope === 'globalValue' ? 'user' : scope === 'workspaceValue' ? 'workspace' : 'folder';
}
