// Fails when the extension's or the webview's modules import each other in a circle, type-only imports
// included: a cycle through types still ties two layers together, and the next value import makes it real.
//
//   node scripts/check-cycles.mjs [dir ...]      (default: src webview)
// Prints each cycle as a chain of files; exit 1 when there is one.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'webview'];
const options = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, allowJs: false };
const host = ts.createCompilerHost(options);

const files = dirs.flatMap((d) =>
  readdirSync(join(root, d), { recursive: true })
    .map(String)
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => resolve(root, d, f)),
);
const inScope = new Set(files);

/** Every module specifier a file names: imports, re-exports, import types and dynamic imports. */
function specifiers(file) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    const literal = (e) => (e && ts.isStringLiteral(e) ? e.text : undefined);
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      if (literal(node.moduleSpecifier)) out.push(literal(node.moduleSpecifier));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.push(e.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && literal(node.arguments[0])) {
      out.push(literal(node.arguments[0]));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const graph = new Map();
for (const file of files) {
  const deps = new Set();
  for (const spec of specifiers(file)) {
    if (!spec.startsWith('.')) continue;
    const hit = ts.resolveModuleName(spec, file, options, host).resolvedModule?.resolvedFileName;
    if (hit && inScope.has(resolve(hit))) deps.add(resolve(hit));
  }
  graph.set(file, [...deps]);
}

// Tarjan's strongly connected components: every component with more than one file (or a self-import) is a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || graph.get(v).includes(v)) components.push(comp);
  }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);

/** One concrete loop inside a component, for the message: a shortest path from its first file back to itself. */
function loopIn(comp) {
  const members = new Set(comp);
  const start = comp.slice().sort()[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const rel = (f) => relative(root, f);
for (const comp of components) {
  console.error(`import cycle among ${comp.length} file(s): ${loopIn(comp).map(rel).join(' -> ')}`);
  if (comp.length > 2) console.error(`  all files in it: ${comp.map(rel).sort().join(', ')}`);
}
console.log(`${files.length} files, ${components.length} import cycle(s)`);
process.exit(components.length ? 1 : 0);
