// Every CLI subcommand, registered in one place.
import type { CliIO } from './context';
import { distributionCommand } from './distribution';
import { keyslotCommand } from './keyslot';
import { scanCommand } from './scan';
import { topologyCommand } from './topology';

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

export const commands: Record<string, CliCommand> = {
  distribution: distributionCommand,
  keyslot: keyslotCommand,
  scan: scanCommand,
  topology: topologyCommand,
};
