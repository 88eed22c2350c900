// Java, Kotlin and Python through tree-sitter grammars compiled to WebAssembly (web-tree-sitter). The runtime
// and each grammar load on first use; parsers are kept per language.
import type { Language as TsLanguage, Node, Parser as TsParser, Query, Tree } from 'web-tree-sitter';
import { type Adapter, adapters } from './grammars';
import { requireFile, wasmPaths } from './loader';
import type { Binding, Call, FunctionSpan, Parsed } from './types';

export type GrammarName = 'java' | 'kotlin' | 'python';
type Runtime = typeof import('web-tree-sitter');

let runtime: Promise<Runtime> | undefined;
const parsers = new Map<GrammarName, Promise<{ parser: TsParser; query: Query; withStrings: Query }>>();

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const paths = wasmPaths();
    const rt = requireFile<Runtime>(paths.runtimeJs);
    await rt.Parser.init({ locateFile: () => paths.runtimeWasm });
    return rt;
  })();
  return runtime;
}

/** The node types an adapter cares about, as one query: matching runs inside WebAssembly, so only those nodes cross into JS. */
function queryText(a: Adapter, strings: boolean): string {
  const types = [a.callType, ...a.functionTypes, ...a.bindingTypes, ...a.importTypes, ...(a.packageType ? [a.packageType] : []), ...(strings ? a.stringTypes : [])];
  return types.map((t) => `(${t}) @n`).join('\n');
}

export function treeSitterParser(name: GrammarName): Promise<{ parser: TsParser; query: Query; withStrings: Query }> {
  let p = parsers.get(name);
  if (!p) {
    p = (async () => {
      const rt = await loadRuntime();
      const lang: TsLanguage = await rt.Language.load(wasmPaths().grammar(name));
      const parser = new rt.Parser();
      parser.setLanguage(lang);
      return { parser, query: new rt.Query(lang, queryText(adapters[name], false)), withStrings: new rt.Query(lang, queryText(adapters[name], true)) };
    })();
    parsers.set(name, p);
  }
  return p;
}

/** Context handed to the language adapters while walking one tree. */
export interface WalkContext {
  source: string;
  memo: Map<number, Call>;
  fn: number | undefined;
  call(node: Node): Call | undefined;
}

export function parseTree(tree: Tree, query: Query, source: string, name: GrammarName): Parsed {
  const a: Adapter = adapters[name];
  const calls: Call[] = [];
  const bindings: Binding[] = [];
  const functions: FunctionSpan[] = [];
  const literals: Parsed['literals'] = [];
  const imports: string[] = [];
  let importAt: number | undefined;
  const ctx: WalkContext = {
    source,
    memo: new Map(),
    fn: undefined,
    call(node) {
      const known = this.memo.get(node.id);
      if (known) return known;
      const c = a.call(node, this);
      if (c) this.memo.set(node.id, c);
      return c;
    },
  };
  const stack: number[] = [];
  for (const { node } of query.captures(tree.rootNode)) {
    const type = node.type;
    const at = node.startIndex;
    while (stack.length && functions[stack[stack.length - 1]].end <= at) stack.pop();
    const fn = stack.length ? stack[stack.length - 1] : undefined;
    ctx.fn = fn;
    if (a.functionTypes.has(type)) {
      functions.push({ name: a.functionName(node), start: at, end: node.endIndex });
      stack.push(functions.length - 1);
    } else if (type === a.callType) {
      const c = ctx.call(node);
      if (c) calls.push(c);
    } else if (a.stringTypes.has(type)) {
      if (node.parent && a.stringTypes.has(node.parent.type)) continue;
      const e = a.string(node, source);
      if (e && e.kind === 'string' && e.parts.length === 1 && 'text' in e.parts[0]) literals.push({ value: e.parts[0].text, start: e.start, end: e.end });
    } else if (a.bindingTypes.has(type)) {
      const b = a.binding(node, ctx);
      if (b) bindings.push(b);
    } else if (a.importTypes.has(type)) {
      imports.push(a.importName(node));
      importAt = node.endIndex;
    } else if (type === a.packageType) importAt ??= node.endIndex;
  }
  return { calls, bindings, functions, literals, imports, importAt };
}
