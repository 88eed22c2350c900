// The console as a VS Code Pseudoterminal: terminal I/O only. Lines go to the core ConsoleEngine; questions it
// asks (typed profile name, KEYS on a big master) are answered on the same line editor; Ctrl-C cancels the
// running command; lines typed or pasted while a command runs wait their turn.
import * as vscode from 'vscode';
import { type CommandDocs, complete, hintFor } from '../../core/console/docs';
import type { ConsoleEngine } from '../../core/console/engine';
import type { ConsoleHistory } from './history';
import { LineEditor } from './lineEditor';

const OUTPUT_LIMIT = 200_000;

export class ConsoleTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private readonly editor: LineEditor;
  private docs: CommandDocs | undefined;
  private busy = false;
  private pending = '';
  private abort: AbortController | undefined;
  private answer: ((text: string) => void) | undefined;
  private waiters: Array<() => void> = [];
  private text = '';

  constructor(
    private readonly engine: ConsoleEngine,
    private readonly history: ConsoleHistory,
    private readonly banner: string,
    docs: Promise<CommandDocs | undefined>,
    private readonly initialLine = '',
  ) {
    const hint = (line: string) => (this.docs ? hintFor(this.docs, line) : undefined);
    this.editor = new LineEditor({ write: (t) => this.emit(t), hint }, history.lines());
    void docs.then(
      (d) => (this.docs = d),
      () => undefined,
    );
    engine.attach({
      write: (t) => this.print(t),
      ask: (q) => this.ask(q),
      pick: async (title, items) => (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.value,
    });
  }

  /** Everything written to the terminal so far (the last 200k characters), for tests and diagnostics. */
  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.busy;
  }

  setDimensions(d: vscode.TerminalDimensions): void {
    this.editor.setColumns(d.columns);
  }

  open(initial: vscode.TerminalDimensions | undefined): void {
    if (initial) this.editor.setColumns(initial.columns);
    this.print(`${this.banner}\n`);
    this.editor.start(this.engine.prompt(), this.initialLine);
  }

  close(): void {
    this.abort?.abort();
    this.answer?.('');
    this.writes.dispose();
    this.closes.dispose();
  }

  /** Resolves once nothing runs and no input waits, or when the console waits for an answer to a question. */
  settled(): Promise<void> {
    if ((!this.busy && !this.pending) || this.answer) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  handleInput(data: string): void {
    if (this.busy && !this.answer) {
      if (data.includes('\x03')) {
        this.pending = '';
        this.abort?.abort();
      } else this.pending += data;
      return;
    }
    this.pump(data);
  }

  private pump(data: string): void {
    let rest = data;
    for (;;) {
      const r = this.editor.feed(rest);
      if (r.kind === 'none') return;
      rest = r.rest;
      if (r.kind === 'interrupt') {
        if (this.answer) {
          this.emit('^C\r\n');
          this.resolveAnswer('');
        } else {
          this.emit('^C\r\n');
          this.editor.start(this.engine.prompt());
        }
        continue;
      }
      if (r.kind === 'tab') {
        this.tab();
        continue;
      }
      this.pending = rest + this.pending;
      if (this.answer) this.resolveAnswer(r.line);
      else this.submit(r.line);
      return;
    }
  }

  private resolveAnswer(text: string): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(text);
  }

  private submit(line: string): void {
    if (this.engine.remember(line)) {
      void this.history.add(line);
      if (this.editor.history[this.editor.history.length - 1] !== line) this.editor.history.push(line);
    }
    this.busy = true;
    this.abort = new AbortController();
    const failed = (e: unknown) => this.print(`(error) ${e instanceof Error ? e.message : String(e)}\n`);
    void this.engine
      .run(line, this.abort.signal)
      .catch(failed)
      .finally(() => {
        this.busy = false;
        this.abort = undefined;
        this.editor.start(this.engine.prompt());
        const next = this.pending;
        this.pending = '';
        if (next) this.pump(next);
        if (!this.busy) this.wake();
      });
  }

  private ask(question: string): Promise<string> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.editor.start(question);
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private tab(): void {
    if (!this.docs || this.answer) return;
    const line = this.editor.line;
    const cursor = this.editor.cursorIndex;
    const chars = [...line];
    const before = chars.slice(0, cursor).join('');
    const after = chars.slice(cursor).join('');
    const { candidates, wordStart } = complete(this.docs, before);
    if (!candidates.length) return;
    const head = before.slice(0, wordStart);
    if (candidates.length === 1) {
      const done = `${head}${candidates[0]} `;
      this.editor.setLine(done + after, [...done].length);
      return;
    }
    const common = commonPrefix(candidates);
    if (common.length > before.length - wordStart) {
      this.editor.setLine(head + common + after, [...(head + common)].length);
      return;
    }
    this.emit(`\r\n${candidates.slice(0, 60).join('  ')}${candidates.length > 60 ? `  … (${candidates.length})` : ''}\r\n`);
    this.editor.render();
  }

  /** Engine output: \n becomes \r\n, error and refusal lines are coloured. */
  private print(t: string): void {
    const mark = /^(\(error\)|\(refused\)|\(cancelled\)|\(interrupted[^\n]*)/gm;
    const colored = t.replace(mark, (m) => `\x1b[${m.startsWith('(error)') ? '31' : '33'}m${m}\x1b[0m`);
    this.emit(colored.replace(/\r?\n/g, '\r\n'));
  }

  private emit(t: string): void {
    this.text = (this.text + t).slice(-OUTPUT_LIMIT);
    this.writes.fire(t);
  }
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
