// Per-grammar mapping from tree-sitter nodes to the neutral Call/Expr shape. Node types are those of the
// grammars shipped by tree-sitter-wasms (tree-sitter-java, fwcd's tree-sitter-kotlin, tree-sitter-python).
import type { Node } from 'web-tree-sitter';
import type { WalkContext } from './treeSitter';
import type { Expr, Part } from './types';

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
const span = (n: Node) => ({ start: n.startIndex, end: n.endIndex });
const other = (n: Node): Expr => ({ kind: 'other', ...span(n) });

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' };
const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);

/** A literal text part whose offset is kept only when the source spells it without escapes. */
function textPart(raw: string, at: number, cook: (s: string) => string = unescape): Part {
  const text = cook(raw);
  return { text, at: text === raw ? at : undefined };
}

function concat(l: Expr, r: Expr, ln: Node, rn: Node, whole: Node): Expr {
  if (l.kind !== 'string' && r.kind !== 'string') return other(whole);
  const parts = (e: Expr, n: Node): Part[] =>
    e.kind === 'string' ? e.parts : e.kind === 'number' ? [{ text: String(e.value) }] : [{ hole: n.text }];
  return { kind: 'string', parts: [...parts(l, ln), ...parts(r, rn)], ...span(whole), quote: l.kind === 'string' ? l.quote : '"' };
}

const mapFromPairs = (items: Expr[], n: Node): Expr => ({
  kind: 'map',
  entries: items.flatMap((key, i) => (i % 2 === 0 && items[i + 1] ? [{ key, value: items[i + 1] }] : [])),
  ...span(n),
});

// ---------- Java ----------
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

const java: Adapter = {
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

// ---------- Kotlin ----------
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

const kotlin: Adapter = {
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

// ---------- Python ----------
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

const python: Adapter = {
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

export const adapters: Record<'java' | 'kotlin' | 'python', Adapter> = { java, kotlin, python };
