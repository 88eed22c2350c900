// Two esbuild contexts: the extension (+ CLI) for Node, the webview apps (dashboard, keyspace report) for the browser. The keys-in-code
// parsers (TypeScript's compiler, tree-sitter's runtime and grammars) go to dist/parsers/ as separate files,
// loaded only when a file with Redis calls is analysed (src/core/keysInCode/loader.ts).
// Type checking is separate (npm run typecheck), as in the official esbuild sample.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

// The key store and YAML libraries get bundles of their own in dist/vendor, required on first use
// (src/core/common/lazyDeps.ts): inside extension.js they more than doubled the bundle that activation parses.
const VENDORED = ['node-forge', 'jks-js', 'yaml', 'ssh2'];
const vendorExternal = {
  name: 'vendor-external',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};
const resolve = createRequire(import.meta.url).resolve;
// package.json's copy of the profile schema follows schemas/profile.schema.json (the one source; see the script).
const synced = createRequire(import.meta.url)('./profile-schema.cjs').syncManifest(new URL('..', import.meta.url).pathname);
if (synced.length) console.log(`profile schema copied into ${synced.join(', ')}`);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** @type {esbuild.BuildOptions} */
const vendor = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  entryPoints: Object.fromEntries(VENDORED.map((name) => [name, resolve(name)])),
  outdir: 'dist/vendor',
  // jks-js requires node-forge too: one shared copy instead of a second one inside jks-js.js.
  plugins: [
    {
      name: 'shared-forge',
      setup(build) {
        build.onResolve({ filter: /^node-forge$/ }, () => ({ path: './node-forge.js', external: true }));
      },
    },
    {
      // ssh2's native helpers (its crypto binding, cpu-features) are optional: it requires them inside try/catch
      // and falls back to JavaScript, so they stay out of the bundle.
      name: 'ssh2-native-optional',
      setup(build) {
        build.onResolve({ filter: /(\.node$|^cpu-features$)/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
};

/** @type {esbuild.BuildOptions} */
const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { KEYLINT_BUNDLED: 'true', CLI_VERSION: JSON.stringify(pkg.version) },
  // cluster: the local dev cluster script, so an installed extension can start one (Start a Local Dev Cluster).
  entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts', cluster: 'scripts/cluster.ts' },
  // The first and last statements of the bundle, so the activation figure includes loading the bundle itself
  // but not the time VS Code spends between loading it and calling activate() (long while a window starts up).
  banner: { js: 'globalThis.__rcLoadStart = globalThis.__rcLoadStart ?? performance.now();' },
  footer: { js: 'globalThis.__rcLoadEnd = globalThis.__rcLoadEnd ?? performance.now();' },
  outdir: 'dist',
  plugins: [
    vendorExternal,
    {
      // The MCP SDK's server imports Ajv for elicitation only, which the CLI's MCP server does not use.
      name: 'mcp-no-ajv',
      setup(build) {
        build.onResolve({ filter: /validation\/ajv-provider\.js$/ }, (args) =>
          args.importer.includes('@modelcontextprotocol') ? { path: resolve('./mcp-no-ajv.cjs') } : undefined,
        );
      },
    },
  ],
};

/** @type {esbuild.BuildOptions} */
const web = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: { dashboard: 'webview/main.ts', analyze: 'webview/analyze/main.ts' },
  outdir: 'dist/webview',
  loader: { '.css': 'css' },
};

/** @type {esbuild.BuildOptions} */
const typescriptParser = {
  bundle: true,
  minify: true,
  logLevel: 'warning',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  entryPoints: { 'parsers/typescript': 'node_modules/typescript/lib/typescript.js' },
  outdir: 'dist',
};

function copyAssets() {
  mkdirSync('dist/webview', { recursive: true });
  mkdirSync('dist/parsers', { recursive: true });
  cpSync('node_modules/@vscode/webview-ui-toolkit/dist/toolkit.min.js', 'dist/webview/toolkit.min.js');
  cpSync('node_modules/web-tree-sitter/tree-sitter.cjs', 'dist/parsers/web-tree-sitter.cjs');
  cpSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/parsers/tree-sitter.wasm');
  for (const g of ['java', 'kotlin', 'python']) {
    cpSync(`node_modules/tree-sitter-wasms/out/tree-sitter-${g}.wasm`, `dist/parsers/tree-sitter-${g}.wasm`);
  }
}

/** The TypeScript compiler changes only with node_modules: minify it once, not on every build or watch. */
async function buildTypescriptParser() {
  const out = 'dist/parsers/typescript.js';
  if (existsSync(out) && statSync(out).mtimeMs > statSync('node_modules/typescript/lib/typescript.js').mtimeMs) return;
  await esbuild.build(typescriptParser);
}

// A production build starts clean, so no stale source maps end up in the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });
copyAssets();
await buildTypescriptParser();
if (watch) {
  for (const opts of [node, vendor, web]) await (await esbuild.context(opts)).watch();
} else {
  await Promise.all([esbuild.build(node), esbuild.build(vendor), esbuild.build(web)]);
}
