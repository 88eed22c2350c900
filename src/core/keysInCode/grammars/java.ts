// Java (tree-sitter-java): method invocations, string literals and text blocks, List.of/Map.of.
import type { Node } from 'web-tree-sitter';
import type { WalkContext } from './common';
import type { Expr, Part } from '../types';
import { type Adapter, concat, mapFromPairs, named, other, span, textPart, unescape } from './common';

const JAVA_LISTS = new Set([
  'Arrays.asList',
  'List.of',
  'Set.of',
  'Stream.of',
  'Collections.singletonList',
  'Collections.singleton',
  'ImmutableList.of',
  'ImmutableSet.of',
  'Lists.newArrayList',
  'Sets.newHashSet',
]);
const JAVA_MAPS = /^(Map\.of|ImmutableMap\.of)$/;

function javaString(n: Node, source: string): Expr {
  const parts: Part[] = [];
  const text = n.text;
  if (text.startsWith('"""')) {
    const inner = text.slice(3, -3);
    parts.push({ text: unescape(inner) });
  } else {
    const raw = source.slice(n.startIndex + 1, n.endIndex - 1);
    parts.push(textPart(raw, n.startIndex + 1));
  }
  return { kind: 'string', parts, ...span(n), quote: '"' };
}

function javaExpr(n: Node, ctx: WalkContext): Expr {
  switch (n.type) {
    case 'string_literal':
      return javaString(n, ctx.source);
    case 'decimal_integer_literal':
      return { kind: 'number', value: Number(n.text.replace(/[_lL]/g, '')), ...span(n) };
    case 'identifier':
      return { kind: 'name', text: n.text, ...span(n) };
    case 'parenthesized_expression':
    case 'cast_expression': {
      const inner = n.childForFieldName('value') ?? named(n).at(-1);
      return inner ? javaExpr(inner, ctx) : other(n);
    }
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (!l || !r || n.childForFieldName('operator')?.type !== '+') return other(n);
      return concat(javaExpr(l, ctx), javaExpr(r, ctx), l, r, n);
    }
    case 'array_initializer':
      return { kind: 'list', items: named(n).map((c) => javaExpr(c, ctx)), ...span(n) };
    case 'array_creation_expression': {
      const init = n.childForFieldName('value');
      return init ? javaExpr(init, ctx) : other(n);
    }
    case 'method_invocation': {
      const obj = n.childForFieldName('object');
      const name = n.childForFieldName('name');
      const args = n.childForFieldName('arguments');
      const callee = `${obj?.text ?? ''}.${name?.text ?? ''}`;
      if (args && JAVA_LISTS.has(callee)) return { kind: 'list', items: named(args).map((c) => javaExpr(c, ctx)), ...span(n) };
      if (args && JAVA_MAPS.test(callee))
        return mapFromPairs(
          named(args).map((c) => javaExpr(c, ctx)),
          n,
        );
      return other(n);
    }
    default:
      return other(n);
  }
}

export const java: Adapter = {
  query: `
(method_invocation object: (_)? @recv name: (identifier) @name arguments: (argument_list) @args) @call
(method_declaration name: (identifier) @name) @fn
(constructor_declaration name: (identifier) @name) @fn
(variable_declarator name: (identifier) @name value: [(method_invocation) (object_creation_expression)] @value) @bind
(assignment_expression left: (identifier) @name right: [(method_invocation) (object_creation_expression)] @value) @bind
(import_declaration) @import
(package_declaration) @package`,
  stringQuery: '(string_literal) @string',
  callTypes: new Set(['method_invocation']),
  functionTypes: new Set(['method_declaration', 'constructor_declaration']),
  args: (n, ctx) => ({ args: named(n).map((c) => javaExpr(c, ctx)) }),
  string: javaString,
  importName: (n) =>
    n.text
      .replace(/^import\s+(static\s+)?/, '')
      .replace(/;$/, '')
      .trim(),
};
