#!/usr/bin/env node
// Thin command-line shell over the core: JSON output for scripts, benchmarks and CI.
// Errors go to stderr with a non-zero exit (2 = usage, 1 = failure).
import { errorText } from './core/common/errors';
import { commands } from './cli/registry';
import { UsageError, preloadSecrets, stdio, takeGlobalFlags } from './cli/context';

const USAGE = `usage: redis-cluster <command> [options]
commands: ${Object.keys(commands).sort().join(', ')}
Every command that talks to a cluster takes --profile FILE (password from the profile's passwordEnv variable).
A profile with an SSH bastion ("ssh") connects only to a host key known_hosts lists or that --accept-host-key SHA256:... names.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    stdio.out(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    stdio.err(`error: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  preloadSecrets(rest);
  try {
    return await command(takeGlobalFlags(rest), stdio);
  } catch (e) {
    stdio.err(`error: ${errorText(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

// Node's own report of an escaped error would bypass the redaction in stdio.
const crash = (e: unknown) => {
  stdio.err(`error: ${e instanceof Error && e.stack ? e.stack : errorText(e)}`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
