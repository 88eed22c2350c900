// Runs every test layer and prints one total: `N passed, N failed` (always the last line).
// Layers: static (typecheck, lint, import cycles, package, .vsix size and contents), unit, integration, reliability,
// vscode (extension host), e2e (browser).
// The shared TLS cluster is started once for the layers that need it and always stopped.
// Usage: node scripts/test-all.mjs [--only layer[,layer]] [--skip layer[,layer]]
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

const argv = process.argv.slice(2);
const listArg = (flag) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1].split(',') : undefined;
};
const only = listArg('--only');
const skip = listArg('--skip') ?? [];
const wanted = (layer) => (!only || only.includes(layer)) && !skip.includes(layer);

const MOCHA = ['node_modules/.bin/mocha', '--require', 'tsx/cjs', '--reporter', './scripts/mocha-count-reporter.cjs'];

/** Each layer is a command whose output ends with `LAYER <name> passed=N failed=M`. */
const layers = [
  { name: 'static', cluster: false, run: staticChecks },
  { name: 'unit', cluster: false, cmd: ['npx', 'mocha', '--config', 'test/unit/.mocharc.json', '--reporter-option', 'layer=unit'] },
  {
    name: 'integration',
    cluster: true,
    cmd: [...MOCHA, '--reporter-option', 'layer=integration', '--timeout', '180000', 'test/integration/**/*.test.ts'],
  },
  {
    name: 'reliability',
    cluster: true,
    cmd: [...MOCHA, '--reporter-option', 'layer=reliability', '--timeout', '300000', 'test/reliability/**/*.test.ts'],
    optionalDir: 'test/reliability',
  },
  // Three runs, one count: the normal extension host, Restricted Mode (workspace trust on, folder untrusted), then the
  // installed .vsix in ExtensionMode.Production (no test hooks).
  {
    name: 'vscode',
    cluster: true,
    cmd: ['node', 'scripts/run-vscode-tests.mjs'],
    passes: [{}, { VSCODE_TEST_UNTRUSTED: '1' }, { VSCODE_TEST_INSTALLED: '1' }],
  },
  { name: 'e2e', cluster: true, cmd: ['node', 'scripts/run-e2e-tests.mjs'] },
];

const totals = { passed: 0, failed: 0 };
const summary = [];

function record(name, passed, failed, note = '') {
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`${name.padEnd(12)} ${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed ${note}`);
}

function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, tail }));
  });
}

function layerCounts(name, { code, tail }) {
  const m = [...tail.matchAll(/LAYER (\S+) passed=(\d+) failed=(\d+)/g)].filter((x) => x[1] === name).pop();
  if (!m) return { passed: 0, failed: 1, note: `(no result line; exit ${code})` };
  const failed = Number(m[3]) + (code !== 0 && Number(m[3]) === 0 ? 1 : 0);
  return { passed: Number(m[2]), failed, note: code !== 0 && Number(m[3]) === 0 ? `(exit ${code})` : '' };
}

/** Runs a layer's command once per pass (extra environment each) and adds up the counts. */
async function runPasses(layer, env) {
  const total = { passed: 0, failed: 0, note: '' };
  for (const extra of layer.passes ?? [{}]) {
    const r = layerCounts(layer.name, await run(layer.cmd, { ...env, ...extra }));
    total.passed += r.passed;
    total.failed += r.failed;
    total.note = [total.note, r.note].filter(Boolean).join(' ');
  }
  return total;
}

async function staticChecks() {
  let passed = 0;
  let failed = 0;
  const checks = [
    // One type check per runtime: Node (no DOM types), the webview (DOM, no Node types), the e2e tests (both).
    ['typecheck', ['npm', 'run', '-s', 'typecheck']],
    ['lint (incl. the layers of docs/architecture.md)', ['npx', 'eslint', 'src', 'webview', 'test', 'bench', 'scripts']],
    ['no import cycles (type-only included)', ['node', 'scripts/check-cycles.mjs']],
    ['formatted (Prettier), no line over 140 characters', ['node', 'scripts/check-format.mjs']],
    ['l10n bundle and package.nls.json up to date', ['node', 'scripts/check-l10n.mjs']],
    ['build', ['node', 'scripts/build.mjs', '--production']],
    ['package .vsix', ['npx', 'vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', 'dist/redis-cluster.vsix']],
  ];
  for (const [label, cmd] of checks) {
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit' });
    const ok = r.status === 0;
    console.log(`${ok ? '  ✔' : '  ✘'} ${label}`);
    if (ok) passed++;
    else failed++;
  }
  const size = (() => {
    try {
      return statSync('dist/redis-cluster.vsix').size;
    } catch {
      return Infinity;
    }
  })();
  // Over the 2 MB first budget because of the keys-in-code parsers and the packaged README images (README, Keys in code);
  // 4 MB since the SSH client (ssh2), the MCP server (in dist/cli.js), the Analyze Keyspace report and the walkthrough.
  const limitKiB = 4096;
  const small = size <= limitKiB * 1024;
  console.log(`${small ? '  ✔' : '  ✘'} .vsix is ${(size / 1024).toFixed(0)} KiB (limit ${limitKiB} KiB)`);
  if (small) passed++;
  else failed++;
  // The installed extension's page shows the packaged README: its images must be in the package, and so must
  // the CLI the log's action lines run.
  const { missingFromVsix } = await import('./vsix-contents.mjs');
  const missing = (() => {
    try {
      return missingFromVsix('dist/redis-cluster.vsix');
    } catch (e) {
      return [String(e)];
    }
  })();
  const why = missing.length ? `; missing: ${missing.join(', ')}` : '';
  console.log(`${missing.length ? '  ✘' : '  ✔'} .vsix holds the README's images, dist/cli.js and the l10n files${why}`);
  if (missing.length) failed++;
  else passed++;
  // Later layers load the development build (with source maps).
  spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  return { passed, failed, note: '' };
}

async function main() {
  let cluster;
  const env = { ...process.env };
  try {
    for (const layer of layers) {
      if (!wanted(layer.name)) continue;
      if (layer.optionalDir) {
        try {
          statSync(layer.optionalDir);
        } catch {
          continue;
        }
      }
      console.log(`\n=== ${layer.name} ===`);
      if (layer.cluster && !cluster) {
        const { startCluster } = await import('./cluster-launcher.mjs');
        // The shared block of test/support/ports.ts; TEST_PORT_OFFSET moves every test cluster of a run.
        cluster = await startCluster(['--base-port', String(7100 + Number(process.env.TEST_PORT_OFFSET ?? 0))]);
        Object.assign(env, cluster.env, { REDIS_CLUSTER_DIR: cluster.dir });
        if (!env.VSCODE_TEST_WORKSPACE_SETTINGS) {
          const { workspaceSettingsFor } = await import('./vscode-workspace-settings.mjs');
          env.VSCODE_TEST_WORKSPACE_SETTINGS = JSON.stringify(workspaceSettingsFor(cluster.profilePath));
        }
      }
      const result = layer.run ? await layer.run() : await runPasses(layer, env);
      record(layer.name, result.passed, result.failed, result.note);
    }
  } catch (e) {
    console.error(`test run aborted: ${e instanceof Error ? e.stack : e}`);
    record('harness', 0, 1, '(aborted)');
  } finally {
    if (cluster) {
      const { stopCluster } = await import('./cluster-launcher.mjs');
      await stopCluster(cluster).catch((e) => console.error(`stopping the test cluster failed: ${e}`));
    }
  }
  console.log('\n=== summary ===');
  for (const line of summary) console.log(line);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed ? 1 : 0;
}

await main();
