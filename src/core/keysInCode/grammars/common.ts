// Shared by the grammar adapters: the adapter shape and small helpers over tree-sitter nodes.
import type { Node } from 'web-tree-sitter';
import type { Expr, Part } from '../types';

/** Where a grammar adapter is in the source while it reads expressions (the enclosing function's index). */
export interface WalkContext {
  source: string;
  fn: number | undefined;
}

/**
 * One grammar: a query whose matches name the parts the rules need (@call with @name, optional @recv and
 * @args; @fn with @name; @bind with @name and @value; @import; @package; @string), so matching and slicing
 * run inside WebAssembly, and how to read argument lists and strings when a rule asks for them.
 */
export interface Adapter {
  query: string;
  /** Plain string literals, for hovers on any key-like literal. */
  stringQuery: string;
  /** Node types of a call (a receiver of this type is a chained call). */
  callTypes: Set<string>;
  /** Node types of functions: an edit inside one re-reads only the outermost one around it. */
  functionTypes: Set<string>;
  args(argsNode: Node, ctx: WalkContext): { args: Expr[]; named?: Record<string, Expr> };
  string(n: Node, source: string): Expr | undefined;
  importName(n: Node): string;
}

export const named = (n: Node): Node[] =>
  n.namedChildren.filter(
    (c): c is Node =>
      c !== null && c.type !== 'comment' && c.type !== 'line_comment' && c.type !== 'block_comment' && c.type !== 'multiline_comment',
  );
export const span = (n: Node) => ({ start: n.startIndex, end: n.endIndex });
export const other = (n: Node): Expr => ({ kind: 'other', ...span(n) });

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' };
export const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);

/** A literal text part whose offset is kept only when the source spells it without escapes. */
export function textPart(raw: string, at: number, cook: (s: string) => string = unescape): Part {
  const text = cook(raw);
  return { text, at: text === raw ? at : undefined };
}

export function concat(l: Expr, r: Expr, ln: Node, rn: Node, whole: Node): Expr {
  if (l.kind !== 'string' && r.kind !== 'string') return other(whole);
  const parts = (e: Expr, n: Node): Part[] =>
    e.kind === 'string' ? e.parts : e.kind === 'number' ? [{ text: String(e.value) }] : [{ hole: n.text }];
  return { kind: 'string', parts: [...parts(l, ln), ...parts(r, rn)], ...span(whole), quote: l.kind === 'string' ? l.quote : '"' };
}

export const mapFromPairs = (items: Expr[], n: Node): Expr => ({
  kind: 'map',
  entries: items.flatMap((key, i) => (i % 2 === 0 && items[i + 1] ? [{ key, value: items[i + 1] }] : [])),
  ...span(n),
});
