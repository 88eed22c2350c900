// Cluster profile: one shape for the `redisCluster.profiles` setting and for standalone JSON profile files.
// Secrets are never part of a profile: the password comes from an environment variable or SecretStorage.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RedisClusterError, errorText } from '../common/errors';
import { KEY_STORE_FIELDS, keyStoreProblems } from '../connection/javaStoreProfile';
import { type HostPort, parseHostPort } from '../common/format';
import { natMapProblems } from '../connection/natMapSyntax';
import { type SshBastion, resolveSshPaths, sshProblems } from '../connection/ssh/sshProfile';

export { type HostPort, parseHostPort };

export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
  /** Verification is on unless a profile opts out explicitly. */
  rejectUnauthorized?: boolean;
  /** Client key store (PKCS#12, or JKS) instead of cert + key; its password never lives in the profile. */
  pfx?: string;
  pfxPasswordEnv?: string;
  /** Java trust store (PKCS#12 or JKS) instead of ca. */
  trustStore?: string;
  trustStoreType?: 'PKCS12' | 'JKS';
  trustStorePasswordEnv?: string;
}

export interface ClusterProfile {
  name: string;
  nodes: string[];
  username?: string;
  passwordEnv?: string;
  tls?: TlsOptions | false;
  readOnly?: boolean;
  protected?: boolean;
  /** Announced address ("host:port" or "host") -> reachable address, for nodes behind NAT (Docker, Kubernetes). */
  natMap?: Record<string, string>;
  /** SSH bastion: every connection to the cluster (seeds and announced addresses) goes through it. */
  ssh?: SshBastion;
}

export class ProfileError extends RedisClusterError {
  override name = 'ProfileError';
  constructor(
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(
      'profile',
      `Invalid cluster profile${source ? ` (${source})` : ''}: ${problems.join('; ')}`,
      'Correct the profile and load it again',
    );
  }
}

const TOP_KEYS = new Set(['name', 'nodes', 'username', 'passwordEnv', 'tls', 'readOnly', 'protected', 'natMap', 'ssh']);
const TLS_KEYS = new Set(['ca', 'cert', 'key', 'servername', 'rejectUnauthorized', ...KEY_STORE_FIELDS]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates untrusted input (settings, JSON files) into a profile.
 * Every problem names its field; all problems are reported at once.
 */
export function validateProfile(input: unknown, source?: string): ClusterProfile {
  const problems: string[] = [];
  if (!isRecord(input)) throw new ProfileError(['a profile must be a JSON object'], source);
  for (const k of Object.keys(input)) if (!TOP_KEYS.has(k)) problems.push(`"${k}": unknown field (allowed: ${[...TOP_KEYS].join(', ')})`);

  const name = input.name;
  if (typeof name !== 'string' || name.trim() === '') problems.push('"name": required, a non-empty string');

  const nodes = input.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) problems.push('"nodes": required, a non-empty array of "host:port" seeds');
  else
    nodes.forEach((n, i) => {
      if (typeof n !== 'string') problems.push(`"nodes[${i}]": must be a "host:port" string`);
      else {
        const hp = parseHostPort(n.trim());
        if (typeof hp === 'string') problems.push(`"nodes[${i}]": ${hp}`);
      }
    });

  for (const k of ['username', 'passwordEnv'] as const) {
    const v = input[k];
    if (v !== undefined && (typeof v !== 'string' || v === '')) problems.push(`"${k}": must be a non-empty string`);
  }
  if (typeof input.passwordEnv === 'string' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(input.passwordEnv)) {
    problems.push(`"passwordEnv": "${input.passwordEnv}" is not a valid environment variable name`);
  }
  for (const k of ['readOnly', 'protected'] as const) {
    if (input[k] !== undefined && typeof input[k] !== 'boolean') problems.push(`"${k}": must be true or false`);
  }

  const tls = input.tls;
  if (tls !== undefined && tls !== false && tls !== true) {
    if (!isRecord(tls)) problems.push('"tls": must be an object, true or false');
    else {
      for (const k of Object.keys(tls))
        if (!TLS_KEYS.has(k)) problems.push(`"tls.${k}": unknown field (allowed: ${[...TLS_KEYS].join(', ')})`);
      for (const k of ['ca', 'cert', 'key', 'servername', 'pfx', 'trustStore'] as const) {
        if (tls[k] !== undefined && (typeof tls[k] !== 'string' || tls[k] === '')) problems.push(`"tls.${k}": must be a non-empty string`);
      }
      if (tls.rejectUnauthorized !== undefined && typeof tls.rejectUnauthorized !== 'boolean')
        problems.push('"tls.rejectUnauthorized": must be true or false');
      if ((tls.cert === undefined) !== (tls.key === undefined))
        problems.push('"tls.cert" and "tls.key": give both for mutual TLS, or neither');
      problems.push(...keyStoreProblems(tls));
    }
  }
  if (input.natMap !== undefined) problems.push(...natMapProblems(input.natMap));
  if (input.ssh !== undefined) problems.push(...sshProblems(input.ssh));
  if (problems.length) throw new ProfileError(problems, source);

  const out: ClusterProfile = { name: (name as string).trim(), nodes: (nodes as string[]).map((n) => n.trim()) };
  if (input.username !== undefined) out.username = input.username as string;
  if (input.passwordEnv !== undefined) out.passwordEnv = input.passwordEnv as string;
  if (tls === true) out.tls = {};
  else if (isRecord(tls)) out.tls = { ...(tls as TlsOptions) };
  if (input.readOnly !== undefined) out.readOnly = input.readOnly as boolean;
  if (input.protected !== undefined) out.protected = input.protected as boolean;
  if (input.natMap !== undefined) out.natMap = { ...(input.natMap as Record<string, string>) };
  if (input.ssh !== undefined) out.ssh = { ...(input.ssh as SshBastion) };
  return out;
}

/** TLS verification is off only when a profile says so explicitly. */
export function isInsecure(profile: ClusterProfile): boolean {
  return !!profile.tls && profile.tls.rejectUnauthorized === false;
}

/** Makes tls file paths absolute against `baseDir`, and checks that they exist (ssh paths: absolute only). */
export function resolveProfilePaths(profile: ClusterProfile, baseDir: string): ClusterProfile {
  if (profile.ssh) profile = { ...profile, ssh: resolveSshPaths(profile.ssh, baseDir) };
  if (!profile.tls) return profile;
  const tls: TlsOptions = { ...profile.tls };
  const problems: string[] = [];
  for (const k of ['ca', 'cert', 'key', 'pfx', 'trustStore'] as const) {
    const p = tls[k];
    if (!p) continue;
    const abs = path.isAbsolute(p) ? p : path.resolve(baseDir, p);
    if (!existsSync(abs)) problems.push(`"tls.${k}": file not found: ${abs}`);
    tls[k] = abs;
  }
  if (problems.length) throw new ProfileError(problems, profile.name);
  return { ...profile, tls };
}

/** Loads a standalone profile file (the CLI's --profile). Relative TLS paths resolve against the file's folder. */
export function loadProfileFile(file: string): ClusterProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError([`cannot read profile file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`], file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileError([`not valid JSON: ${errorText(e)}`], file);
  }
  return resolveProfilePaths(validateProfile(json, file), path.dirname(path.resolve(file)));
}

/** The password for a profile from its environment variable, if any. */
export function passwordFromEnv(profile: ClusterProfile, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return profile.passwordEnv ? env[profile.passwordEnv] : undefined;
}
