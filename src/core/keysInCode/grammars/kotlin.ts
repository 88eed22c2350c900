// Kotlin (fwcd's tree-sitter-kotlin, no field names): calls, string templates, listOf/mapOf(a to b).
import type { Node } from 'web-tree-sitter';
import type { WalkContext } from './common';
import type { Expr, Part } from '../types';
import { type Adapter, concat, named, other, span, textPart, unescape } from './common';

const KOTLIN_LISTS = new Set(['listOf', 'setOf', 'arrayOf', 'mutableListOf', 'mutableSetOf', 'hashSetOf', 'sequenceOf', 'listOfNotNull']);
const KOTLIN_MAPS = new Set(['mapOf', 'mutableMapOf', 'hashMapOf', 'linkedMapOf']);

function kotlinString(n: Node): Expr {
  const parts: Part[] = [];
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'string_content') parts.push(textPart(c.text, c.startIndex));
    else if (c.type === 'character_escape_seq' || c.type === 'escape_sequence') parts.push({ text: unescape(c.text) });
    else if (c.type === 'interpolated_identifier' || c.type === 'interpolated_expression') parts.push({ hole: c.text });
  }
  return { kind: 'string', parts: parts.length ? parts : [{ text: '', at: n.startIndex + 1 }], ...span(n), quote: '"' };
}

function kotlinArgs(suffix: Node | undefined, ctx: WalkContext): Expr[] {
  const va = suffix && named(suffix).find((c) => c.type === 'value_arguments');
  if (!va) return [];
  return named(va).flatMap((arg) => {
    const e = named(arg).at(-1);
    return e ? [kotlinExpr(e, ctx)] : [];
  });
}

function kotlinExpr(n: Node, ctx: WalkContext): Expr {
  switch (n.type) {
    case 'string_literal':
      return kotlinString(n);
    case 'integer_literal':
      return { kind: 'number', value: Number(n.text.replace(/[_lL]/g, '')), ...span(n) };
    case 'simple_identifier':
      return { kind: 'name', text: n.text, ...span(n) };
    case 'parenthesized_expression': {
      const inner = named(n)[0];
      return inner ? kotlinExpr(inner, ctx) : other(n);
    }
    case 'additive_expression': {
      const [l, r] = named(n);
      if (!l || !r || !n.children.some((c) => c?.type === '+')) return other(n);
      return concat(kotlinExpr(l, ctx), kotlinExpr(r, ctx), l, r, n);
    }
    case 'infix_expression': {
      const [l, op, r] = named(n);
      if (op?.text === 'to' && l && r) return { kind: 'list', items: [kotlinExpr(l, ctx), kotlinExpr(r, ctx)], ...span(n) };
      return other(n);
    }
    case 'call_expression': {
      const [callee, suffix] = named(n);
      if (callee?.type === 'simple_identifier' && KOTLIN_LISTS.has(callee.text))
        return { kind: 'list', items: kotlinArgs(suffix, ctx), ...span(n) };
      if (callee?.type === 'simple_identifier' && KOTLIN_MAPS.has(callee.text)) {
        const entries = kotlinArgs(suffix, ctx).flatMap((e) =>
          e.kind === 'list' && e.items.length === 2 ? [{ key: e.items[0], value: e.items[1] }] : [],
        );
        return { kind: 'map', entries, ...span(n) };
      }
      return other(n);
    }
    default:
      return other(n);
  }
}

export const kotlin: Adapter = {
  query: `
(call_expression (navigation_expression (_) @recv (navigation_suffix (simple_identifier) @name)) (call_suffix) @args) @call
(call_expression (simple_identifier) @name (call_suffix) @args) @call
(function_declaration (simple_identifier) @name) @fn
(property_declaration (variable_declaration (simple_identifier) @name) (call_expression) @value) @bind
(import_header) @import
(package_header) @package`,
  stringQuery: '(string_literal) @string',
  callTypes: new Set(['call_expression']),
  functionTypes: new Set(['function_declaration']),
  args: (n, ctx) => ({ args: kotlinArgs(n, ctx) }),
  string: (n) => kotlinString(n),
  importName: (n) => n.text.replace(/^import\s+/, '').trim(),
};
