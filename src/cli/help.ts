// The top level of the CLI: the command list, `help COMMAND`, `--version`, and "did you mean" for a mistyped command.
// A command's own help comes from its option table (args.ts), the same one that parses its flags.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { closest, formatHelp } from './args';
import { UsageError } from './context';
import { commands } from './registry';

declare const CLI_VERSION: string | undefined;

/** The package version: set by the build; read from package.json when running from source (tests). */
export function cliVersion(): string {
  if (typeof CLI_VERSION === 'string') return CLI_VERSION;
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'redis-cluster' && pkg.version) return pkg.version;
    }
  }
  return 'unknown';
}

export function overview(): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length));
  return [
    'redis-cluster: the command line of the Redis Cluster extension (TLS, ACL, admin, diagnosis).',
    '',
    'usage: redis-cluster COMMAND [options]',
    '       redis-cluster help COMMAND     (or COMMAND --help): usage, options, examples, exit codes',
    '       redis-cluster --version',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n].spec.summary}`),
    '',
    'Every command that talks to a cluster takes --profile FILE (a profile as Export Profile File writes it);',
    'the password comes from the environment variable the profile names in passwordEnv.',
    '',
    'global option (any command that connects): --accept-host-key SHA256:...  trust this SSH bastion host key',
    '(the fingerprint as ssh prints it); the CLI cannot ask, so an unknown bastion is refused with its fingerprint.',
    '',
    'exit codes: 0 success, 1 failure, 2 usage error; some commands add 3 (plan shown, --yes missing) or 130 (interrupted).',
  ].join('\n');
}

/** A usage error for a command name that does not exist, naming the closest one. */
export function unknownCommand(name: string): UsageError {
  const near = closest(name, Object.keys(commands));
  return new UsageError(`unknown command "${name}"${near ? ` (did you mean ${near}?)` : ''}. Run redis-cluster --help for the commands`);
}

/** `help` alone or `help COMMAND`. */
export function helpFor(name: string | undefined): string {
  if (!name) return overview();
  const entry = commands[name];
  if (!entry) throw unknownCommand(name);
  return formatHelp(entry.spec);
}
