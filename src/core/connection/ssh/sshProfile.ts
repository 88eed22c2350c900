// The `ssh` block of a profile: the bastion every connection to the cluster goes through. Like the rest of a
// profile it holds no secret: a key passphrase comes from SecretStorage or the variable named in passphraseEnv.
import * as os from 'node:os';
import * as path from 'node:path';

export interface SshBastion {
  host: string;
  /** 22 unless given. */
  port?: number;
  username: string;
  /** An OpenSSH or PEM private key; give this or `agent`. */
  privateKeyPath?: string;
  /** Variable holding the private key's passphrase (the editor may keep it in SecretStorage instead). */
  passphraseEnv?: string;
  /** true: the agent at $SSH_AUTH_SOCK (Pageant on Windows); a string: that agent socket or pipe. */
  agent?: boolean | string;
  /** ~/.ssh/known_hosts unless given. */
  knownHostsPath?: string;
}

export const SSH_KEYS = ['host', 'port', 'username', 'privateKeyPath', 'passphraseEnv', 'agent', 'knownHostsPath'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Problems with an (untrusted) ssh object; empty when it is fine. */
export function sshProblems(ssh: unknown): string[] {
  if (!isRecord(ssh)) return ['"ssh": must be an object {host, username, privateKeyPath | agent, ...}'];
  const problems: string[] = [];
  const allowed = new Set<string>(SSH_KEYS);
  for (const k of Object.keys(ssh)) if (!allowed.has(k)) problems.push(`"ssh.${k}": unknown field (allowed: ${SSH_KEYS.join(', ')})`);
  for (const k of ['host', 'username'] as const) {
    if (typeof ssh[k] !== 'string' || ssh[k] === '') problems.push(`"ssh.${k}": required, a non-empty string`);
  }
  for (const k of ['privateKeyPath', 'knownHostsPath'] as const) {
    if (ssh[k] !== undefined && (typeof ssh[k] !== 'string' || ssh[k] === '')) problems.push(`"ssh.${k}": must be a non-empty string`);
  }
  const port = ssh.port;
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
    problems.push('"ssh.port": must be a port number (1-65535)');
  }
  const agent = ssh.agent;
  if (agent !== undefined && typeof agent !== 'boolean' && (typeof agent !== 'string' || agent === '')) {
    problems.push('"ssh.agent": must be true (the agent at $SSH_AUTH_SOCK) or an agent socket path');
  }
  const hasKey = ssh.privateKeyPath !== undefined;
  const hasAgent = agent !== undefined && agent !== false;
  if (hasKey === hasAgent) problems.push('"ssh": give either "privateKeyPath" or "agent"');
  if (ssh.passphraseEnv !== undefined) {
    if (typeof ssh.passphraseEnv !== 'string' || !ENV_NAME.test(ssh.passphraseEnv)) {
      problems.push('"ssh.passphraseEnv": must be an environment variable name');
    } else if (!hasKey) problems.push('"ssh.passphraseEnv": set only together with ssh.privateKeyPath');
  }
  return problems;
}

/** `~/` and relative paths made absolute (relative ones against the profile file's folder). */
export function resolveSshPaths(ssh: SshBastion, baseDir: string): SshBastion {
  const abs = (p: string | undefined) => {
    if (p === undefined) return undefined;
    if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
    return path.isAbsolute(p) ? p : path.resolve(baseDir, p);
  };
  const out: SshBastion = { ...ssh };
  if (ssh.privateKeyPath !== undefined) out.privateKeyPath = abs(ssh.privateKeyPath);
  if (ssh.knownHostsPath !== undefined) out.knownHostsPath = abs(ssh.knownHostsPath);
  return out;
}

export function knownHostsFile(ssh: SshBastion): string {
  return ssh.knownHostsPath ?? path.join(os.homedir(), '.ssh', 'known_hosts');
}

/** The bastion as ssh would name it in a message: user@host:port. */
export function bastionLabel(ssh: SshBastion): string {
  return `${ssh.username}@${ssh.host}:${ssh.port ?? 22}`;
}
