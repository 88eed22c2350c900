// Keys in code: parse a source file, find Redis calls, judge their keys' slots. No vscode, no connection.
import { applyRules } from './rules';
import { type GrammarName, parseTree, treeSitterParser } from './treeSitter';
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

/** Parses and judges; with tree-sitter the tree lives until the rules are done, as calls read it lazily. */
export async function analyze(source: string, lang: KeylintLanguage, options: ParseOptions = {}): Promise<Analysis> {
  if (!mentionsRedis(source)) return EMPTY;
  if (lang === 'typescript' || lang === 'javascript') return { ...applyRules(parseTypeScript(source, lang), source, lang), parsed: true };
  const grammar: GrammarName = lang;
  const { parser, query, withStrings } = await treeSitterParser(grammar);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter could not parse this ${lang} file`);
  try {
    return { ...applyRules(parseTree(tree, options.literals ? withStrings : query, source, grammar), source, lang), parsed: true };
  } finally {
    tree.delete();
  }
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
