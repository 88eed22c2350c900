// Argument parsing for subcommands, on node:util parseArgs (strict: unknown flags are errors).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './context';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw new UsageError(`${name} must be an integer in ${min}-${max}, got "${value}"`);
  return n;
}
