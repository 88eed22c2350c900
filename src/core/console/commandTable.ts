// What the server says about its commands (COMMAND, read once per session): flags for the safety gates, the
// first key position for routing, and subcommands. The table is the server's, so module commands are included.
import type { ClusterSession } from '../connection/session';

export interface CommandSpec {
  /** Lower case, 'container|sub' for subcommands, as the server names them. */
  name: string;
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  categories: string[];
  subcommands: Map<string, CommandSpec>;
}

export type CommandTable = Map<string, CommandSpec>;

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : []);

/** Parses one entry of a RESP2 COMMAND / COMMAND INFO reply. */
export function parseCommandSpec(entry: unknown): CommandSpec | undefined {
  if (!Array.isArray(entry) || entry.length < 6) return undefined;
  const subs = new Map<string, CommandSpec>();
  if (Array.isArray(entry[9])) {
    for (const s of entry[9]) {
      const spec = parseCommandSpec(s);
      if (spec) subs.set(spec.name.split('|')[1] ?? spec.name, spec);
    }
  }
  return {
    name: text(entry[0]).toLowerCase(),
    arity: Number(entry[1]),
    flags: list(entry[2]).map((f) => f.toLowerCase()),
    firstKey: Number(entry[3]),
    lastKey: Number(entry[4]),
    step: Number(entry[5]),
    categories: list(entry[6]).map((c) => c.toLowerCase()),
    subcommands: subs,
  };
}

export function parseCommandTable(reply: unknown): CommandTable {
  const table: CommandTable = new Map();
  if (!Array.isArray(reply)) return table;
  for (const e of reply) {
    const spec = parseCommandSpec(e);
    if (spec) table.set(spec.name, spec);
  }
  return table;
}

/** The spec for a command line: the subcommand's when the command is a container and the subcommand is known. */
export function specFor(table: CommandTable, args: readonly Buffer[]): CommandSpec | undefined {
  const top = table.get(args[0]?.toString('utf8').toLowerCase() ?? '');
  if (!top) return undefined;
  if (top.subcommands.size && args[1]) return top.subcommands.get(args[1].toString('utf8').toLowerCase()) ?? top;
  return top;
}

const tables = new WeakMap<ClusterSession, Promise<CommandTable>>();

/** The session's command table, read once from any node; a failed read is retried on the next call. */
export function commandTable(session: ClusterSession): Promise<CommandTable> {
  let pending = tables.get(session);
  if (!pending) {
    pending = session
      .anySeed()
      .then(({ client }) => client.call('COMMAND'))
      .then(parseCommandTable);
    pending.catch(() => tables.delete(session));
    tables.set(session, pending);
  }
  return pending;
}
