// Every kind of logged `action:` line, rewritten by replayLine, must parse in the CLI it names: each one is fed
// to the CLI's own command table with a profile file that does not exist, so a flag the CLI does not know fails
// as a usage error while a line that parses fails only on the missing file.
import { strict as assert } from 'node:assert';
import { commands } from '../../src/cli/registry';
import { UsageError } from '../../src/cli/context';
import { checkCommandLine, fixCommandLine, rebalanceCommandLine, reshardCommandLine } from '../../src/commands/adminText';
import { createCommandLine } from '../../src/core/admin/ops/create';
import { failoverCommandLine } from '../../src/core/admin/ops/failover';
import { forgetCommandLine } from '../../src/core/admin/ops/forget';
import { addNodeCommandLine, delNodeCommandLine } from '../../src/core/admin/ops/nodes';
import { replayLine } from '../../src/core/admin/commandLine';

const FILE = '/nonexistent-dir/prod.json';
const ID = 'a'.repeat(40);
const lines: Record<string, string> = {
  check: checkCommandLine('prod.json'),
  fix: fixCommandLine('prod.json'),
  'fix (replace)': fixCommandLine('prod.json', true),
  rebalance: rebalanceCommandLine('prod.json', { weights: { [ID]: 0 }, threshold: 2, useEmptyMasters: true, by: 'keys' }),
  reshard: reshardCommandLine('prod.json', [ID, 'b'.repeat(40)], 'c'.repeat(40), 100),
  failover: failoverCommandLine('prod.json', ID, 'takeover'),
  forget: forgetCommandLine('prod.json', ID),
  'add-node': addNodeCommandLine('prod.json', '127.0.0.1:7106', ID),
  'del-node': delNodeCommandLine('prod.json', ID, true),
  create: createCommandLine(
    {
      replicasPerMaster: 1,
      warnings: [],
      masters: [{ address: '127.0.0.1:7000' }, { address: '127.0.0.1:7001' }, { address: '127.0.0.1:7002' }],
      replicas: [{ address: '127.0.0.1:7003' }, { address: '127.0.0.1:7004' }, { address: '127.0.0.1:7005' }],
    } as unknown as Parameters<typeof createCommandLine>[0],
    'prod.json',
  ),
};

describe('logged action lines parse in the shipped CLI', () => {
  for (const [kind, cliLine] of Object.entries(lines)) {
    it(kind, async () => {
      const line = replayLine(cliLine, '/ext/dist/cli.js', FILE);
      assert.ok(line.startsWith('node /ext/dist/cli.js '), line);
      assert.ok(line.includes(`--profile ${FILE}`), line);
      const [name, ...argv] = line.slice('node /ext/dist/cli.js '.length).split(' ');
      const command = commands[name];
      assert.ok(command, `the CLI has no command "${name}"`);
      const out: string[] = [];
      const err = await command.run(argv, { out: (t) => out.push(t), err: (t) => out.push(t) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(!(err instanceof UsageError), `usage error for ${line}: ${String(err)}`);
      assert.match(String(err), /cannot read profile file|prod\.json/, `${line} → ${String(err)} ${out.join(' ')}`);
    });
  }
});
