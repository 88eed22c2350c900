// Cluster profile: one shape for the `redisCluster.profiles` setting and for standalone JSON profile files.
// Secrets are never part of a profile: the password comes from an environment variable or SecretStorage.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RedisClusterError, errorText } from '../common/errors';
import { type HostPort, parseHostPort } from '../common/format';
import { type SshBastion, resolveSshPaths, sshProblems } from '../connection/ssh/sshProfile';
import profileSchema from '../../../schemas/profile.schema.json';
import { type JsonSchema, schemaProblems } from './schemaCheck';

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

const PROFILE_SCHEMA = profileSchema as JsonSchema;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates untrusted input (settings, JSON files) into a profile, by schemas/profile.schema.json: the schema the
 * editor validates settings and profile files with. Every problem names its field; all are reported at once.
 */
export function validateProfile(input: unknown, source?: string): ClusterProfile {
  const problems = schemaProblems(PROFILE_SCHEMA, input);
  // What one schema cannot say: an SSH bastion logs in with a key file or an agent, not both or neither, and a
  // passphrase only goes with a key file (sshProblems' other checks repeat the schema's, so only these are kept).
  if (isRecord(input) && isRecord(input.ssh))
    problems.push(...sshProblems(input.ssh).filter((p) => p.startsWith('"ssh":') || /set only together/.test(p)));
  if (problems.length || !isRecord(input)) throw new ProfileError(problems, source);
  // Every field the schema allows is kept (a copy, so the caller's object stays its own): a new profile property
  // needs only the schema and the ClusterProfile type. `tls: true` means TLS with the defaults.
  const out = structuredClone(input) as unknown as ClusterProfile;
  out.name = out.name.trim();
  if (out.tls === (true as unknown)) out.tls = {};
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
