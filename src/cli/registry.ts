// Every CLI subcommand, registered in one place: its option table (which parses and writes its help) and its run.
import type { CommandSpec } from './args';
import type { CliIO } from './context';
import { analyzeCommand, analyzeSpec } from './analyze';
import { createCommand, createSpec } from './create';
import { failoverCommand, failoverSpec } from './failover';
import { addNodeCommand, addNodeSpec } from './addNode';
import { forgetCommand, forgetSpec } from './forget';
import { delNodeCommand, delNodeSpec } from './removeNode';
import { distributionCommand, distributionSpec } from './distribution';
import { keyslotCommand, keyslotSpec } from './keyslot';
import { mcpCommand, mcpSpec } from './mcp';
import { lintKeysCommand, lintKeysSpec } from './lintKeys';
import { scanCommand, scanSpec } from './scan';
import { topologyCommand, topologySpec } from './topology';
import { checkCommand, checkSpec } from './check';
import { doctorCommand, doctorSpec } from './diagnose';
import { callCliCommand, callSpec, execCliCommand, execSpec } from './console';
import { fixCommand, fixSpec } from './fix';
import { importSpringCommand, importSpringSpec } from './importSpring';
import { rebalanceCommand, rebalanceSpec } from './rebalance';
import { reshardCommand, reshardSpec } from './reshard';

export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

export interface CliEntry {
  spec: CommandSpec;
  run: CliCommand;
}

export const commands: Record<string, CliEntry> = {
  'add-node': { spec: addNodeSpec, run: addNodeCommand },
  analyze: { spec: analyzeSpec, run: analyzeCommand },
  create: { spec: createSpec, run: createCommand },
  'del-node': { spec: delNodeSpec, run: delNodeCommand },
  failover: { spec: failoverSpec, run: failoverCommand },
  forget: { spec: forgetSpec, run: forgetCommand },
  distribution: { spec: distributionSpec, run: distributionCommand },
  keyslot: { spec: keyslotSpec, run: keyslotCommand },
  mcp: { spec: mcpSpec, run: mcpCommand },
  'lint-keys': { spec: lintKeysSpec, run: lintKeysCommand },
  scan: { spec: scanSpec, run: scanCommand },
  topology: { spec: topologySpec, run: topologyCommand },
  check: { spec: checkSpec, run: checkCommand },
  doctor: { spec: doctorSpec, run: doctorCommand },
  fix: { spec: fixSpec, run: fixCommand },
  'import-spring': { spec: importSpringSpec, run: importSpringCommand },
  rebalance: { spec: rebalanceSpec, run: rebalanceCommand },
  reshard: { spec: reshardSpec, run: reshardCommand },
  call: { spec: callSpec, run: callCliCommand },
  exec: { spec: execSpec, run: execCliCommand },
};
