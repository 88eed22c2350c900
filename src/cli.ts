#!/usr/bin/env node
// Thin command-line shell over the core: JSON output for scripts, benchmarks and CI.
// Errors go to stderr with a non-zero exit (2 = usage, 1 = failure).
import { RedisClusterError, errorText } from './core/common/errors';
import { commands } from './cli/registry';
import { HelpRequested, formatHelp } from './cli/args';
import { cliVersion, helpFor, overview, unknownCommand } from './cli/help';
import { UsageError, preloadSecrets, stdio, takeGlobalFlags } from './cli/context';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    stdio.err(overview());
    return 2;
  }
  if (name === '--version' || name === '-V') {
    stdio.out(cliVersion());
    return 0;
  }
  try {
    if (name === '--help' || name === '-h' || name === 'help') {
      stdio.out(helpFor(rest[0]));
      return 0;
    }
    const command = commands[name];
    if (!command) throw unknownCommand(name);
    preloadSecrets(rest);
    return await command.run(takeGlobalFlags(rest), stdio);
  } catch (e) {
    if (e instanceof HelpRequested) {
      stdio.out(formatHelp(e.spec));
      return 0;
    }
    stdio.err(`error: ${errorText(e)}`);
    // What to do next, as the extension shows it beside the message.
    if (e instanceof RedisClusterError && e.hint) stdio.err(`hint: ${e.hint}`);
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
