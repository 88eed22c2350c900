// Python (tree-sitter-python): calls with keyword arguments, f-strings, lists, tuples, sets and dicts.
import type { Node } from 'web-tree-sitter';
import type { WalkContext } from './common';
import type { Expr, Part } from '../types';
import { type Adapter, concat, named, other, span, textPart, unescape } from './common';

function pythonString(n: Node): Expr {
  if (n.type === 'concatenated_string') {
    const pieces = named(n).map(pythonString);
    const parts = pieces.flatMap((p) => (p.kind === 'string' ? p.parts : []));
    return { kind: 'string', parts, ...span(n), quote: '"' };
  }
  const startTok = n.children.find((c) => c?.type === 'string_start');
  const prefix = (startTok?.text ?? '"').toLowerCase();
  const isF = prefix.includes('f');
  const isRaw = prefix.includes('r');
  const cook = (s: string) => {
    const t = isRaw ? s : unescape(s);
    return isF ? t.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : t;
  };
  const parts: Part[] = [];
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'string_content') parts.push(textPart(c.text, c.startIndex, cook));
    else if (c.type === 'interpolation') parts.push({ hole: named(c)[0]?.text ?? c.text });
  }
  return { kind: 'string', parts: parts.length ? parts : [{ text: '' }], ...span(n), quote: prefix.replace(/[a-z]/g, '') };
}

function pythonExpr(n: Node, ctx: WalkContext): Expr {
  switch (n.type) {
    case 'string':
    case 'concatenated_string':
      return pythonString(n);
    case 'integer':
      return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...span(n) };
    case 'identifier':
      return { kind: 'name', text: n.text, ...span(n) };
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      return inner ? pythonExpr(inner, ctx) : other(n);
    }
    case 'binary_operator': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (!l || !r || n.childForFieldName('operator')?.type !== '+') return other(n);
      return concat(pythonExpr(l, ctx), pythonExpr(r, ctx), l, r, n);
    }
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: 'list', items: named(n).map((c) => pythonExpr(c, ctx)), ...span(n) };
    case 'dictionary':
      return {
        kind: 'map',
        entries: named(n).flatMap((p) => {
          const k = p.childForFieldName('key');
          const v = p.childForFieldName('value');
          return p.type === 'pair' && k && v ? [{ key: pythonExpr(k, ctx), value: pythonExpr(v, ctx) }] : [];
        }),
        ...span(n),
      };
    default:
      return other(n);
  }
}

export const python: Adapter = {
  query: `
(call function: (attribute object: (_) @recv attribute: (identifier) @name) arguments: (argument_list) @args) @call
(call function: (identifier) @name arguments: (argument_list) @args) @call
(function_definition name: (identifier) @name) @fn
(assignment left: (identifier) @name right: (call) @value) @bind
(as_pattern (call) @value alias: (as_pattern_target (identifier) @name)) @bind`,
  stringQuery: '(string) @string',
  callTypes: new Set(['call']),
  functionTypes: new Set(['function_definition']),
  args(n, ctx) {
    const args: Expr[] = [];
    const kw: Record<string, Expr> = {};
    for (const a of named(n)) {
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name');
        const v = a.childForFieldName('value');
        if (k && v) kw[k.text] = pythonExpr(v, ctx);
      } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') args.push(pythonExpr(a, ctx));
    }
    return { args, named: kw };
  },
  string: (n) => pythonString(n),
  importName: (n) => n.text,
};
