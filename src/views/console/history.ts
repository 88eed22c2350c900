// Console history per profile, kept in globalState so it survives reloads. Lines with secrets never get here
// (ConsoleEngine.remember decides); this store only caps the size and drops immediate repeats. Every console of
// a profile shares one in-memory list, and writes are chained, so quick successive lines are never lost.
import type * as vscode from 'vscode';

export const HISTORY_LIMIT = 500;

const cache = new WeakMap<vscode.Memento, Map<string, { lines: string[]; writing: Promise<void> }>>();

export class ConsoleHistory {
  constructor(
    private readonly state: vscode.Memento,
    private readonly profile: string,
  ) {}

  private get key(): string {
    return `redisCluster.console.history.${this.profile}`;
  }

  private entry(): { lines: string[]; writing: Promise<void> } {
    let byProfile = cache.get(this.state);
    if (!byProfile) cache.set(this.state, (byProfile = new Map()));
    let e = byProfile.get(this.profile);
    if (!e) {
      const v = this.state.get<unknown>(this.key);
      e = { lines: Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [], writing: Promise.resolve() };
      byProfile.set(this.profile, e);
    }
    return e;
  }

  /** Oldest first. */
  lines(): string[] {
    return [...this.entry().lines];
  }

  /** Appends a line; resolves once it is stored. */
  add(line: string): Promise<void> {
    const e = this.entry();
    if (e.lines[e.lines.length - 1] !== line) e.lines.push(line);
    if (e.lines.length > HISTORY_LIMIT) e.lines.splice(0, e.lines.length - HISTORY_LIMIT);
    const snapshot = [...e.lines];
    e.writing = e.writing.then(
      () => this.state.update(this.key, snapshot),
      () => this.state.update(this.key, snapshot),
    );
    return e.writing;
  }
}
