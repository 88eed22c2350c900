// Replies as typed values (RESP2 and RESP3 kinds), formatted the way redis-cli prints them on a terminal, and
// as JSON for the CLI. Strings are bytes: anything not printable ASCII is shown with redis-cli's \xHH escapes.
import { displayKey, escapeBytes } from '../keys/keyName';

export type Reply =
  | { type: 'status'; value: string }
  | { type: 'string'; value: Buffer }
  | { type: 'verbatim'; format: string; value: Buffer }
  | { type: 'error'; message: string }
  | { type: 'integer'; value: number | bigint }
  | { type: 'double'; value: number }
  | { type: 'bignum'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'array' | 'set' | 'push'; items: Reply[] }
  | { type: 'map'; entries: Array<[Reply, Reply]> };

/**
 * ioredis hands simple-string and bulk-string replies over as the same Buffer. redis-cli prints a status bare
 * (OK) and a bulk string quoted ("OK"); these commands answer with a status, so their reply is shown bare.
 */
const STATUS_COMMANDS = new Set([
  'SET',
  'MSET',
  'SETEX',
  'PSETEX',
  'RENAME',
  'LSET',
  'LTRIM',
  'HMSET',
  'TYPE',
  'SELECT',
  'SWAPDB',
  'FLUSHALL',
  'FLUSHDB',
  'RESTORE',
  'MIGRATE',
  'PFMERGE',
  'AUTH',
  'MULTI',
  'DISCARD',
  'WATCH',
  'UNWATCH',
  'SAVE',
  'BGSAVE',
  'BGREWRITEAOF',
  'SHUTDOWN',
  'DEBUG',
  'READONLY',
  'READWRITE',
  'ASKING',
  'QUIT',
  'RESET',
  'REPLICAOF',
  'SLAVEOF',
  'CLUSTER',
  'CONFIG',
  'CLIENT',
  'SCRIPT',
  'FUNCTION',
  'ACL',
  'SLOWLOG',
  'MODULE',
  'XGROUP',
  'XSETID',
  'LATENCY',
  'MEMORY',
  'PING',
]);

/** Subcommands of the containers above whose reply is a bulk string or data, not a status. */
const BULK_SUBCOMMANDS = new Set([
  'CLUSTER|MYID',
  'CLUSTER|NODES',
  'CLUSTER|INFO',
  'CLUSTER|GETKEYSINSLOT',
  'CLUSTER|REPLICAS',
  'CLUSTER|SLAVES',
  'CLUSTER|SHARDS',
  'CLUSTER|MYSHARDID',
  'CLUSTER|LINKS',
  'CONFIG|GET',
  'CLIENT|LIST',
  'CLIENT|INFO',
  'CLIENT|GETNAME',
  'SCRIPT|LOAD',
  'SCRIPT|EXISTS',
  'FUNCTION|LIST',
  'FUNCTION|DUMP',
  'FUNCTION|LOAD',
  'ACL|LIST',
  'ACL|GETUSER',
  'ACL|WHOAMI',
  'ACL|CAT',
  'ACL|GENPASS',
  'ACL|LOG',
  'ACL|USERS',
  'ACL|DRYRUN',
  'SLOWLOG|GET',
  'LATENCY|LATEST',
  'LATENCY|HISTORY',
  'LATENCY|DOCTOR',
  'LATENCY|GRAPH',
  'LATENCY|HISTOGRAM',
  'MEMORY|DOCTOR',
  'MEMORY|STATS',
  'MEMORY|MALLOC-STATS',
  'MODULE|LIST',
  'DEBUG|OBJECT',
  'DEBUG|DIGEST',
  'DEBUG|DIGEST-VALUE',
  'DEBUG|HTSTATS',
  'DEBUG|HTSTATS-KEY',
  'DEBUG|LISTPACK',
  'DEBUG|STRINGMATCH-LEN',
]);

/** Whether a top-level Buffer reply to this command line is a status (shown bare) rather than a bulk string. */
export function repliesWithStatus(args: readonly Buffer[]): boolean {
  const name = args[0]?.toString('utf8').toUpperCase() ?? '';
  if (!STATUS_COMMANDS.has(name)) return false;
  if (name === 'PING') return args.length === 1;
  if (name === 'SET') return !args.slice(3).some((a) => a.toString('utf8').toUpperCase() === 'GET');
  const sub = args[1]?.toString('utf8').toUpperCase();
  return !(sub && BULK_SUBCOMMANDS.has(`${name}|${sub}`));
}

/** Converts what ioredis resolved (Buffers, numbers, arrays, objects, Errors) into a typed reply. */
export function fromIoredis(value: unknown, topLevelStatus = false): Reply {
  if (value === null || value === undefined) return { type: 'nil' };
  if (Buffer.isBuffer(value)) return topLevelStatus ? { type: 'status', value: value.toString('utf8') } : { type: 'string', value };
  if (typeof value === 'string') return topLevelStatus ? { type: 'status', value } : { type: 'string', value: Buffer.from(value, 'utf8') };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer', value } : { type: 'double', value };
  if (typeof value === 'bigint') return { type: 'integer', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (value instanceof Error) return { type: 'error', message: value.message };
  if (Array.isArray(value)) return { type: 'array', items: value.map((v) => fromIoredis(v)) };
  if (value instanceof Map) return { type: 'map', entries: [...value.entries()].map(([k, v]) => [fromIoredis(k), fromIoredis(v)]) };
  if (value instanceof Set) return { type: 'set', items: [...value].map((v) => fromIoredis(v)) };
  if (typeof value === 'object') {
    return { type: 'map', entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => [fromIoredis(k), fromIoredis(v)]) };
  }
  return { type: 'string', value: Buffer.from(String(value), 'utf8') };
}

const EMPTY: Record<string, string> = { array: '(empty array)', set: '(empty set)', push: '(empty push)', map: '(empty hash)' };
const MARK: Record<string, string> = { array: ')', push: ')', set: '~', map: '#' };

function scalar(r: Reply): string | undefined {
  switch (r.type) {
    case 'status':
      return r.value;
    case 'string':
      return escapeBytes(r.value);
    case 'verbatim':
      return r.value.toString('utf8');
    case 'error':
      return `(error) ${r.message}`;
    case 'integer':
      return `(integer) ${r.value}`;
    case 'double':
      return `(double) ${formatDouble(r.value)}`;
    case 'bignum':
      return `(big number) ${r.value}`;
    case 'bool':
      return r.value ? '(true)' : '(false)';
    case 'nil':
      return '(nil)';
    default:
      return undefined;
  }
}

function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

/**
 * redis-cli's terminal format: `1) "a"`, nested aggregates indented under their index, maps as `1# key => value`,
 * sets with `~`, index numbers right-aligned to the widest one. No trailing newline.
 */
export function formatReply(r: Reply, indent = ''): string {
  const s = scalar(r);
  if (s !== undefined) return s;
  if (r.type !== 'array' && r.type !== 'set' && r.type !== 'push' && r.type !== 'map') return '';
  const count = r.type === 'map' ? r.entries.length : r.items.length;
  if (count === 0) return EMPTY[r.type];
  const width = String(count).length;
  const childIndent = indent + ' '.repeat(width + 2);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = `${String(i + 1).padStart(width)}${MARK[r.type]} `;
    const body = r.type === 'map' ? mapEntry(r.entries[i], childIndent) : formatReply(r.items[i], childIndent);
    lines.push(`${i === 0 ? '' : indent}${label}${body}`);
  }
  return lines.join('\n');
}

/** A map value that is a non-empty aggregate starts on its own line, indented like redis-cli does. */
function mapEntry([k, v]: [Reply, Reply], indent: string): string {
  const nested =
    v.type === 'array' || v.type === 'set' || v.type === 'push' ? v.items.length > 0 : v.type === 'map' && v.entries.length > 0;
  return `${formatReply(k, indent)} => ${nested ? `\n${indent}` : ''}${formatReply(v, indent)}`;
}

export type JsonReply = string | number | boolean | null | JsonReply[] | { [k: string]: JsonReply } | { error: string };

/**
 * JSON form: strings as text when they are printable UTF-8, otherwise redis-cli's quoted escape form (the same
 * rule as key names, so the form parses back to the exact bytes); integers beyond 2^53 as strings.
 */
export function replyToJson(r: Reply): JsonReply {
  switch (r.type) {
    case 'status':
      return r.value;
    case 'string':
    case 'verbatim':
      return displayKey(r.value);
    case 'error':
      return { error: r.message };
    case 'integer':
      return typeof r.value === 'bigint' ? r.value.toString() : r.value;
    case 'double':
      return Number.isFinite(r.value) ? r.value : formatDouble(r.value);
    case 'bignum':
      return r.value;
    case 'bool':
      return r.value;
    case 'nil':
      return null;
    case 'map':
      return Object.fromEntries(r.entries.map(([k, v]) => [keyText(k), replyToJson(v)]));
    default:
      return r.items.map(replyToJson);
  }
}

function keyText(k: Reply): string {
  const j = replyToJson(k);
  return typeof j === 'string' ? j : JSON.stringify(j);
}
