// Two esbuild contexts: the extension (+ CLI) for Node, the dashboard app for the browser.
// Type checking is separate (npm run typecheck), as in the official esbuild sample.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

/** @type {esbuild.BuildOptions} */
const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // cluster: the local dev cluster script, so an installed extension can start one (Start a Local Dev Cluster).
  entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts', cluster: 'scripts/cluster.ts' },
  // The first and last statements of the bundle, so the activation figure includes loading the bundle itself
  // but not the time VS Code spends between loading it and calling activate() (long while a window starts up).
  banner: { js: 'globalThis.__rcLoadStart = globalThis.__rcLoadStart ?? performance.now();' },
  footer: { js: 'globalThis.__rcLoadEnd = globalThis.__rcLoadEnd ?? performance.now();' },
  outdir: 'dist',
};

/** @type {esbuild.BuildOptions} */
const web = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  entryPoints: { dashboard: 'webview/main.ts' },
  outdir: 'dist/webview',
  loader: { '.css': 'css' },
};

function copyAssets() {
  mkdirSync('dist/webview', { recursive: true });
  cpSync('node_modules/@vscode/webview-ui-toolkit/dist/toolkit.min.js', 'dist/webview/toolkit.min.js');
}

// A production build starts clean, so no stale source maps end up in the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const opts of [node, web]) await (await esbuild.context(opts)).watch();
} else {
  await Promise.all([esbuild.build(node), esbuild.build(web)]);
}
