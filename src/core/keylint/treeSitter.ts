// Java, Kotlin and Python through tree-sitter grammars compiled to WebAssembly (web-tree-sitter). The runtime
// and each grammar load on first use. One query per grammar finds calls, functions and bindings inside
// WebAssembly; only argument lists of calls the rules care about are walked from JS, and only when asked.
import type { Language as TsLanguage, Node, Parser as TsParser, Query, Tree } from 'web-tree-sitter';
import { type Adapter, adapters } from './grammars';
import { requireFile, wasmPaths } from './loader';
import type { Binding, Call, Expr, FunctionSpan, Parsed } from './types';

export type GrammarName = 'java' | 'kotlin' | 'python';
type Runtime = typeof import('web-tree-sitter');

export interface Grammar {
  parser: TsParser;
  query: Query;
  strings: Query;
}

let runtime: Promise<Runtime> | undefined;
const grammars = new Map<GrammarName, Promise<Grammar>>();

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const paths = wasmPaths();
    const rt = requireFile<Runtime>(paths.runtimeJs);
    await rt.Parser.init({ locateFile: () => paths.runtimeWasm });
    return rt;
  })();
  return runtime;
}

export function loadGrammar(name: GrammarName): Promise<Grammar> {
  let g = grammars.get(name);
  if (!g) {
    g = (async () => {
      const rt = await loadRuntime();
      const lang: TsLanguage = await rt.Language.load(wasmPaths().grammar(name));
      const parser = new rt.Parser();
      parser.setLanguage(lang);
      return { parser, query: new rt.Query(lang, adapters[name].query), strings: new rt.Query(lang, adapters[name].stringQuery) };
    })();
    grammars.set(name, g);
  }
  return g;
}

/** Context handed to the adapters while reading arguments. */
export interface WalkContext {
  source: string;
  fn: number | undefined;
}

/** Arguments are read only when a rule asks: most calls in a file are not Redis calls. */
function lazyArgs(call: Omit<Call, 'args'>, read: () => { args: Expr[]; named?: Record<string, Expr> }): Call {
  let got: { args: Expr[]; named?: Record<string, Expr> } | undefined;
  const get = () => (got ??= read());
  return Object.defineProperties(call as Call, {
    args: { get: () => get().args, enumerable: true },
    named: { get: () => get().named, enumerable: true },
  });
}

/** The tree must outlive every use of the returned calls' arguments. */
export function parseTree(tree: Tree, g: Grammar, source: string, name: GrammarName, withStrings: boolean): Parsed {
  const a: Adapter = adapters[name];
  const calls: Call[] = [];
  const callById = new Map<number, Call>();
  const receivers: [Call, Node][] = [];
  const bindings: { name: string; value: Node; at: number }[] = [];
  const functions: FunctionSpan[] = [];
  const imports: string[] = [];
  let importAt: number | undefined;
  const ctx: WalkContext = { source, fn: undefined };

  for (const m of g.query.matches(tree.rootNode)) {
    const cap: Record<string, Node> = {};
    for (const c of m.captures) cap[c.name] = c.node;
    if (cap.call && cap.name && cap.args) {
      const { name: id, args, recv, call: node } = cap;
      const call = lazyArgs({ method: id.text, receiver: recv?.text, start: node.startIndex, end: node.endIndex, nameStart: id.startIndex }, () => a.args(args, ctx));
      calls.push(call);
      callById.set(node.id, call);
      if (recv && a.callTypes.has(recv.type)) receivers.push([call, recv]);
    } else if (cap.fn && cap.name) functions.push({ name: cap.name.text, start: cap.fn.startIndex, end: cap.fn.endIndex });
    else if (cap.bind && cap.name && cap.value) bindings.push({ name: cap.name.text, value: cap.value, at: cap.bind.startIndex });
    else if (cap.import) {
      imports.push(a.importName(cap.import));
      importAt = cap.import.endIndex;
    } else if (cap.package) importAt ??= cap.package.endIndex;
  }
  for (const [call, recv] of receivers) call.receiverCall = callById.get(recv.id);

  functions.sort((x, y) => x.start - y.start);
  const fnAt = innermostFunction(functions);
  for (const c of calls) c.fn = fnAt(c.start);
  const outBindings: Binding[] = [];
  for (const b of bindings) {
    const call = callById.get(b.value.id) ?? { method: b.value.text.replace(/^new\s+/, '').replace(/[(<].*$/s, ''), args: [], start: b.value.startIndex, end: b.value.endIndex, nameStart: b.value.startIndex };
    outBindings.push({ name: b.name, call, fn: fnAt(b.at) });
  }

  const literals: Parsed['literals'] = [];
  if (withStrings) {
    for (const { node } of g.strings.captures(tree.rootNode)) {
      const e = a.string(node, source);
      if (e?.kind === 'string' && e.parts.length === 1 && 'text' in e.parts[0]) literals.push({ value: e.parts[0].text, start: e.start, end: e.end });
    }
  }
  return { calls, bindings: outBindings, functions, literals, imports, importAt };
}

/** Offset -> index of the innermost function around it, for functions sorted by start. */
function innermostFunction(functions: FunctionSpan[]): (offset: number) => number | undefined {
  return (offset) => {
    let lo = 0;
    let hi = functions.length - 1;
    let best: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (functions[mid].start <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = best; i !== undefined && i >= 0; i--) if (functions[i].end > offset) return i;
    return undefined;
  };
}
