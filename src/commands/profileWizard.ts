// Add Profile as one multi-step input with Back: name, seeds, TLS mode and files, user, password source, where
// to save. Returns undefined when the user cancels (Escape) at any step.
import * as l10n from '@vscode/l10n';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ClusterProfile, type TlsOptions, parseHostPort } from '../core/profiles/profile';
import type { ProfileScope } from '../services/profileStore';
import { type InputBoxStep, MultiStepInput, type QuickPickStep, type Step } from '../ui/multiStepInput';

export interface WizardResult {
  /** As stored in settings: TLS paths relative to the workspace folder when they are inside it. */
  profile: ClusterProfile;
  /** Only when the user chose SecretStorage; never written to settings. */
  password?: string;
  scope: ProfileScope;
}

const TOTAL = 7;
const title = (): string => l10n.t('Add Redis Cluster Profile');
const BROWSE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: l10n.t('Browse…') };

function workspaceDir(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** Team-shareable paths: relative to the workspace folder when inside it. */
export function settingsPath(file: string): string {
  const ws = workspaceDir();
  if (!ws) return file;
  const rel = path.relative(ws, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function validateSeeds(v: string): string | undefined {
  const parts = v.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return l10n.t('Give at least one host:port');
  for (const p of parts) {
    const hp = parseHostPort(p);
    if (typeof hp === 'string') return hp;
  }
  return undefined;
}

type TlsMode = 'ca' | 'mtls' | 'system' | 'plain';
type PasswordSource = 'secret' | 'env' | 'none';

/** Every answer so far; Back re-shows a step with its earlier answer. */
interface State {
  name: string;
  seeds: string;
  mode?: TlsMode;
  ca: string;
  cert: string;
  key: string;
  servername: string;
  username: string;
  source?: PasswordSource;
  password: string;
  passwordEnv: string;
  scope: ProfileScope;
}

interface Choice<T> extends vscode.QuickPickItem {
  id: T;
}

/** A PEM file step: type a path or press Browse…; relative paths are against the workspace folder. */
async function fileStep(input: MultiStepInput, label: string, value: string): Promise<string> {
  let current = value;
  for (;;) {
    const r = await input.inputBox({
      title: `${title()}: ${label}`,
      step: 4,
      totalSteps: TOTAL,
      buttons: [BROWSE],
      value: current,
      prompt: l10n.t('{0} (PEM). Type a path or press Browse…; paths inside the workspace are saved relative to it.', label),
      validate: (v) => {
        if (!v.trim()) return l10n.t('Give the {0} file', label);
        const abs = path.isAbsolute(v.trim()) ? v.trim() : path.resolve(workspaceDir() ?? process.cwd(), v.trim());
        return existsSync(abs) ? undefined : l10n.t('File not found: {0}', abs);
      },
    });
    if (typeof r === 'string') return r.trim();
    const uris = await vscode.window.showOpenDialog({
      title: `${title()}: ${label}`,
      openLabel: l10n.t('Use as {0}', label),
      canSelectMany: false,
      filters: { [l10n.t('PEM files')]: ['pem', 'crt', 'cer', 'key'], [l10n.t('All files')]: ['*'] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (uris?.[0]) current = settingsPath(uris[0].fsPath);
  }
}

/** Text steps have no extra button, so the answer is always the text. */
async function text(input: MultiStepInput, o: InputBoxStep): Promise<string> {
  const r = await input.inputBox(o);
  return typeof r === 'string' ? r : '';
}

async function choose<T>(input: MultiStepInput, o: QuickPickStep<Choice<T>>, current: T | undefined): Promise<T> {
  const r = await input.quickPick({ ...o, active: o.items.find((i) => i.id === current) });
  return (r as Choice<T>).id;
}

export async function runProfileWizard(existingNames: string[]): Promise<WizardResult | undefined> {
  const st: State = {
    name: '',
    seeds: '',
    ca: '',
    cert: '',
    key: '',
    servername: '',
    username: '',
    password: '',
    passwordEnv: 'REDIS_PASSWORD',
    scope: 'user',
  };

  const name: Step = async (input) => {
    st.name = (
      await text(input, {
        title: title(),
        step: 1,
        totalSteps: TOTAL,
        value: st.name,
        prompt: l10n.t('Profile name (shown in the tree)'),
        placeholder: l10n.t('e.g. staging'),
        validate: (v) =>
          !v.trim()
            ? l10n.t('Give the profile a name')
            : existingNames.includes(v.trim())
              ? l10n.t('A profile named "{0}" exists already', v.trim())
              : undefined,
      })
    ).trim();
    return seeds;
  };
  const seeds: Step = async (input) => {
    st.seeds = await text(input, {
      title: title(),
      step: 2,
      totalSteps: TOTAL,
      value: st.seeds,
      placeholder: '127.0.0.1:7100, 127.0.0.1:7101',
      validate: validateSeeds,
      prompt: l10n.t(
        'Seed nodes as host:port, separated by commas (the TLS port for TLS clusters). Several seeds survive one node being down.',
      ),
    });
    return mode;
  };
  const mode: Step = async (input) => {
    st.mode = await choose<TlsMode>(
      input,
      {
        title: title(),
        step: 3,
        totalSteps: TOTAL,
        placeholder: l10n.t('How do the nodes speak?'),
        items: [
          { label: l10n.t('TLS with a CA file'), detail: l10n.t('Verify the servers against your CA (PEM)'), id: 'ca' },
          { label: l10n.t('Mutual TLS'), detail: l10n.t('CA file plus a client certificate and key'), id: 'mtls' },
          {
            label: l10n.t('TLS with the system CAs'),
            detail: l10n.t('Servers have publicly trusted certificates'),
            id: 'system',
          },
          { label: l10n.t('No TLS'), detail: l10n.t('Plain TCP: passwords and data travel unencrypted'), id: 'plain' },
        ],
      },
      st.mode,
    );
    return st.mode === 'plain' ? username : st.mode === 'system' ? servername : ca;
  };
  const ca: Step = async (input) => {
    st.ca = await fileStep(input, l10n.t('CA certificate'), st.ca);
    return st.mode === 'mtls' ? cert : servername;
  };
  const cert: Step = async (input) => {
    st.cert = await fileStep(input, 'client certificate', st.cert);
    return key;
  };
  const key: Step = async (input) => {
    st.key = await fileStep(input, 'client key', st.key);
    return servername;
  };
  const servername: Step = async (input) => {
    st.servername = (
      await text(input, {
        title: title(),
        step: 4,
        totalSteps: TOTAL,
        value: st.servername,
        placeholder: l10n.t('leave empty to check the seed addresses'),
        prompt: l10n.t(
          'TLS server name to verify (optional): needed when the certificate names a host, e.g. localhost, and the seeds are IP addresses',
        ),
      })
    ).trim();
    return username;
  };
  const username: Step = async (input) => {
    st.username = (
      await text(input, {
        title: title(),
        step: 5,
        totalSteps: TOTAL,
        value: st.username,
        prompt: l10n.t('ACL user name (optional; empty for the default user)'),
      })
    ).trim();
    return source;
  };
  const source: Step = async (input) => {
    st.source = await choose<PasswordSource>(
      input,
      {
        title: title(),
        step: 6,
        totalSteps: TOTAL,
        placeholder: l10n.t('Password'),
        items: [
          {
            label: l10n.t('Store a password in SecretStorage'),
            detail: l10n.t('Kept by VS Code, never in settings'),
            id: 'secret',
          },
          {
            label: l10n.t('Read it from an environment variable'),
            detail: l10n.t('The profile records the variable name only'),
            id: 'env',
          },
          { label: l10n.t('No password'), id: 'none' },
        ],
      },
      st.source,
    );
    return st.source === 'secret' ? password : st.source === 'env' ? passwordEnv : where;
  };
  const password: Step = async (input) => {
    st.password = await text(input, {
      title: title(),
      step: 6,
      totalSteps: TOTAL,
      value: st.password,
      prompt: l10n.t('Password'),
      password: true,
    });
    return where;
  };
  const passwordEnv: Step = async (input) => {
    st.passwordEnv = await text(input, {
      title: title(),
      step: 6,
      totalSteps: TOTAL,
      value: st.passwordEnv,
      prompt: l10n.t('Environment variable that holds the password'),
      validate: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : l10n.t('Not a valid variable name')),
    });
    return where;
  };
  const where: Step = async (input) => {
    if (!workspaceDir()) {
      st.scope = 'user';
      return undefined;
    }
    st.scope = await choose<ProfileScope>(
      input,
      {
        title: title(),
        step: 7,
        totalSteps: TOTAL,
        placeholder: l10n.t('Save the profile in'),
        items: [
          {
            label: l10n.t('Workspace settings'),
            detail: l10n.t('Shared with the team when .vscode/settings.json is committed'),
            id: 'workspace',
          },
          { label: l10n.t('User settings'), detail: l10n.t('Only on this machine'), id: 'user' },
        ],
      },
      st.scope,
    );
    return undefined;
  };

  if (!(await MultiStepInput.run(name))) return undefined;
  const profile: ClusterProfile = { name: st.name, nodes: st.seeds.split(/[\s,]+/).filter(Boolean) };
  if (st.username) profile.username = st.username;
  if (st.source === 'env') profile.passwordEnv = st.passwordEnv;
  if (st.mode !== 'plain') {
    const tls: TlsOptions = {};
    if (st.mode === 'ca' || st.mode === 'mtls') tls.ca = st.ca;
    if (st.mode === 'mtls') Object.assign(tls, { cert: st.cert, key: st.key });
    if (st.servername) tls.servername = st.servername;
    profile.tls = tls;
  }
  return { profile, password: st.source === 'secret' && st.password ? st.password : undefined, scope: st.scope };
}
