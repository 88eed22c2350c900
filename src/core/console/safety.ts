// Safety gates of the console, decided before anything is sent:
// - commands that change the state of the shared node connection (SUBSCRIBE, MULTI, AUTH, ...) are refused;
// - a readOnly profile refuses every command whose COMMAND flags say write or admin;
// - a protected profile wants the typed profile name before the commands that can lose data or the cluster;
// - KEYS on a master holding more than 10k keys suggests SCAN and asks first;
// - lines carrying a secret (AUTH, HELLO ... AUTH, ACL SETUSER, ...) never reach the history, and are redacted in logs.
import { displayKey } from '../keys/keyName';
import type { ClusterProfile } from '../profiles/profile';
import { type CommandTable, specFor } from './commandTable';

export type Verdict =
  | { kind: 'allow' }
  | { kind: 'refuse'; reason: string }
  /** Protected profile: go on only after the user typed the profile name. */
  | { kind: 'confirm-name'; reason: string }
  /** Go on only after a yes. */
  | { kind: 'confirm'; reason: string };

/** Commands (and container|subcommand) that a protected profile guards with the typed profile name. */
export const DANGEROUS_COMMANDS = [
  'FLUSHALL',
  'FLUSHDB',
  'CLUSTER|RESET',
  'CLUSTER|FAILOVER',
  'CLUSTER|FORGET',
  'CLUSTER|SETSLOT',
  'SHUTDOWN',
  'DEBUG',
  'CONFIG|SET',
] as const;

export const KEYS_WARN_THRESHOLD = 10_000;

/**
 * Commands that change the state of the connection they run on. The console shares the extension's pooled
 * node connections, so these would leak into every other user of that connection (a subscriber or MONITOR
 * connection stops answering, MULTI would queue the explorer's commands, AUTH would switch its user).
 */
const CONNECTION_STATE = new Set([
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
  'MONITOR',
  'MULTI',
  'EXEC',
  'DISCARD',
  'WATCH',
  'UNWATCH',
  'RESET',
  'QUIT',
  'SELECT',
  'READONLY',
  'READWRITE',
  'AUTH',
  'HELLO',
  'CLIENT|REPLY',
  'CLIENT|TRACKING',
]);

function changesConnection(args: readonly Buffer[]): boolean {
  const name = upper(args[0]);
  if (name === 'HELLO') return args.length > 2 || (args.length === 2 && args[1].toString('utf8') !== '2');
  return CONNECTION_STATE.has(name) || CONNECTION_STATE.has(`${name}|${upper(args[1])}`);
}

const upper = (b: Buffer | undefined) => b?.toString('utf8').toUpperCase() ?? '';

/** 'CMD' or 'CMD|SUB' when the pair is one of the guarded ones. */
function dangerousName(args: readonly Buffer[]): string | undefined {
  const name = upper(args[0]);
  const pair = `${name}|${upper(args[1])}`;
  return (DANGEROUS_COMMANDS as readonly string[]).find((d) => d === name || d === pair);
}

/** The gate for a command line on a profile, from the server's command flags. */
export function classify(profile: ClusterProfile, table: CommandTable | undefined, args: readonly Buffer[]): Verdict {
  const spec = table && specFor(table, args);
  const shown = spec?.name.includes('|') ? spec.name.toUpperCase().replace('|', ' ') : upper(args[0]);
  if (changesConnection(args)) {
    const why = 'would change the state of the node connection this console shares with the extension; nothing was sent';
    return { kind: 'refuse', reason: `${shown} ${why}. Use "Open in redis-cli" for it` };
  }
  if (profile.readOnly) {
    if (!table) {
      const why = "the server's command flags (COMMAND) could not be read";
      return { kind: 'refuse', reason: `profile "${profile.name}" is read-only and ${why}, so ${upper(args[0])} is refused` };
    }
    const flagged = spec?.flags.filter((f) => f === 'write' || f === 'admin') ?? [];
    if (flagged.length || dangerousName(args)) {
      const why = flagged.length ? `it is flagged ${flagged.join(', ')}` : 'it can lose data';
      return { kind: 'refuse', reason: `profile "${profile.name}" is read-only: ${shown} refused (${why}); nothing was sent` };
    }
  }
  const danger = dangerousName(args);
  if (danger && profile.protected) {
    const what = danger.replace('|', ' ');
    return { kind: 'confirm-name', reason: `profile "${profile.name}" is protected and ${what} can lose data or nodes` };
  }
  return { kind: 'allow' };
}

/** KEYS blocks a node while it walks every key; past the threshold, suggest SCAN and ask. */
export function keysVerdict(args: readonly Buffer[], dbsizes: ReadonlyArray<{ node: string; keys: number }>): Verdict {
  if (upper(args[0]) !== 'KEYS') return { kind: 'allow' };
  const big = dbsizes.filter((d) => d.keys > KEYS_WARN_THRESHOLD);
  if (!big.length) return { kind: 'allow' };
  const where = big.map((d) => `${d.node} holds ${d.keys} keys`).join(', ');
  return { kind: 'confirm', reason: `KEYS blocks the node while it reads every key (${where}). Prefer SCAN 0 MATCH <pattern> COUNT 1000` };
}

/** Whether a line carries a secret: such lines never enter the history. */
export function carriesSecret(args: readonly Buffer[]): boolean {
  const name = upper(args[0]);
  if (name === 'AUTH') return true;
  if (name === 'HELLO') return args.some((a) => upper(a) === 'AUTH');
  if (name === 'ACL') return upper(args[1]) === 'SETUSER';
  if (name === 'CONFIG' && upper(args[1]) === 'SET') {
    return args.slice(2).some((a) => /^(requirepass|masterauth|masteruser)$/i.test(a.toString('utf8')));
  }
  if (name === 'MIGRATE') return args.some((a) => upper(a) === 'AUTH' || upper(a) === 'AUTH2');
  return false;
}

/** A command line for logs: arguments shown like redis-cli, and every secret argument replaced by ***. */
export function redactedLine(args: readonly Buffer[]): string {
  const shown = args.map((a) => {
    const d = displayKey(a);
    return /\s/.test(d) || d === '' ? JSON.stringify(d) : d;
  });
  const name = upper(args[0]);
  const hide = (from: number, to = shown.length) => {
    for (let i = from; i < to && i < shown.length; i++) shown[i] = '***';
  };
  if (name === 'AUTH') hide(args.length > 2 ? 2 : 1);
  else if (name === 'HELLO' || name === 'MIGRATE') {
    for (let i = 1; i < args.length; i++) {
      const u = upper(args[i]);
      if (u === 'AUTH' && name === 'HELLO') hide(i + 2, i + 3);
      if (u === 'AUTH' && name === 'MIGRATE') hide(i + 1, i + 2);
      if (u === 'AUTH2') hide(i + 2, i + 3);
    }
  } else if (name === 'ACL' && upper(args[1]) === 'SETUSER') hide(3);
  else if (name === 'CONFIG' && upper(args[1]) === 'SET') {
    for (let i = 2; i + 1 < args.length; i += 2) if (/^(requirepass|masterauth)$/i.test(args[i].toString('utf8'))) hide(i + 1, i + 2);
  }
  return shown.join(' ');
}
