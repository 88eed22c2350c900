// "Start a Local Dev Cluster" for an installed user: runs the bundled cluster script (dist/cluster.js) when
// redis-server, redis-cli and openssl are on PATH, then adds its profile and password; otherwise says what to install.
import * as l10n from '@vscode/l10n';
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import { profileId } from '../core/profiles/profileRef';
import { errorText } from '../core/common/errors';
import { loadProfileFile } from '../core/profiles/profile';
import type { Services } from '../services';
import type { CommandHandler } from './types';

interface StartedCluster {
  dir: string;
  password: string;
  profilePath: string;
}

interface DevClusterArg {
  basePort?: number;
}

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs dist/cluster.js with the extension host's Node (Electron in node mode on the desktop). */
function runScript(s: Services, args: string[], timeoutMs: number): Promise<ScriptResult> {
  const script = vscode.Uri.joinPath(s.context.extensionUri, 'dist', 'cluster.js').fsPath;
  return new Promise((resolve, reject) => {
    const child = fork(script, args, { silent: true, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

function isStarted(v: unknown): v is StartedCluster {
  return (
    typeof v === 'object' &&
    v !== null &&
    'dir' in v &&
    'password' in v &&
    'profilePath' in v &&
    typeof v.dir === 'string' &&
    typeof v.password === 'string' &&
    typeof v.profilePath === 'string'
  );
}

async function showGuide(s: Services): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(s.context.extensionUri, 'docs', 'dev-cluster.md'));
}

/** Returns the new profile's name, or undefined when nothing was started. */
async function startDevCluster(s: Services, arg: unknown): Promise<string | undefined> {
  const given = typeof arg === 'object' && arg !== null ? (arg as DevClusterArg).basePort : undefined;
  const basePort = typeof given === 'number' ? given : 7100;
  const tools = await runScript(s, ['tools', '--json'], 10_000);
  const missing = (JSON.parse(tools.stdout || '{"missing":[]}') as { missing: { tool: string; install: string }[] }).missing;
  if (missing.length) {
    const text = l10n.t(
      'Redis Cluster: the local dev cluster needs {0} on PATH. Install {1}. Then run this command again.',
      missing.map((m) => m.tool).join(', '),
      [...new Set(missing.map((m) => m.install))].join('; '),
    );
    s.log.warn(text);
    void vscode.window.showWarningMessage(text, l10n.t('Open Guide')).then((a) => (a ? showGuide(s) : undefined));
    return undefined;
  }
  const r = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: l10n.t('Redis Cluster: starting a local TLS cluster on 127.0.0.1:{0}…', basePort),
    },
    // --reuse: a cluster left running from an earlier session is taken as it is.
    () => runScript(s, ['start', '--json', '--reuse', '--base-port', String(basePort)], 90_000),
  );
  let info: unknown;
  try {
    info = JSON.parse(r.stdout);
  } catch {
    info = undefined;
  }
  if (r.code !== 0 || !isStarted(info)) {
    const why = r.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${r.code}`;
    s.log.error(`Start a Local Dev Cluster failed: ${why}`);
    void vscode.window
      .showErrorMessage(l10n.t('Redis Cluster: the local dev cluster did not start: {0}', why), l10n.t('Open Guide'))
      .then((a) => (a ? showGuide(s) : undefined));
    return undefined;
  }
  s.log.addSecret(info.password);
  try {
    const profile = loadProfileFile(info.profilePath);
    const scope = vscode.workspace.workspaceFolders?.length ? 'workspace' : 'user';
    // The secret belongs to the saved profile's identity (scope + name), so the profile is saved first.
    await s.profiles.save(profile, scope);
    await s.profiles.setPassword(profileId(scope, profile.name), info.password);
    s.log.info(
      `Local dev cluster started in ${info.dir}; profile "${profile.name}" added (${scope} settings). ` +
        `Stop it with: node "${vscode.Uri.joinPath(s.context.extensionUri, 'dist', 'cluster.js').fsPath}" stop --dir "${info.dir}"`,
    );
    await s.connections.connect(profileId(scope, profile.name));
    void vscode.window.showInformationMessage(l10n.t('Redis Cluster: local dev cluster "{0}" is running and connected.', profile.name));
    return profile.name;
  } catch (e) {
    void vscode.window.showErrorMessage(
      l10n.t('Redis Cluster: the dev cluster started, but its profile could not be added: {0}', errorText(e)),
    );
    return undefined;
  }
}

export function devClusterCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.startDevCluster': (arg) => startDevCluster(s, arg),
  };
}
