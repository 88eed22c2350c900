// The one error model: every error class of the core (and the CLI's UsageError) extends RedisClusterError and
// carries a kind and a hint; cancellation and the read-only refusal have one class each.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminRefusedError,
  CancelledError,
  ClusterConnectionError,
  ReadOnlyError,
  RedisClusterError,
  assertWritable,
  classifyError,
  throwIfAborted,
} from '../../src/core/common/errors';
import { AdminLockedError } from '../../src/core/admin/ops/lock';
import { MigrationError } from '../../src/core/admin/ops/migrateSlots';
import { PlanStaleError } from '../../src/core/admin/ops/migrate';
import { CreatePlanError } from '../../src/core/admin/plan/create';
import { PlanError } from '../../src/core/admin/plan/types';
import { DeadlineError, withDeadline } from '../../src/core/common/deadline';
import { ProfileError } from '../../src/core/profiles/profile';
import { NoOwnerError } from '../../src/core/keys/keys';
import { ConflictError, KeyMissingError, ValueTooLargeError } from '../../src/core/keys/values';
import { ValueFormatError } from '../../src/core/keys/valueFormat';
import { waitUntil } from '../../src/core/topology/agreement';
import { UsageError } from '../../src/cli/context';

const key = Buffer.from('k');
const failure = { slot: 7, node: '127.0.0.1:7000', command: 'MIGRATE', error: 'BUSYKEY', advice: 'Run check, then fix' };
const samples: Array<[string, Error]> = [
  [
    'ClusterConnectionError',
    classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'n:1', { tls: true }),
  ],
  ['AdminRefusedError', new AdminRefusedError('refused')],
  ['ReadOnlyError', new ReadOnlyError('prod', 'fix')],
  ['CancelledError', new CancelledError('before MEET')],
  ['AdminLockedError', new AdminLockedError({ op: 'rebalance', holder: 'h', since: Date.now(), token: 't' })],
  ['MigrationError', new MigrationError([failure])],
  ['PlanStaleError', new PlanStaleError('stale')],
  ['CreatePlanError', new CreatePlanError('bad')],
  ['PlanError', new PlanError('bad')],
  ['DeadlineError', new DeadlineError('INFO', 10)],
  ['ProfileError', new ProfileError(['no nodes'])],
  ['NoOwnerError', new NoOwnerError(5)],
  ['KeyMissingError', new KeyMissingError(key, 'n:1')],
  ['ValueTooLargeError', new ValueTooLargeError(key, 10, 5)],
  ['ConflictError', new ConflictError(key)],
  ['ValueFormatError', new ValueFormatError('bad json')],
  ['UsageError', new UsageError('--profile FILE is required')],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('error model', () => {
  for (const [name, e] of samples) {
    it(`${name} is a RedisClusterError with its name, a kind and a hint`, () => {
      assert.ok(e instanceof RedisClusterError, `${name} does not extend RedisClusterError`);
      assert.equal(e.name, name);
      assert.ok(e.kind.length > 0, `${name}: no kind`);
      assert.ok(e.hint.length > 5, `${name}: no hint`);
      assert.ok(e.message.length > 0);
    });
  }

  it('no error class in src/core or src/cli extends Error directly, except the base', () => {
    const offenders = [...sources('src/core'), ...sources('src/cli')]
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/class (\w+) extends Error\b/g)].map((m) => `${f}: ${m[1]}`))
      .filter((x) => !x.endsWith(': RedisClusterError'));
    assert.deepEqual(offenders, []);
    assert.equal(samples.length, new Set(samples.map(([n]) => n)).size);
  });

  it('kinds: the connection kind, read-only, cancelled, locked', () => {
    assert.equal((samples[0][1] as ClusterConnectionError).kind, 'refused');
    assert.equal(new ReadOnlyError('p', 'x').kind, 'read-only');
    assert.ok(new ReadOnlyError('p', 'x') instanceof AdminRefusedError, 'a read-only refusal is an admin refusal');
    assert.equal(new CancelledError('x').kind, 'cancelled');
    assert.equal((samples[4][1] as AdminLockedError).kind, 'locked');
  });

  it('assertWritable is the one read-only refusal', () => {
    assert.doesNotThrow(() => assertWritable({ name: 'dev' }, 'fix'));
    assert.throws(
      () => assertWritable({ name: 'prod', readOnly: true }, 'fix'),
      (e: unknown) => e instanceof ReadOnlyError && /profile "prod" is read-only: fix refused\. Remove "readOnly"/.test(e.message),
    );
  });

  it('every way of cancelling throws CancelledError', async () => {
    const ac = new AbortController();
    ac.abort();
    assert.throws(
      () => throwIfAborted(ac.signal, 'before MEET'),
      (e: unknown) => e instanceof CancelledError && e.message === 'cancelled before MEET',
    );
    await assert.rejects(withDeadline(new Promise(() => undefined), 1000, 'INFO on n:1', ac.signal), CancelledError);
    await assert.rejects(
      waitUntil(async () => 'not yet', { timeoutMs: 1000, signal: ac.signal, what: 'x' }),
      CancelledError,
    );
  });
});
