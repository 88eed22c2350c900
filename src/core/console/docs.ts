// Completion and argument hints from the server's COMMAND DOCS (read once per session): command names,
// subcommands, and a one-line synopsis of the arguments like `key value [NX|XX] [GET] [EX seconds|...]`.
import type { ClusterSession } from '../connection/session';

export interface ArgDoc {
  name: string;
  type: string;
  token?: string;
  optional: boolean;
  multiple: boolean;
  children: ArgDoc[];
}

export interface CommandDoc {
  /** Upper case; 'CONTAINER SUB' for subcommands. */
  name: string;
  summary: string;
  args: ArgDoc[];
  subcommands: Map<string, CommandDoc>;
}

export type CommandDocs = Map<string, CommandDoc>;

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? ''));

/** A RESP2 flat [k, v, k, v] list as a map with text keys. */
function pairs(v: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (Array.isArray(v)) for (let i = 0; i + 1 < v.length; i += 2) m.set(text(v[i]), v[i + 1]);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) m.set(k, x);
  return m;
}

function parseArg(v: unknown): ArgDoc {
  const p = pairs(v);
  const flags = Array.isArray(p.get('flags')) ? (p.get('flags') as unknown[]).map(text) : [];
  return {
    name: text(p.get('display_text') ?? p.get('name')),
    type: text(p.get('type')),
    token: p.has('token') ? text(p.get('token')) : undefined,
    optional: flags.includes('optional'),
    multiple: flags.includes('multiple'),
    children: Array.isArray(p.get('arguments')) ? (p.get('arguments') as unknown[]).map(parseArg) : [],
  };
}

function parseDoc(name: string, v: unknown): CommandDoc {
  const p = pairs(v);
  const subs = new Map<string, CommandDoc>();
  for (const [subName, subDoc] of pairs(p.get('subcommands'))) {
    const full = subName.toUpperCase().replace('|', ' ');
    subs.set(full.split(' ')[1] ?? full, parseDoc(full, subDoc));
  }
  return {
    name,
    summary: text(p.get('summary')),
    args: Array.isArray(p.get('arguments')) ? (p.get('arguments') as unknown[]).map(parseArg) : [],
    subcommands: subs,
  };
}

/** Parses a COMMAND DOCS reply (RESP2 flat pairs or RESP3 maps). */
export function parseCommandDocs(reply: unknown): CommandDocs {
  const docs: CommandDocs = new Map();
  for (const [name, v] of pairs(reply)) docs.set(name.toUpperCase(), parseDoc(name.toUpperCase(), v));
  return docs;
}

function argText(a: ArgDoc): string {
  let core: string;
  if (a.type === 'oneof') core = a.children.map(argText).join('|');
  else if (a.type === 'block') core = a.children.map(argText).join(' ');
  else if (a.type === 'pure-token') core = a.token ?? a.name;
  else core = a.token ? `${a.token} ${a.name}` : a.name;
  if (a.multiple) core = `${core} [${core} ...]`;
  return a.optional ? `[${core}]` : core;
}

/** The argument synopsis of a command, e.g. `key value [NX|XX] [GET]`. */
export function synopsis(doc: CommandDoc): string {
  return doc.args.map(argText).join(' ');
}

export interface Completion {
  /** Candidates for the word under the cursor (upper case). */
  candidates: string[];
  /** The start of the word being completed, as an index into the line. */
  wordStart: number;
}

/** Completes the command name (first word) or the subcommand (second word) of the line before the cursor. */
export function complete(docs: CommandDocs, before: string): Completion {
  const m = /(\S*)$/.exec(before);
  const word = m ? m[1] : '';
  const wordStart = before.length - word.length;
  const words = before.slice(0, wordStart).trim().split(/\s+/).filter(Boolean);
  const prefix = word.toUpperCase();
  let pool: string[] = [];
  if (words.length === 0) pool = [...docs.keys()];
  else if (words.length === 1) pool = [...(docs.get(words[0].toUpperCase())?.subcommands.keys() ?? [])];
  return { candidates: pool.filter((c) => c.startsWith(prefix)).sort(), wordStart };
}

/** The hint to show after a line: the synopsis of its command (or subcommand), minus the arguments already typed. */
export function hintFor(docs: CommandDocs, line: string): string | undefined {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return undefined;
  let doc = docs.get(words[0].toUpperCase());
  let used = 1;
  if (doc?.subcommands.size) {
    const sub = words[1] && doc.subcommands.get(words[1].toUpperCase());
    if (!sub && words.length > 1) return undefined;
    if (!sub) return [...doc.subcommands.keys()].sort().slice(0, 8).join('|') + (doc.subcommands.size > 8 ? '|...' : '');
    doc = sub;
    used = 2;
  }
  if (!doc) return undefined;
  // Only simple positional arguments are skipped; past the first optional or token argument the whole rest stays.
  let skip = words.length - used;
  const rest = [...doc.args];
  const simple = (a: ArgDoc | undefined) => !!a && !a.optional && !a.token && !a.multiple && a.type !== 'oneof' && a.type !== 'block';
  while (skip > 0 && simple(rest[0])) {
    rest.shift();
    skip--;
  }
  if (skip > 0) return undefined;
  const out = rest.map(argText).join(' ');
  return out || undefined;
}

const docsBySession = new WeakMap<ClusterSession, Promise<CommandDocs>>();

/** The session's command docs, read once; a failed read is retried on the next call. */
export function commandDocs(session: ClusterSession): Promise<CommandDocs> {
  let pending = docsBySession.get(session);
  if (!pending) {
    pending = session
      .anySeed()
      .then(({ client }) => client.call('COMMAND', 'DOCS'))
      .then(parseCommandDocs);
    pending.catch(() => docsBySession.delete(session));
    docsBySession.set(session, pending);
  }
  return pending;
}
