// Keys in code: parse a source file, find Redis calls, judge their keys' slots. No vscode, no connection.
import { applyRules } from './rules';
import type { Tree } from 'web-tree-sitter';
import type * as TS from 'typescript';
import { loadTypeScript } from './loader';
import { type GrammarName, loadGrammar, parseTree } from './treeSitter';
import { parseTypeScript } from './tsParser';
import type { Analysis, KeylintLanguage } from './types';

export type * from './types';
export { identity } from './judge';

/** VS Code language ids and file extensions we analyse. */
export const LANGUAGE_IDS: Record<string, KeylintLanguage> = {
  typescript: 'typescript', typescriptreact: 'typescript', javascript: 'javascript', javascriptreact: 'javascript',
  java: 'java', kotlin: 'kotlin', python: 'python',
};
const EXTENSIONS: Record<string, KeylintLanguage> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', js: 'javascript', jsx: 'javascript',
  mjs: 'javascript', cjs: 'javascript', java: 'java', kt: 'kotlin', kts: 'kotlin', py: 'python',
};

export function languageOfFile(path: string): KeylintLanguage | undefined {
  return EXTENSIONS[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
}

/**
 * The cheap gate before any parsing: a file that never names a Redis client library (imports, types, factory
 * calls) has no Redis calls we could judge. A plain substring search, so a 5,000-line file costs microseconds.
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

/**
 * Analysis of one document across edits: the previous syntax tree is reused, so after a small edit only the
 * changed region is reparsed (tree-sitter's incremental parse; TypeScript's updateSourceFile).
 */
export class KeyLinter {
  private source = '';
  private tree: Tree | undefined;
  private sourceFile: TS.SourceFile | undefined;

  constructor(readonly lang: KeylintLanguage) {}

  async update(source: string, options: ParseOptions = {}): Promise<Analysis> {
    if (!mentionsRedis(source)) {
      this.dispose();
      return EMPTY;
    }
    const lang = this.lang;
    if (lang === 'typescript' || lang === 'javascript') {
      const ts = loadTypeScript();
      const d = this.sourceFile ? diff(this.source, source) : undefined;
      this.sourceFile =
        this.sourceFile && d
          ? ts.updateSourceFile(this.sourceFile, source, { span: { start: d.start, length: d.oldEnd - d.start }, newLength: d.newEnd - d.start })
          : createSourceFile(ts, source, lang);
      this.source = source;
      return { ...applyRules(parseTypeScript(this.sourceFile, source), source, lang), parsed: true };
    }
    const grammar: GrammarName = lang;
    const g = await loadGrammar(grammar);
    const old = this.tree;
    if (old) {
      const d = diff(this.source, source);
      const before = lineIndex(this.source);
      const after = lineIndex(source);
      const point = (at: { line: number; column: number }) => ({ row: at.line, column: at.column });
      old.edit({
        startIndex: d.start,
        oldEndIndex: d.oldEnd,
        newEndIndex: d.newEnd,
        startPosition: point(before(d.start)),
        oldEndPosition: point(before(d.oldEnd)),
        newEndPosition: point(after(d.newEnd)),
      });
    }
    const tree = g.parser.parse(source, old);
    old?.delete();
    if (!tree) throw new Error(`tree-sitter could not parse this ${lang} file`);
    this.tree = tree;
    this.source = source;
    // The calls read their arguments from the tree lazily: the rules run before the tree can change again.
    return { ...applyRules(parseTree(tree, g, source, grammar, !!options.literals), source, lang), parsed: true };
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.sourceFile = undefined;
    this.source = '';
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
