// Replayable log lines: an admin action written as the exact shell line that runs the shipped CLI
// (dist/cli.js) on an exported profile file, so it can be copied from the log and run as printed.
import type { ClusterProfile } from '../profiles/profile';

/** The variable an exported profile names when the profile itself keeps its password in SecretStorage. */
export const DEFAULT_PASSWORD_ENV = 'REDIS_CLUSTER_PASSWORD';

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(text: string): string {
  return /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * A file name for a profile: its name with anything outside [A-Za-z0-9._-] replaced. The .redis-cluster.json
 * suffix gives the file the editor's validation and completion (contributes.jsonValidation).
 */
export function profileFileName(name: string): string {
  return `${name.replace(/[^\w.-]/g, '_') || 'profile'}.redis-cluster.json`;
}

/**
 * The profile as a standalone file for `--profile`: absolute TLS paths (they were resolved against the workspace)
 * and always a passwordEnv, since the CLI cannot read SecretStorage.
 */
export function profileFileJson(profile: ClusterProfile): ClusterProfile {
  return { ...profile, passwordEnv: profile.passwordEnv ?? DEFAULT_PASSWORD_ENV };
}

const PROFILE_ARG = /--profile ('(?:[^']|'\\'')*'|\S+)/;

/**
 * `redis-cluster check --profile x.json` → `node /ext/dist/cli.js check --profile /storage/x.json`.
 * Without a profile file the line keeps its own --profile argument.
 */
export function replayLine(cliLine: string, cliPath: string, profileFile?: string): string {
  let args = cliLine.replace(/^redis-cluster\s+/, '');
  if (profileFile) args = args.replace(PROFILE_ARG, () => `--profile ${shellQuote(profileFile)}`);
  return `node ${shellQuote(cliPath)} ${args}`;
}
