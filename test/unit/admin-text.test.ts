// Pure helpers of the admin commands: progress lines, summaries, CLI lines for the log, input validation,
// and the explicit-options argument (what may skip pickers and the confirmation).
import { strict as assert } from 'node:assert';
import type { MigrationProgress } from '../../src/core/admin/ops/migrate';
import { adminOptions, commandArgs } from '../../src/commands/adminOptions';
import {
  failoverSummary,
  formatDuration,
  lifecycleProgressText,
  migrationProgressText,
  migrationSummary,
  parseNodeList,
  percentOf,
  profileFileArg,
  validateSlotCount,
  validateThreshold,
  validateWeight,
} from '../../src/commands/adminText';

const progress = (over: Partial<MigrationProgress>): MigrationProgress => ({
  phase: 'moving',
  slotsTotal: 4096,
  slotsDone: 120,
  slotsSkipped: 0,
  keysMoved: 12345,
  keysPerSec: 8000.4,
  elapsedMs: 1500,
  active: [],
  message: '',
  ...over,
});

describe('admin command texts', () => {
  it('formats durations in ms, s and min', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(4200), '4.2 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });

  it('shows slots, keys, rate and ETA while moving', () => {
    assert.equal(migrationProgressText(progress({ etaMs: 12_000 })), '120/4,096 slots · 12,345 keys · 8,000 keys/s · ETA 12.0 s');
    assert.equal(
      migrationProgressText(progress({ keysEstimated: 50_000, keysPerSec: 0, slotsSkipped: 3 })),
      '120/4,096 slots · 12,345/50,000 keys · 3 already done',
    );
    assert.match(migrationProgressText(progress({ phase: 'settling' })), /waiting for every node to agree/);
    // Gentle: the canary's latency against its budget, the slots per step it allows, the busiest node's ops rate.
    assert.equal(
      migrationProgressText(progress({ etaMs: 12_000, canary: { ms: 1.234, budgetMs: 2, slotsInFlight: 2, opsPerSec: 5400 } })),
      '120/4,096 slots · 12,345 keys · 8,000 keys/s · ETA 12.0 s · ' +
        'client latency 1.2 ms (budget 2.0), 2 slot(s) per step · busiest node 5400 ops/s',
    );
  });

  it('computes percent from either kind of progress, never outside 0-100', () => {
    assert.equal(percentOf(progress({ slotsDone: 1024 })), 25);
    assert.equal(percentOf({ done: 3, total: 6 }), 50);
    assert.equal(percentOf({ done: 9, total: 6 }), 100);
    assert.equal(percentOf({ done: 1 }), undefined);
    assert.equal(percentOf(progress({ slotsTotal: 0, slotsDone: 0 })), undefined);
  });

  it('names the lifecycle phase with its count and elapsed time', () => {
    assert.equal(
      lifecycleProgressText({ op: 'create', phase: 'meet', message: 'meeting nodes', done: 3, total: 6, elapsedMs: 2100 }),
      'meet: meeting nodes [3/6] (2.1 s)',
    );
  });

  it('summarizes a finished and a cancelled migration', () => {
    const done = migrationSummary('Reshard 100 slots', {
      status: 'done',
      slotsMoved: 100,
      slotsSkipped: 0,
      keysMoved: 5000,
      elapsedMs: 2000,
      warnings: [],
    });
    assert.equal(done, 'Reshard 100 slots done: 100 slots, 5,000 keys in 2.0 s, 2,500 keys/s.');
    const cancelled = migrationSummary('Rebalance', {
      status: 'cancelled',
      slotsMoved: 40,
      slotsSkipped: 0,
      keysMoved: 10,
      elapsedMs: 900,
      warnings: ['x'],
    });
    assert.match(cancelled, /cancelled at a safe point after 40 slots; no slot is left open.*1 warning/);
  });

  it('reports failover timings', () => {
    const text = failoverSummary({
      mode: 'default',
      newMasterId: 'a',
      newMasterAddress: '127.0.0.1:7003',
      oldMasterId: 'b',
      oldMasterAddress: '127.0.0.1:7000',
      oldMasterReachable: true,
      attempts: 2,
      timings: { promotedMs: 15, allSeeNewMasterMs: 52, oldMasterDemotedMs: 1300, settledMs: 1400, totalMs: 1500 },
    });
    assert.equal(
      text,
      'Failover (default) done: 127.0.0.1:7003 is master (promoted in 15 ms, all nodes saw it after 52 ms; settled in 1.4 s, ' +
        'total 1.5 s). The old master was a replica everywhere after 1.3 s. It took 2 attempts.',
    );
  });

  it('writes replayable CLI lines, quoting odd profile names', () => {
    assert.equal(profileFileArg('dev'), 'dev.json');
    assert.equal(profileFileArg("my prod's"), "'my prod'\\''s.json'");
  });

  it('parses node lists and rejects duplicates and bad entries by name', () => {
    assert.deepEqual(parseNodeList('127.0.0.1:7000, 127.0.0.1:7001 [::1]:7002'), {
      addresses: ['127.0.0.1:7000', '127.0.0.1:7001', '[::1]:7002'],
    });
    assert.deepEqual(parseNodeList('a:1,a:1'), { error: 'a:1 is listed twice' });
    assert.match((parseNodeList('a:1,b') as { error: string }).error, /"b" is not host:port/);
    assert.ok('error' in parseNodeList('  '));
  });

  it('validates slot counts, weights and thresholds', () => {
    assert.equal(validateSlotCount('100', 5461), undefined);
    assert.match(validateSlotCount('0', 5461) ?? '', /at least 1/);
    assert.match(validateSlotCount('1.5', 5461) ?? '', /whole number/);
    assert.match(validateSlotCount('6000', 5461) ?? '', /at most 5461/);
    assert.equal(validateWeight('0'), undefined);
    assert.ok(validateWeight('-1'));
    assert.equal(validateThreshold('2'), undefined);
    assert.ok(validateThreshold('101'));
  });
});

describe('admin command options', () => {
  it('reads a tree item argument (profile + nodeId) and never treats it as confirmed', () => {
    const treeItem = { id: 'dev/node/abc', profile: 'dev', nodeId: 'abc', parent: {}, node: { flags: [] } };
    assert.deepEqual(adminOptions(treeItem), { profile: 'dev', nodeId: 'abc' });
  });

  it('skips the confirmation only for an explicit boolean true', () => {
    assert.equal(adminOptions({ profile: 'dev', yes: true }).yes, true);
    assert.equal(adminOptions({ profile: 'dev', yes: 'true' }).yes, undefined);
    assert.equal(adminOptions({ profile: 'dev', yes: 1 }).yes, undefined);
    assert.equal(adminOptions('dev').yes, undefined);
    assert.deepEqual(adminOptions(undefined), {});
  });

  it('keeps only well-typed fields', () => {
    const o = adminOptions({
      profile: 'dev',
      sourceIds: ['a', 2],
      targetId: 'b',
      slots: '10',
      mode: 'sideways',
      weights: { a: 0, b: -1, c: 'x' },
      by: 'keys',
    });
    assert.deepEqual(o, { profile: 'dev', targetId: 'b', weights: { a: 0 }, by: 'keys' });
    assert.deepEqual(adminOptions({ sourceIds: ['a'], slots: 10, mode: 'takeover' }), { sourceIds: ['a'], slots: 10, mode: 'takeover' });
  });

  it('gives each command only its own options', () => {
    const arg = { profile: 'dev', yes: true, sourceIds: ['a'], slots: 10, mode: 'takeover', shutdown: true, acceptPartialCounts: true };
    assert.deepEqual(commandArgs(arg, 'reshard'), { profile: 'dev', yes: true, sourceIds: ['a'], slots: 10, acceptPartialCounts: true });
    assert.deepEqual(commandArgs(arg, 'failover'), { profile: 'dev', yes: true, mode: 'takeover' });
    assert.deepEqual(commandArgs(arg, 'removeNode'), { profile: 'dev', yes: true, shutdown: true });
    assert.deepEqual(commandArgs({ ...arg, acceptPartialCounts: 'yes' }, 'drain'), { profile: 'dev', yes: true });
  });
});
