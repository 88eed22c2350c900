// One module writes every admin action's CLI line (core/admin/commandLine.ts), with one rule for defaults: a value
// equal to ADMIN_DEFAULTS is left out, anything else is written. The same request always gives the same line,
// whichever front-end made it.
import { strict as assert } from 'node:assert';
import { adminCommandLine } from '../../src/core/admin/commandLine';
import { ADMIN_DEFAULTS, type AdminRequest } from '../../src/core/admin/useCases/requests';

const line = (r: AdminRequest, file = 'dev.json') => adminCommandLine(r, file);

describe('admin command lines', () => {
  it('leaves every default out, for every action', () => {
    const D = ADMIN_DEFAULTS;
    assert.equal(
      line({ action: 'rebalance', by: D.by, threshold: D.threshold, useEmptyMasters: D.useEmptyMasters, pace: D.pace, weights: { a: 1 } }),
      'redis-cluster rebalance --profile dev.json --yes',
    );
    assert.equal(line({ action: 'rebalance' }), 'redis-cluster rebalance --profile dev.json --yes');
    assert.equal(
      line({ action: 'reshard', from: ['a', 'b'], to: 'c', slots: 10, pace: D.pace, acceptPartialCounts: false }),
      'redis-cluster reshard --profile dev.json --from a,b --to c --slots 10 --yes',
    );
    assert.equal(
      line({ action: 'del-node', node: 'n', shutdown: false, pace: D.pace }),
      'redis-cluster del-node --profile dev.json --node n --yes',
    );
    assert.equal(line({ action: 'failover', node: 'n', mode: D.mode }), 'redis-cluster failover --profile dev.json --node n --yes');
    assert.equal(line({ action: 'fix', replace: false }), 'redis-cluster fix --profile dev.json --yes');
    assert.equal(line({ action: 'merge', rebalance: false }), 'redis-cluster doctor --profile dev.json --merge --yes');
    assert.equal(line({ action: 'add-node', address: '127.0.0.1:7006' }), 'redis-cluster add-node --profile dev.json --new 127.0.0.1:7006');
    assert.equal(line({ action: 'check' }), 'redis-cluster check --profile dev.json');
  });

  it('writes every value that is not the default', () => {
    assert.equal(
      line({
        action: 'rebalance',
        weights: { zz: 2, abc: 0 },
        threshold: 5,
        useEmptyMasters: true,
        by: 'keys',
        pace: 'gentle',
        acceptPartialCounts: true,
      }),
      'redis-cluster rebalance --profile dev.json --weight abc=0 --weight zz=2 --threshold 5 --use-empty-masters --by keys --pace gentle ' +
        '--accept-partial-counts --yes',
    );
    assert.equal(
      line({ action: 'reshard', from: ['all'], to: 'c', slotList: '0-9,100' }),
      'redis-cluster reshard --profile dev.json --from all --to c --slot-list 0-9,100 --yes',
    );
    assert.equal(
      line({ action: 'del-node', node: 'n', shutdown: true, pace: 'gentle' }),
      'redis-cluster del-node --profile dev.json --node n --shutdown --pace gentle --yes',
    );
    assert.equal(
      line({ action: 'failover', node: 'n', mode: 'takeover' }),
      'redis-cluster failover --profile dev.json --node n --takeover --yes',
    );
    assert.equal(line({ action: 'fix', replace: true }), 'redis-cluster fix --profile dev.json --replace --yes');
    assert.equal(
      line({ action: 'merge', rebalance: true, replicaOf: 'm' }),
      'redis-cluster doctor --profile dev.json --merge --rebalance --replica-of m --yes',
    );
    assert.equal(
      line({ action: 'add-node', address: '127.0.0.1:7006', replicaOf: 'm' }),
      'redis-cluster add-node --profile dev.json --new 127.0.0.1:7006 --replica-of m',
    );
  });

  it('quotes what the shell would split', () => {
    assert.equal(line({ action: 'check' }, "/tmp/my prod's.json"), "redis-cluster check --profile '/tmp/my prod'\\''s.json'");
  });
});
