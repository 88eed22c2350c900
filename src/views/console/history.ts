// Console history per profile, kept in globalState so it survives reloads. Lines with secrets never get here
// (ConsoleEngine.remember decides); this store only caps the size and drops immediate repeats.
import type * as vscode from 'vscode';

export const HISTORY_LIMIT = 500;

export class ConsoleHistory {
  constructor(private readonly state: vscode.Memento, private readonly profile: string) {}

  private get key(): string {
    return `redisCluster.console.history.${this.profile}`;
  }

  lines(): string[] {
    const v = this.state.get<unknown>(this.key);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Appends a line; returns the new list (oldest first). */
  async add(line: string): Promise<string[]> {
    const all = this.lines();
    if (all[all.length - 1] !== line) all.push(line);
    const kept = all.slice(-HISTORY_LIMIT);
    await this.state.update(this.key, kept);
    return kept;
  }

  async clear(): Promise<void> {
    await this.state.update(this.key, undefined);
  }
}
