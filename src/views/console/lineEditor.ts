// Line editing for the console terminal, without vscode: keys in (as the terminal sends them), screen updates out.
// Arrows, Home/End (and Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U, history Up/Down, Tab, Ctrl-C; a paste with
// several lines submits them one at a time (feed() stops after each line and hands back the rest).

export interface EditorHost {
  write(text: string): void;
  /** Dim text shown after the line (argument hint), or undefined. */
  hint?(line: string): string | undefined;
}

export type FeedResult =
  | { kind: 'line'; line: string; rest: string }
  | { kind: 'interrupt'; rest: string }
  | { kind: 'tab'; rest: string }
  | { kind: 'none' };

const KEYS: Array<[string, string]> = [
  ['\x1b[A', 'up'],
  ['\x1b[B', 'down'],
  ['\x1b[C', 'right'],
  ['\x1b[D', 'left'],
  ['\x1bOA', 'up'],
  ['\x1bOB', 'down'],
  ['\x1bOC', 'right'],
  ['\x1bOD', 'left'],
  ['\x1b[H', 'home'],
  ['\x1b[F', 'end'],
  ['\x1bOH', 'home'],
  ['\x1bOF', 'end'],
  ['\x1b[1~', 'home'],
  ['\x1b[4~', 'end'],
  ['\x1b[7~', 'home'],
  ['\x1b[8~', 'end'],
  ['\x1b[3~', 'delete'],
  ['\x1b[200~', 'ignore'],
  ['\x1b[201~', 'ignore'],
];

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private prompt = '';
  /** Index into history while walking it; history.length means "the line being typed". */
  private walk = 0;
  private draft: string[] = [];
  private columns = 80;
  /** Row of the cursor below the input's first row, after the last render. */
  private cursorRow = 0;

  constructor(
    private readonly host: EditorHost,
    readonly history: string[] = [],
  ) {}

  get line(): string {
    return this.chars.join('');
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  /** Starts a new line with this prompt. */
  start(prompt: string, initial = ''): void {
    this.prompt = prompt;
    this.chars = [...initial];
    this.cursor = this.chars.length;
    this.walk = this.history.length;
    this.draft = [];
    this.cursorRow = 0;
    this.render();
  }

  /** Replaces the line (after a completion) and redraws it. */
  setLine(text: string, cursor = [...text].length): void {
    this.chars = [...text];
    this.cursor = Math.min(cursor, this.chars.length);
    this.render();
  }

  /** Terminal width; lines longer than this wrap, and redraws must start from the input's first row. */
  setColumns(columns: number): void {
    if (columns > 0) this.columns = columns;
  }

  /**
   * Redraws prompt, line and hint, with the cursor in place. The input may span several rows: the redraw goes
   * back to its first row and clears below. The hint is cut to the rest of the last row so it never wraps.
   */
  render(withHint = true): void {
    const cols = this.columns;
    const line = this.line;
    const promptLen = [...this.prompt].length;
    const textLen = promptLen + this.chars.length;
    const atEnd = this.cursor === this.chars.length;
    let hint = withHint && atEnd && line.trim() ? this.host.hint?.(line) : undefined;
    if (hint) {
      hint = `${line.endsWith(' ') ? '' : ' '}${hint}`;
      const room = cols - (textLen % cols) - 1;
      hint = room < 4 ? undefined : [...hint].length > room ? `${[...hint].slice(0, room - 1).join('')}…` : hint;
    }
    const hintLen = hint ? [...hint].length : 0;
    let out = `${this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : ''}\r\x1b[J${this.prompt}${line}`;
    if (hint) out += `\x1b[90m${hint}\x1b[0m`;
    const total = textLen + hintLen;
    // At the exact end of a row the terminal has not wrapped yet: move to the next row so rows can be counted.
    if (total > 0 && total % cols === 0) out += '\r\n';
    const endRow = Math.floor(total / cols);
    const target = promptLen + this.cursor;
    const targetRow = Math.floor(target / cols);
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += '\r';
    if (target % cols) out += `\x1b[${target % cols}C`;
    this.cursorRow = targetRow;
    this.host.write(out);
  }

  /** Processes input until a line is submitted, Ctrl-C or Tab; the unprocessed rest is handed back. */
  feed(data: string): FeedResult {
    let i = 0;
    let changed = false;
    const finish = <T extends FeedResult>(r: T): T => {
      if (changed) this.render();
      return r;
    };
    while (i < data.length) {
      if (data[i] === '\x1b') {
        const match = KEYS.find(([seq]) => data.startsWith(seq, i));
        if (match) {
          i += match[0].length;
          changed = this.key(match[1]) || changed;
        } else {
          // An unknown escape sequence: skip ESC [ params final-byte.
          const m = /^\x1b\[?[0-9;]*[ -/]*[@-~]?/.exec(data.slice(i));
          i += m ? Math.max(1, m[0].length) : 1;
        }
        continue;
      }
      const ch = data[i];
      if (ch === '\r' || ch === '\n') {
        const next = ch === '\r' && data[i + 1] === '\n' ? i + 2 : i + 1;
        const line = this.line;
        // The submitted line stays on screen without its hint, and output starts below its last row.
        this.cursor = this.chars.length;
        this.render(false);
        this.host.write('\r\n');
        this.chars = [];
        this.cursor = 0;
        return { kind: 'line', line, rest: data.slice(next) };
      }
      if (ch === '\x03') return finish({ kind: 'interrupt', rest: data.slice(i + 1) });
      if (ch === '\t') return finish({ kind: 'tab', rest: data.slice(i + 1) });
      i += 1;
      if (ch === '\x7f' || ch === '\b') changed = this.key('backspace') || changed;
      else if (ch === '\x01') changed = this.key('home') || changed;
      else if (ch === '\x05') changed = this.key('end') || changed;
      else if (ch === '\x15') changed = this.key('kill') || changed;
      else if (ch >= ' ') {
        const cp = data.codePointAt(i - 1) ?? 0;
        const s = String.fromCodePoint(cp);
        if (s.length === 2) i += 1;
        this.chars.splice(this.cursor, 0, s);
        this.cursor += 1;
        changed = true;
      }
    }
    return finish({ kind: 'none' });
  }

  private key(name: string): boolean {
    switch (name) {
      case 'left':
        if (this.cursor === 0) return false;
        this.cursor -= 1;
        return true;
      case 'right':
        if (this.cursor >= this.chars.length) return false;
        this.cursor += 1;
        return true;
      case 'home':
        this.cursor = 0;
        return true;
      case 'end':
        this.cursor = this.chars.length;
        return true;
      case 'backspace':
        if (this.cursor === 0) return false;
        this.chars.splice(this.cursor - 1, 1);
        this.cursor -= 1;
        return true;
      case 'delete':
        if (this.cursor >= this.chars.length) return false;
        this.chars.splice(this.cursor, 1);
        return true;
      case 'kill':
        this.chars = this.chars.slice(this.cursor);
        this.cursor = 0;
        return true;
      case 'up':
        return this.walkHistory(-1);
      case 'down':
        return this.walkHistory(1);
      default:
        return false;
    }
  }

  private walkHistory(step: number): boolean {
    const next = this.walk + step;
    if (next < 0 || next > this.history.length) return false;
    if (this.walk === this.history.length) this.draft = this.chars;
    this.walk = next;
    this.chars = next === this.history.length ? this.draft : [...this.history[next]];
    this.cursor = this.chars.length;
    return true;
  }
}
