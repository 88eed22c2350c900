// The architecture's layers as one lint rule, `layers/imports`: each folder of the product names what it may not
// import, by resolved path (a specifier like '../commands/x' means different folders from different files, so
// matching import strings, as no-restricted-imports does, would miss some and refuse others). Type-only imports
// count too: a type import ties two layers together as much as a value import, and the next edit makes it real.
// docs/architecture.md explains the layers; test/unit/layers-lint.test.ts proves each refusal with probe files.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Core modules the webview bundle may import (directly or through src/shared/protocol.ts). Each is pure: no Node
 * built-in, no package, and it imports nothing but other modules of this list, which this rule checks as well.
 */
export const BROWSER_SAFE_CORE = [
  'src/core/common/format.ts',
  'src/core/topology/nodeLookup.ts',
  'src/core/monitoring/snapshot.ts',
  'src/core/topology/server.ts',
  'src/core/analyze/report.ts',
];

/** The layer a repository path (forward slashes) belongs to, or undefined outside the product (tests, bench, scripts). */
export function layerOf(path) {
  if (path === 'src/extension.ts') return 'extension';
  // The Services aggregate names every long-lived object, views included: it is the composition root's type.
  if (path === 'src/services/index.ts') return 'services-all';
  if (path === 'src/cli.ts' || path.startsWith('src/cli/')) return 'cli';
  if (path.startsWith('webview/')) return 'webview';
  const m = /^src\/(core|shared|services|ui|views|commands|language)\//.exec(path);
  return m?.[1];
}

// What each layer must not import. The composition root (src/extension.ts) may import everything.
const FORBIDDEN = {
  core: ['services', 'services-all', 'views', 'commands', 'ui', 'language', 'shared', 'cli', 'extension', 'webview'],
  cli: ['services', 'services-all', 'views', 'commands', 'ui', 'language', 'shared', 'extension', 'webview'],
  services: ['services-all', 'views', 'commands', 'ui', 'language', 'cli', 'extension', 'webview'],
  ui: ['services-all', 'views', 'commands', 'language', 'cli', 'extension', 'webview'],
  views: ['services-all', 'commands', 'language', 'cli', 'extension', 'webview'],
  language: ['services-all', 'views', 'commands', 'cli', 'extension', 'webview'],
  commands: ['cli', 'extension', 'webview'],
};

const WHY = {
  core: 'src/core is the vscode-free domain: it imports only itself, Node and packages',
  cli: 'the CLI is a thin shell over src/core',
  services: 'services hold state for the views and commands, not the other way round',
  ui: 'src/ui holds pickers and confirmations shared by commands and views; it imports neither',
  views: 'views show data; what a view needs from a command (a picker, a confirmation) belongs in src/ui',
  language: 'editor language features import only core, services and ui',
  commands: 'commands are wired by src/extension.ts',
};

const VSCODE_FREE = new Set(['core', 'cli', 'shared', 'webview']);
const BROWSER = new Set(['webview', 'shared']);
const isBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);

/** The problem with `spec` imported from `file` (absolute), or undefined when the layers allow it. */
export function importProblem(file, spec) {
  const from = relative(root, file).split(sep).join('/');
  const layer = layerOf(from);
  const safe = BROWSER_SAFE_CORE.includes(from);
  if (!layer) return undefined;
  if (!spec.startsWith('.')) {
    if (spec === 'vscode' && VSCODE_FREE.has(layer)) return `${from} must stay vscode-free (${layer} layer): it must not import 'vscode'`;
    if (safe) return `${from} is on the webview's browser-safe list: it must import no package or Node module ('${spec}')`;
    if (BROWSER.has(layer) && isBuiltin(spec)) return `${from} runs in the browser: it must not import the Node module '${spec}'`;
    return undefined;
  }
  const target = relative(root, resolve(dirname(file), spec))
    .split(sep)
    .join('/');
  const withTs = /\.[cm]?[tj]s$/.test(target) ? target : `${target}.ts`;
  const to = layerOf(withTs) ?? layerOf(`${target}/index.ts`);
  if (safe || BROWSER.has(layer)) {
    const ok = (layer === 'webview' && to === 'webview') || (to === 'shared' && !safe) || BROWSER_SAFE_CORE.includes(withTs);
    if (!ok) {
      return (
        `${from} is part of the webview's browser bundle: it may import webview/, src/shared/ and the browser-safe core ` +
        `modules listed in scripts/eslint-layers.mjs, not '${spec}'`
      );
    }
    return undefined;
  }
  if (to && FORBIDDEN[layer]?.includes(to)) return `${from} (${layer}) must not import ${to} ('${spec}'): ${WHY[layer]}`;
  return undefined;
}

const importsRule = {
  meta: { type: 'problem', docs: { description: 'Each layer imports only the layers below it (docs/architecture.md)' }, schema: [] },
  create(context) {
    const check = (node, source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const message = importProblem(context.filename, source.value);
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.source),
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export default { rules: { imports: importsRule } };
