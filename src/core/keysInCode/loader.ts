// Where the parsers come from. Bundles (extension, CLI) carry them as separate files in dist/parsers/, loaded
// on first use only, so activation and files without Redis calls never pay for them; from source (tests,
// tsx) they come from node_modules.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TS from 'typescript';

declare const KEYLINT_BUNDLED: boolean | undefined;
const bundled = typeof KEYLINT_BUNDLED !== 'undefined' && KEYLINT_BUNDLED;
const req = createRequire(__filename);

let ts: typeof TS | undefined;
export function loadTypeScript(): typeof TS {
  ts ??= (bundled ? req(join(__dirname, 'parsers', 'typescript.js')) : req('typescript')) as typeof TS;
  return ts;
}

export interface WasmPaths {
  runtimeJs: string;
  runtimeWasm: string;
  grammar: (name: 'java' | 'kotlin' | 'python') => string;
}

export function wasmPaths(): WasmPaths {
  if (bundled) {
    const dir = join(__dirname, 'parsers');
    return {
      runtimeJs: join(dir, 'web-tree-sitter.cjs'),
      runtimeWasm: join(dir, 'tree-sitter.wasm'),
      grammar: (n) => join(dir, `tree-sitter-${n}.wasm`),
    };
  }
  const runtimeJs = req.resolve('web-tree-sitter');
  const grammars = join(dirname(req.resolve('tree-sitter-wasms/package.json')), 'out');
  return { runtimeJs, runtimeWasm: join(dirname(runtimeJs), 'tree-sitter.wasm'), grammar: (n) => join(grammars, `tree-sitter-${n}.wasm`) };
}

export function requireFile<T>(path: string): T {
  return req(path) as T;
}
