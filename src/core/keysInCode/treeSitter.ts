// Java, Kotlin and Python through tree-sitter grammars compiled to WebAssembly (web-tree-sitter). The runtime
// and each grammar load on first use. One query per grammar finds calls, functions and bindings inside
// WebAssembly; only argument lists of calls the rules care about are walked from JS, and only when asked.
import type { Language as TsLanguage, Node, Parser as TsParser, Query, Tree } from 'web-tree-sitter';
import { type Adapter, adapters } from './grammars';
import type { WalkContext } from './grammars/common';
import { requireFile, wasmPaths } from './loader';
import { readsArguments } from './commands';
import { innermostFunction, prune } from './incremental';
import type { Binding, Call, FunctionSpan, Parsed } from './types';

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
/** Reads the tree (or one range of it) into plain records; arguments only of calls a rule may read. */
export function parseTree(
  tree: Tree,
  g: Grammar,
  source: string,
  name: GrammarName,
  withStrings: boolean,
  range?: { startIndex: number; endIndex: number },
): Parsed {
  const a: Adapter = adapters[name];
  const calls: Call[] = [];
  const callById = new Map<number, Call>();
  const receivers: [Call, Node][] = [];
  const bindings: { name: string; value: Node; at: number }[] = [];
  const functions: FunctionSpan[] = [];
  const imports: string[] = [];
  let importAt: number | undefined;
  const ctx: WalkContext = { source, fn: undefined };

  for (const m of g.query.matches(tree.rootNode, range)) {
    const cap: Record<string, Node> = {};
    for (const c of m.captures) cap[c.name] = c.node;
    if (cap.call && cap.name && cap.args) {
      const { name: id, args, recv, call: node } = cap;
      const method = id.text;
      const read = readsArguments(method) ? a.args(args, ctx) : { args: [] };
      const call: Call = {
        method,
        receiver: recv?.text,
        args: read.args,
        named: read.named,
        start: node.startIndex,
        end: node.endIndex,
        nameStart: id.startIndex,
      };
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
    const call = callById.get(b.value.id) ?? {
      method: b.value.text.replace(/^new\s+/, '').replace(/[(<].*$/s, ''),
      args: [],
      start: b.value.startIndex,
      end: b.value.endIndex,
      nameStart: b.value.startIndex,
    };
    outBindings.push({ name: b.name, call, fn: fnAt(b.at) });
  }

  const literals: Parsed['literals'] = [];
  if (withStrings) {
    for (const { node } of g.strings.captures(tree.rootNode, range)) {
      const e = a.string(node, source);
      if (e?.kind === 'string' && e.parts.length === 1 && 'text' in e.parts[0])
        literals.push({ value: e.parts[0].text, start: e.start, end: e.end });
    }
  }
  return prune({ calls, bindings: outBindings, functions, literals, imports, importAt }, source);
}
