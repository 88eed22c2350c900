// Every kind of logged `action:` line, rewritten by replayLine, must parse in the CLI it names: each one is fed
// to the CLI's own command table with a profile file that does not exist, so a flag the CLI does not know fails
// as a usage error while a line that parses fails only on the missing file.
import { strict as assert } from 'node:assert';
import { commands } from '../../src/cli/registry';
import { UsageError } from '../../src/cli/context';
import { createCommandLine } from '../../src/core/admin/ops/create';
import { adminCommandLine, replayLine } from '../../src/core/admin/commandLine';
import type { AdminRequest } from '../../src/core/admin/useCases/requests';

const FILE = '/nonexistent-dir/prod.json';
const ID = 'a'.repeat(40);
const line = (r: AdminRequest) => adminCommandLine(r, 'prod.json');
const lines: Record<string, string> = {
  check: line({ action: 'check' }),
  fix: line({ action: 'fix' }),
  'fix (replace)': line({ action: 'fix', replace: true }),
  rebalance: line({ action: 'rebalance', weights: { [ID]: 0 }, threshold: 3, useEmptyMasters: true, by: 'keys' }),
  'rebalance (gentle, partial counts)': line({ action: 'rebalance', pace: 'gentle', acceptPartialCounts: true }),
  reshard: line({ action: 'reshard', from: [ID, 'b'.repeat(40)], to: 'c'.repeat(40), slots: 100 }),
  'reshard (slot list)': line({ action: 'reshard', from: ['all'], to: ID, slotList: '0-9,100' }),
  failover: line({ action: 'failover', node: ID, mode: 'takeover' }),
  'failover (force)': line({ action: 'failover', node: ID, mode: 'force' }),
  forget: line({ action: 'forget', node: ID }),
  'add-node': line({ action: 'add-node', address: '127.0.0.1:7106', replicaOf: ID }),
  'del-node': line({ action: 'del-node', node: ID, shutdown: true, pace: 'gentle' }),
  merge: line({ action: 'merge', rebalance: true, replicaOf: ID }),
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
