// Every CLI subcommand, registered in one place.
import { analyzeCommand } from './analyze';
import type { CliIO } from './context';
import { createCommand } from './create';
import { failoverCommand } from './failover';
import { addNodeCommand } from './addNode';
import { forgetCommand } from './forget';
import { delNodeCommand } from './removeNode';
import { distributionCommand } from './distribution';
import { keyslotCommand } from './keyslot';
import { mcpCommand } from './mcp';
import { lintKeysCommand } from './lintKeys';
import { scanCommand } from './scan';
import { topologyCommand } from './topology';
import { checkCommand } from './check';
import { doctorCommand } from './diagnose';
import { callCliCommand, execCliCommand } from './console';
import { fixCommand } from './fix';
import { importSpringCommand } from './importSpring';
import { rebalanceCommand } from './rebalance';
import { reshardCommand } from './reshard';

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

export const commands: Record<string, CliCommand> = {
  'add-node': addNodeCommand,
  analyze: analyzeCommand,
  create: createCommand,
  'del-node': delNodeCommand,
  failover: failoverCommand,
  forget: forgetCommand,
  distribution: distributionCommand,
  keyslot: keyslotCommand,
  mcp: mcpCommand,
  'lint-keys': lintKeysCommand,
  scan: scanCommand,
  topology: topologyCommand,
  check: checkCommand,
  doctor: doctorCommand,
  fix: fixCommand,
  'import-spring': importSpringCommand,
  rebalance: rebalanceCommand,
  reshard: reshardCommand,
  call: callCliCommand,
  exec: execCliCommand,
};
