// Every CLI subcommand, registered in one place.
import type { CliIO } from './context';
import { keyslotCommand } from './keyslot';
import { topologyCommand } from './topology';

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

export const commands: Record<string, CliCommand> = {
  keyslot: keyslotCommand,
  topology: topologyCommand,
};
