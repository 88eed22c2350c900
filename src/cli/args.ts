// One table per CLI command feeds both node:util parseArgs (strict: unknown flags are errors) and the help text,
// so a flag cannot be parsed without being documented, nor documented without being parsed.
//
// How a command declares its options (the only way to add one):
//   export const fooSpec = defineCommand({
//     name: 'foo',
//     summary: 'One line for the command list.',
//     usage: 'foo --profile FILE [--json]',
//     options: {
//       profile: { type: 'string', value: 'FILE', description: 'Cluster profile (JSON); password from its passwordEnv variable.' },
//       json: { type: 'boolean', description: 'Print JSON instead of text.' },
//     },
//     examples: ['redis-cluster foo --profile prod.json'],
//     exitCodes: { 3: 'plan shown, --yes missing' }, // added to 0 / 1 / 2, which every command has
//   });
//   export async function fooCommand(argv: string[], io: CliIO) { const { values } = parse(argv, fooSpec); ... }
// and one line in registry.ts: `foo: { spec: fooSpec, run: fooCommand }`. `--help` / `-h` needs no declaration:
// parse() answers it from the same table, as does `redis-cluster help foo`.
import { parseArgs } from 'node:util';
import { UsageError } from './context';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in the help for a string value (FILE, ID, N...). */
  value?: string;
  description: string;
}

export type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec<T extends OptionTable = OptionTable> {
  name: string;
  summary: string;
  usage: string;
  options: T;
  examples: string[];
  /** Beyond 0 / 1 / 2, which every command has. */
  exitCodes?: Record<number, string>;
  /** What the positional arguments are, when the command takes any. */
  positionals?: string;
}

export function defineCommand<T extends OptionTable>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}

/** Thrown by parse() for --help: the CLI prints the help of the table that was about to parse, exit 0. */
export class HelpRequested extends UsageError {
  override name = 'HelpRequested';
  constructor(readonly spec: CommandSpec) {
    super(`help for ${spec.name}`);
  }
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help and exit.' };

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The closest candidate within a typo's reach (or sharing a prefix), else undefined. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = c.startsWith(word) || word.startsWith(c) ? Math.min(1, distance(word, c)) : distance(word, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

function unknownOption(e: unknown, spec: CommandSpec): UsageError {
  const message = e instanceof Error ? e.message : String(e);
  const m = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (!m) return new UsageError(`${spec.name}: ${message}`);
  const given = m[1].replace(/^-+/, '').split('=')[0];
  const near = closest(given, Object.keys(spec.options));
  return new UsageError(
    `${spec.name}: unknown option ${m[1]}${near ? ` (did you mean --${near}?)` : ''}. ` +
      `See redis-cluster help ${spec.name} for its options`,
  );
}

/** Parses argv with the command's table; --help or -h (before a `--`) throws HelpRequested. */
export function parse<T extends OptionTable>(argv: string[], spec: CommandSpec<T>) {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.includes('--help') || head.includes('-h')) throw new HelpRequested(spec);
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({
      args: argv,
      options: spec.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw unknownOption(e, spec);
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw new UsageError(`${name} must be an integer in ${min}-${max}, got "${value}"`);
  return n;
}

const BASE_EXITS: Record<number, string> = { 0: 'success', 1: 'failure (or problems found)', 2: 'usage error' };

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join(`\n${indent}`);
}

/** The help of one command: usage, every option of its table, examples, exit codes. */
export function formatHelp(spec: CommandSpec): string {
  const options: [string, OptionSpec][] = [...Object.entries(spec.options), ['help', HELP]];
  const flag = (name: string, o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.multiple ? ' (repeatable)' : ''}`;
  const width = Math.max(...options.map(([n, o]) => flag(n, o).length));
  const exits = { ...BASE_EXITS, ...spec.exitCodes };
  return [
    `${spec.summary}`,
    '',
    `usage: redis-cluster ${spec.usage}`,
    ...(spec.positionals ? ['', wrap(spec.positionals, 100, '')] : []),
    '',
    'options:',
    ...options.map(([n, o]) => `  ${flag(n, o).padEnd(width)}  ${wrap(o.description, 96 - width, ' '.repeat(width + 4))}`),
    '',
    spec.examples.length > 1 ? 'examples:' : 'example:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
    'exit codes:',
    ...Object.entries(exits).map(([code, what]) => `  ${code}  ${what}`),
  ].join('\n');
}

/** Options most commands share, declared once so their help reads the same everywhere. */
export const common = {
  profile: {
    type: 'string',
    value: 'FILE',
    description: 'Cluster profile file (JSON, as Export Profile File writes it); the password comes from its passwordEnv variable.',
  },
  json: { type: 'boolean', description: 'Print JSON on stdout (progress and notes go to stderr).' },
  yes: { type: 'boolean', description: 'Really do it; without --yes the command only shows what it would do.' },
  pace: {
    type: 'string',
    value: 'gentle|fast',
    description: 'fast (default) moves as quickly as the canary allows; gentle keeps client latency low and yields the CPU.',
  },
  dryRun: { type: 'boolean', description: 'Show the plan and exit 0 without changing anything.' },
} as const satisfies OptionTable;
