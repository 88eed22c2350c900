// Splits a console line into command arguments with redis-cli's quoting rules, so a line pasted from redis-cli
// means the same here: double quotes take \xHH, \n, \r, \t, \b, \a and \<any> escapes; single quotes take only \';
// a closing quote must end the argument. Arguments are bytes, so "\xff" reaches the server as one byte.
import { RedisClusterError } from '../common/errors';

export class TokenizeError extends RedisClusterError {
  override name = 'TokenizeError';
  constructor(message: string) {
    super('usage', message, 'Close the quote or fix the escape, as in redis-cli');
  }
}

const SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const NAMED: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, a: 0x07 };

/** The arguments of one line, as bytes. Throws TokenizeError on an unbalanced quote. */
export function tokenize(line: string): Buffer[] {
  const args: Buffer[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && SPACE.has(line[i])) i++;
    if (i >= line.length) break;
    const bytes: number[] = [];
    const text = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
    let done = false;
    while (!done) {
      const ch = line[i];
      if (ch === undefined || SPACE.has(ch)) {
        done = true;
      } else if (ch === '"') {
        i = readDouble(line, i + 1, bytes, text);
      } else if (ch === "'") {
        i = readSingle(line, i + 1, text);
      } else {
        const cp = line.codePointAt(i) ?? 0;
        const s = String.fromCodePoint(cp);
        text(s);
        i += s.length;
      }
    }
    args.push(Buffer.from(bytes));
  }
  return args;
}

function afterQuote(line: string, i: number): number {
  if (i < line.length && !SPACE.has(line[i])) throw new TokenizeError(`a closing quote must be followed by a space (position ${i + 1})`);
  return i;
}

function readDouble(line: string, start: number, bytes: number[], text: (s: string) => void): number {
  let i = start;
  for (;;) {
    if (i >= line.length) throw new TokenizeError('unbalanced double quote');
    const ch = line[i];
    if (ch === '"') return afterQuote(line, i + 1);
    if (ch === '\\' && i + 1 < line.length) {
      const next = line[i + 1];
      const hex = line.slice(i + 2, i + 4);
      if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 4;
      } else {
        if (next in NAMED) bytes.push(NAMED[next]);
        else text(next);
        i += 2;
      }
      continue;
    }
    const s = String.fromCodePoint(line.codePointAt(i) ?? 0);
    text(s);
    i += s.length;
  }
}

function readSingle(line: string, start: number, text: (s: string) => void): number {
  let i = start;
  for (;;) {
    if (i >= line.length) throw new TokenizeError('unbalanced single quote');
    const ch = line[i];
    if (ch === '\\' && line[i + 1] === "'") {
      text("'");
      i += 2;
      continue;
    }
    if (ch === "'") return afterQuote(line, i + 1);
    const s = String.fromCodePoint(line.codePointAt(i) ?? 0);
    text(s);
    i += s.length;
  }
}

/** The lines of a paste: every non-blank line is one command. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
}

/** Upper-case command name of a tokenized line ('' for an empty line). */
export function commandName(args: readonly Buffer[]): string {
  return args[0]?.toString('utf8').toUpperCase() ?? '';
}
