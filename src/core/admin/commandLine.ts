// Replayable log lines: an admin action written as the exact shell line that runs the shipped CLI
// (dist/cli.js) on an exported profile file, so it can be copied from the log and run as printed. Every admin
// action's line is written here (adminCommandLine), for the extension's log and the CLI's own output alike.
import type { ClusterProfile } from '../profiles/profile';
import { ADMIN_DEFAULTS, type AdminAction, type AdminRequest, type MigrationRequest } from './useCases/requests';

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

const VERB: Record<AdminAction, string> = {
  rebalance: 'rebalance',
  reshard: 'reshard',
  'add-node': 'add-node',
  'del-node': 'del-node',
  forget: 'forget',
  failover: 'failover',
  fix: 'fix',
  merge: 'doctor',
  check: 'check',
};

/**
 * The one CLI line of an admin request, as the extension logs it and the CLI prints it: `redis-cluster <verb>
 * --profile FILE ...`. One rule for defaults: a value equal to ADMIN_DEFAULTS is left out (the CLI fills in the same
 * default), anything else is written; node references are written as given (the use cases pass resolved ids).
 * Actions that change the cluster end in --yes, so the line runs as printed.
 */
export function adminCommandLine(r: AdminRequest, profileFile: string): string {
  const D = ADMIN_DEFAULTS;
  const parts = ['redis-cluster', VERB[r.action], '--profile', profileFile];
  const flag = (name: string, on: boolean | undefined) => on && parts.push(name);
  const opt = <V extends string | number>(name: string, v: V | undefined, def?: V) =>
    v !== undefined && v !== def && parts.push(name, String(v));
  const migration = (m: MigrationRequest) => {
    opt('--pace', m.pace, D.pace);
    flag('--accept-partial-counts', m.acceptPartialCounts);
  };
  switch (r.action) {
    case 'rebalance':
      for (const [id, w] of Object.entries(r.weights ?? {}).sort(([a], [b]) => a.localeCompare(b)))
        if (w !== 1) parts.push('--weight', `${id}=${w}`);
      opt('--threshold', r.threshold, D.threshold);
      flag('--use-empty-masters', r.useEmptyMasters);
      opt('--by', r.by, D.by);
      if (r.by === 'load') opt('--load-window', r.loadWindowSeconds, D.loadWindowSeconds);
      migration(r);
      break;
    case 'reshard':
      parts.push('--from', r.from.join(','), '--to', r.to);
      if (r.slotList !== undefined) parts.push('--slot-list', r.slotList);
      else opt('--slots', r.slots);
      migration(r);
      break;
    case 'add-node':
      parts.push('--new', r.address);
      opt('--replica-of', r.replicaOf);
      break;
    case 'del-node':
      parts.push('--node', r.node);
      flag('--shutdown', r.shutdown);
      opt('--pace', r.pace, D.pace);
      break;
    case 'forget':
      parts.push('--node', r.node);
      break;
    case 'failover':
      parts.push('--node', r.node);
      if (r.mode && r.mode !== D.mode) parts.push(`--${r.mode}`);
      break;
    case 'fix':
      flag('--replace', r.replace);
      break;
    case 'merge':
      parts.push('--merge');
      flag('--rebalance', r.rebalance);
      opt('--replica-of', r.replicaOf);
      break;
    case 'check':
      break;
  }
  if (r.action !== 'check' && r.action !== 'add-node') parts.push('--yes');
  return parts.map(shellQuote).join(' ');
}
