// Provisioning and launching a real VS Code (code-server 4.100.3 = VS Code 1.100.3) for tests.
// Why code-server: @vscode/test-electron downloads VS Code from Microsoft, which these machines
// cannot reach; code-server installs from npm and runs a Node extension host (ioredis needs net/tls).
// Recipe and pitfalls: /work/shared/notes/real-vscode.md.
//
// CLI: `node scripts/code-server.mjs install` installs only (CI calls it).
import { spawn, spawnSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const execFileP = promisify(execFile);

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Ports reserved for code-server on this shared machine. */
// CODE_SERVER_PORT_RANGE="8880-8919" lets a developer who was given other ports stay inside them.
export const PORT_RANGE = /^(\d+)-(\d+)$/.test(process.env.CODE_SERVER_PORT_RANGE ?? '')
  ? { min: Number(process.env.CODE_SERVER_PORT_RANGE.split('-')[0]), max: Number(process.env.CODE_SERVER_PORT_RANGE.split('-')[1]) }
  : { min: 8700, max: 8799 };
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const installDir = process.env.CODE_SERVER_INSTALL_DIR
  ? resolve(process.env.CODE_SERVER_INSTALL_DIR)
  : join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const markerFile = join(installDir, '.installed.json');
const binPath = join(installDir, 'node_modules', '.bin', 'code-server');
const lockDir = `${installDir}.lock`;

function log(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

/** Env for code-server so it never writes ~/.config or ~/.local, nor leaves sockets in /tmp. */
function isolatedEnv(base, extra = {}) {
  const root = mkdtempSync(join(tmpdir(), 'rc-cs-'));
  const dirs = {
    root,
    xdgConfig: join(root, 'xdg-config'),
    xdgData: join(root, 'xdg-data'),
    tmp: join(root, 'tmp'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env = {
    ...base,
    ...extra,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{}',
  };
  return { env, dirs };
}

async function runnable() {
  if (!existsSync(markerFile) || !existsSync(binPath)) return false;
  const { env, dirs } = isolatedEnv(process.env);
  try {
    const { stdout } = await execFileP(binPath, ['--version'], { env, timeout: 30_000 });
    return stdout.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  } catch {
    return false;
  } finally {
    rmSync(dirs.root, { recursive: true, force: true });
  }
}

function run(cmd, args, opts) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-8000);
      if (process.env.CODE_SERVER_INSTALL_VERBOSE) process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolveRun(tail);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n--- last output ---\n${tail}`));
    });
  });
}

/** The ripgrep asset code-server's @vscode/ripgrep would download from GitHub, read from the packages. */
async function ripgrepAsset(work) {
  await run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: work });
  const csTgz = readdirSync(work).find((f) => f.startsWith('code-server-') && f.endsWith('.tgz'));
  if (!csTgz) throw new Error('npm pack code-server produced no tarball');
  await run('tar', ['-xzf', csTgz, 'package/lib/vscode/npm-shrinkwrap.json'], { cwd: work });
  const shrink = JSON.parse(readFileSync(join(work, 'package/lib/vscode/npm-shrinkwrap.json'), 'utf8'));
  const pkgVersion = shrink.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!pkgVersion) throw new Error('@vscode/ripgrep not found in code-server lib/vscode/npm-shrinkwrap.json');
  rmSync(join(work, 'package'), { recursive: true, force: true });

  await run('npm', ['pack', `@vscode/ripgrep@${pkgVersion}`, '--silent'], { cwd: work });
  const rgTgz = readdirSync(work).find((f) => f.startsWith('vscode-ripgrep-') && f.endsWith('.tgz'));
  if (!rgTgz) throw new Error('npm pack @vscode/ripgrep produced no tarball');
  await run('tar', ['-xzf', rgTgz, 'package/lib/postinstall.js'], { cwd: work });
  const post = readFileSync(join(work, 'package/lib/postinstall.js'), 'utf8');
  const rgVersion = /const VERSION = '([^']+)'/.exec(post)?.[1];
  if (!rgVersion) throw new Error('could not read VERSION from @vscode/ripgrep lib/postinstall.js');
  const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
  const target = targets[process.arch];
  if (process.platform !== 'linux' || !target) {
    throw new Error(`ripgrep tarball trick only implemented for linux x64/arm64, not ${process.platform}/${process.arch}`);
  }
  return { pkgVersion, asset: `ripgrep-${rgVersion}-${target}.tar.gz`, csTgz: join(work, csTgz) };
}

async function withLock(fn) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      let alive = true;
      if (Number.isInteger(holder) && holder > 0) {
        try {
          process.kill(holder, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Installs code-server on demand into .vscode-test/ (idempotent, guarded by a marker file and a
 * `--version` probe) and returns the path of its binary.
 */
export async function ensureCodeServer() {
  if (await runnable()) return binPath;
  return withLock(async () => {
    if (await runnable()) return binPath; // another process finished it while we waited
    if (Number(process.versions.node.split('.')[0]) !== 20) {
      throw new Error(`code-server ${CODE_SERVER_VERSION} installs only under Node 20 (this is ${process.version})`);
    }
    const rg = process.env.RIPGREP_PATH || '/usr/bin/rg';
    if (!existsSync(rg)) throw new Error(`${rg} missing: apt-get install -y ripgrep (code-server needs rg; GitHub is unreachable)`);

    const started = Date.now();
    log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir} (about 1-2 min, ~300 MB)`);
    rmSync(installDir, { recursive: true, force: true });
    mkdirSync(installDir, { recursive: true });
    const work = mkdtempSync(join(dirname(installDir), 'install-tmp-'));
    try {
      const { pkgVersion, asset } = await ripgrepAsset(work);
      // @vscode/ripgrep looks in $TMPDIR/vscode-ripgrep-cache-<pkgVersion>/<asset> before GitHub.
      const rgStage = join(work, 'rg-stage');
      const cache = join(work, `vscode-ripgrep-cache-${pkgVersion}`);
      mkdirSync(rgStage, { recursive: true });
      mkdirSync(cache, { recursive: true });
      copyFileSync(rg, join(rgStage, 'rg'));
      await run('tar', ['-czf', join(cache, asset), '-C', rgStage, 'rg']);
      log(`ripgrep ${asset} staged from ${rg}`);

      writeFileSync(
        join(installDir, 'package.json'),
        JSON.stringify({ name: 'code-server-host', private: true, description: 'test-only install, see scripts/code-server.mjs' }, null, 2),
      );
      await run(
        'npm',
        [
          'install',
          `code-server@${CODE_SERVER_VERSION}`,
          '--unsafe-perm',
          '--no-audit',
          '--no-fund',
          '--no-save',
          '--no-package-lock',
          '--loglevel=error',
        ],
        {
          cwd: installDir,
          env: {
            ...process.env,
            TMPDIR: work,
            npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
            npm_config_unsafe_perm: 'true',
            XDG_CONFIG_HOME: join(work, 'xdg-config'),
            XDG_DATA_HOME: join(work, 'xdg-data'),
          },
        },
      );
      const rgInstalled = join(installDir, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
      if (!existsSync(rgInstalled)) throw new Error(`install finished but ${rgInstalled} is missing`);
      writeFileSync(
        markerFile,
        JSON.stringify(
          {
            version: CODE_SERVER_VERSION,
            node: process.version,
            ripgrep: asset,
            installedAt: new Date().toISOString(),
            seconds: Math.round((Date.now() - started) / 1000),
          },
          null,
          2,
        ),
      );
    } catch (e) {
      rmSync(markerFile, { force: true });
      throw new Error(
        `code-server ${CODE_SERVER_VERSION} install failed: ${e instanceof Error ? e.message : String(e)}\n` +
          'Needs: Node 20, npm registry access, apt packages chromium ripgrep libkrb5-dev (kerberos needs gssapi.h), ' +
          'a C++ toolchain for node-pty. Retry with CODE_SERVER_INSTALL_VERBOSE=1 for the full log.',
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    if (!(await runnable())) throw new Error(`code-server installed into ${installDir} but \`code-server --version\` fails`);
    log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return binPath;
  });
}

function portFree(port) {
  return new Promise((resolveFree) => {
    const srv = createServer();
    srv.once('error', () => resolveFree(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolveFree(true)));
  });
}

/** First free port in 8700-8799 starting at `preferred`. */
export async function findFreePort(preferred = 8711) {
  const size = PORT_RANGE.max - PORT_RANGE.min + 1;
  // A preferred port outside CODE_SERVER_PORT_RANGE starts at the range's start: its offset would leave the range.
  const start = preferred >= PORT_RANGE.min && preferred <= PORT_RANGE.max ? preferred - PORT_RANGE.min : 0;
  for (let i = 0; i < size; i++) {
    const port = PORT_RANGE.min + ((start + i) % size);
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE.min}-${PORT_RANGE.max}`);
}

const live = new Set();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a throw-away code-server with its own temp XDG/TMPDIR/user-data dirs.
 * `workspaceTrust: true` leaves workspace trust on (the opened folder starts untrusted, with no startup prompt);
 * the default turns it off, as every other run wants.
 * `installExtensions`: .vsix files installed into the fresh extensions dir first (code-server --install-extension),
 * as a user installs them; such an extension runs in ExtensionMode.Production.
 * @param {{ port: number, folder?: string, env?: Record<string, string|undefined>, userSettings?: Record<string, unknown>,
 *   healthTimeoutMs?: number, workspaceTrust?: boolean, installExtensions?: string[] }} opts
 */
export async function startCodeServer({
  port,
  folder,
  env = {},
  userSettings = {},
  healthTimeoutMs = 60_000,
  workspaceTrust = false,
  installExtensions = [],
}) {
  if (!Number.isInteger(port) || port < PORT_RANGE.min || port > PORT_RANGE.max) {
    throw new Error(`code-server port ${port} outside the reserved range ${PORT_RANGE.min}-${PORT_RANGE.max}`);
  }
  if (!(await portFree(port))) throw new Error(`port ${port} is already in use (another code-server?)`);
  const bin = await ensureCodeServer();
  const { env: childEnv, dirs } = isolatedEnv(process.env, env);
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': workspaceTrust,
        ...(workspaceTrust ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'workbench.tips.enabled': false,
        ...userSettings,
      },
      null,
      2,
    ),
  );
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];
  for (const vsix of installExtensions) {
    const r = spawnSync(bin, ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], {
      env: childEnv,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      rmSync(dirs.root, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed (${r.status}): ${r.stderr || r.stdout}`);
    }
  }
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (folder) args.push(folder);
  // Own process group, so stop() can reach the extension host and pty children too.
  const child = spawn(bin, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child.pid);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (process.env.CODE_SERVER_VERBOSE) process.stderr.write(`[code-server:${port}] ${chunk}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((r) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    }),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 10_000))]);
    }
    // Children (extension host, file watcher) exit a few seconds after the server.
    const deadline = Date.now() + 5_000;
    while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    live.delete(child.pid);
    rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited early (${JSON.stringify(exited)})\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within ${healthTimeoutMs} ms\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, stop, dirs, output: () => output };
}

/** Chromium from Debian through playwright-core; a fresh XDG config dir that is removed on close. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
  const xdg = mkdtempSync(join(tmpdir(), 'rc-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: xdg },
  });
  browser.once('disconnected', () => rmSync(xdg, { recursive: true, force: true }));
  return browser;
}

/**
 * The workbench URL with the extension loaded from `extensionDevelopmentPath` (no install), and the
 * extension-host test entry if given (the remote host then calls its `run()`).
 * @param {{ port: number, folder: string, extensionDevelopmentPath: string, extensionTestsPath?: string }} opts
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return (
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(resolve(folder)).replace(/%2F/g, '/')}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

// No top-level await: the e2e helper (CommonJS under tsx) may load this file with require().
async function cli(cmd) {
  if (cmd !== 'install') {
    console.error('usage: node scripts/code-server.mjs install');
    return 2;
  }
  const t0 = Date.now();
  try {
    const bin = await ensureCodeServer();
    console.log(`code-server ${CODE_SERVER_VERSION} ready: ${bin} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv[2]).then((code) => {
    process.exitCode = code;
  });
}
