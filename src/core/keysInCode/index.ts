// Keys in code: parse a source file, find Redis calls, judge their keys' slots. No vscode, no connection.
import { applyRules } from './rules';
import { RedisClusterError } from '../common/errors';
import type { Node, Tree } from 'web-tree-sitter';
import type * as TS from 'typescript';
import { loadTypeScript } from './loader';
import { adapters } from './grammars';
import { type Chunk, mergeChunk, within } from './incremental';
import { type GrammarName, loadGrammar, parseTree } from './treeSitter';
import { parseTypeScript } from './tsParser';
import type { Analysis, KeylintLanguage, Parsed } from './types';

/** tree-sitter gave no tree (it was cancelled, or ran out of its time budget): this file is left unanalysed. */
export class ParseError extends RedisClusterError {
  override name = 'ParseError';
  constructor(message: string) {
    super('parse', message, 'Keys in code skips this file until its next change; reopen it to analyse it again');
  }
}

export type * from './types';
export { identity } from './judge';

/** VS Code language ids and file extensions we analyse. */
export const LANGUAGE_IDS: Record<string, KeylintLanguage> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  java: 'java',
  kotlin: 'kotlin',
  python: 'python',
};
const EXTENSIONS: Record<string, KeylintLanguage> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  py: 'python',
};

export function languageOfFile(path: string): KeylintLanguage | undefined {
  return EXTENSIONS[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
}

/**
 * The cheap gate before any parsing: a file that never names a Redis client library (imports, types, factory
 * calls) has no Redis calls we could judge. A plain substring search, so even a large file costs next to nothing.
 */
export function mentionsRedis(source: string): boolean {
  return /redis|jedis|lettuce/i.test(source);
}

const EMPTY: Analysis = { findings: [], keys: [], lenses: [], literals: [], parsed: false };

export interface ParseOptions {
  /** Also list every plain string literal (hovers on any key-like literal); off by default as it costs time. */
  literals?: boolean;
}

/** One-shot analysis of a whole file (the CLI). Editors keep a KeyLinter per document instead. */
export async function analyze(source: string, lang: KeylintLanguage, options: ParseOptions = {}): Promise<Analysis> {
  const linter = new KeyLinter(lang);
  try {
    return await linter.update(source, options);
  } finally {
    linter.dispose();
  }
}

/** The one changed stretch between two texts: common prefix and suffix, as a single replacement. */
function diff(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

interface Span {
  start: number;
  end: number;
}

/**
 * Analysis of one document across edits. The previous syntax tree is reused (tree-sitter's incremental parse,
 * TypeScript's updateSourceFile), and when an edit stays inside one function, only that function is read again:
 * the records found elsewhere are kept (mergeChunk).
 */
export class KeyLinter {
  private source = '';
  private tree: Tree | undefined;
  private sourceFile: TS.SourceFile | undefined;
  private parsed: Parsed | undefined;
  private withLiterals = false;

  constructor(readonly lang: KeylintLanguage) {}

  private queue: Promise<unknown> = Promise.resolve();

  /** Analyses the new text of the document; calls run one after another, each against the previous text. */
  update(source: string, options: ParseOptions = {}): Promise<Analysis> {
    const run = this.queue.then(() => this.run(source, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(source: string, options: ParseOptions): Promise<Analysis> {
    if (!mentionsRedis(source)) {
      this.dispose();
      return EMPTY;
    }
    const literals = !!options.literals;
    const reuse = this.parsed !== undefined && this.withLiterals === literals;
    const isTs = this.lang === 'typescript' || this.lang === 'javascript';
    const parsed = isTs ? this.readTypeScript(source, reuse) : await this.readTreeSitter(source, reuse, literals);
    this.parsed = parsed;
    this.withLiterals = literals;
    this.source = source;
    return { ...applyRules(parsed, source, this.lang), parsed: true };
  }

  private readTypeScript(source: string, reuse: boolean): Parsed {
    const ts = loadTypeScript();
    const lang = this.lang as 'typescript' | 'javascript';
    const old = this.sourceFile;
    if (!old) {
      this.sourceFile = createSourceFile(ts, source, lang);
      return parseTypeScript(this.sourceFile, source);
    }
    const d = diff(this.source, source);
    const before = reuse ? tsFunctionAround(ts, old, d.start, d.oldEnd) : undefined;
    // updateSourceFile reuses (and moves) the old tree's nodes: read the old function span first.
    const sf = ts.updateSourceFile(old, source, { span: { start: d.start, length: d.oldEnd - d.start }, newLength: d.newEnd - d.start });
    this.sourceFile = sf;
    const after = before ? tsFunctionAround(ts, sf, d.start, d.newEnd) : undefined;
    const chunk = sameChunk(before, after, d);
    if (!chunk || !this.parsed) return parseTypeScript(sf, source);
    return mergeChunk(this.parsed, within(parseTypeScript(sf, source, chunk), chunk.start, chunk.end), chunk);
  }

  private async readTreeSitter(source: string, reuse: boolean, literals: boolean): Promise<Parsed> {
    const grammar = this.lang as GrammarName;
    const g = await loadGrammar(grammar);
    const functionTypes = adapters[grammar].functionTypes;
    const old = this.tree;
    let before: Span | undefined;
    let d: ReturnType<typeof diff> | undefined;
    if (old) {
      d = diff(this.source, source);
      if (reuse) before = nodeFunctionAround(old.rootNode, d.start, d.oldEnd, functionTypes);
      const was = lineIndex(this.source);
      const now = lineIndex(source);
      const point = (at: { line: number; column: number }) => ({ row: at.line, column: at.column });
      old.edit({
        startIndex: d.start,
        oldEndIndex: d.oldEnd,
        newEndIndex: d.newEnd,
        startPosition: point(was(d.start)),
        oldEndPosition: point(was(d.oldEnd)),
        newEndPosition: point(now(d.newEnd)),
      });
    }
    const tree = g.parser.parse(source, old);
    old?.delete();
    if (!tree) throw new ParseError(`tree-sitter could not parse this ${this.lang} file`);
    this.tree = tree;
    const after = before && d ? nodeFunctionAround(tree.rootNode, d.start, d.newEnd, functionTypes) : undefined;
    const chunk = d && sameChunk(before, after, d);
    if (!chunk || !this.parsed) return parseTree(tree, g, source, grammar, literals);
    // web-tree-sitter passes query ranges to WebAssembly unconverted: there they count bytes of UTF-16, two per index.
    const fresh = parseTree(tree, g, source, grammar, literals, { startIndex: chunk.start * 2, endIndex: chunk.end * 2 });
    return mergeChunk(this.parsed, within(fresh, chunk.start, chunk.end), chunk);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.sourceFile = undefined;
    this.parsed = undefined;
    this.source = '';
  }
}

/** The same function before and after the edit (same start, end moved by the edit): only it needs reading. */
function sameChunk(before: Span | undefined, after: Span | undefined, d: ReturnType<typeof diff>): Chunk | undefined {
  const delta = d.newEnd - d.oldEnd;
  if (!before || !after || before.start !== after.start || before.end + delta !== after.end) return undefined;
  return { start: after.start, end: after.end, delta };
}

function nodeFunctionAround(root: Node, start: number, end: number, types: Set<string>): Span | undefined {
  let outer: Span | undefined;
  for (let n: Node | null = root.descendantForIndex(start, Math.max(start, end)); n; n = n.parent) {
    if (types.has(n.type)) outer = { start: n.startIndex, end: n.endIndex };
  }
  return outer;
}

function tsFunctionAround(ts: typeof TS, sf: TS.SourceFile, start: number, end: number): Span | undefined {
  let node: TS.Node = sf;
  for (;;) {
    let next: TS.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (c.pos <= start && end <= c.end) next = c;
      return next;
    });
    if (!next) return undefined;
    if (ts.isFunctionLike(next)) return { start: next.pos, end: next.end };
    node = next;
  }
}

function createSourceFile(ts: typeof TS, source: string, lang: 'typescript' | 'javascript'): TS.SourceFile {
  const tsx = lang === 'typescript';
  return ts.createSourceFile(tsx ? 'f.tsx' : 'f.jsx', source, ts.ScriptTarget.Latest, true, tsx ? ts.ScriptKind.TSX : ts.ScriptKind.JSX);
}

/** Line and column (both 0-based) of every offset, by binary search over line starts. */
export function lineIndex(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - starts[lo] };
  };
}
