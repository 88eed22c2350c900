// The one error model: every error class of the core (and the CLI's UsageError) extends RedisClusterError and
// carries a kind and a hint; cancellation and the read-only refusal have one class each.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminRefusedError,
  CancelledError,
  AdminStepError,
  ClusterConnectionError,
  ClusterStateError,
  InputError,
  NodeCommandError,
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
import { AgreementTimeoutError, waitUntil } from '../../src/core/topology/agreement';
import { UsageError } from '../../src/cli/context';
import { KeyExistsError } from '../../src/core/keys/values';
import { UnknownNodeError, findNode } from '../../src/core/topology/topology';
import { JavaStoreExportError, exportJavaStores } from '../../src/core/connection/javaStoreExport';
import { ParseError } from '../../src/core/keysInCode';
import { parseKeyInput } from '../../src/core/keys/keyName';
import { TokenizeError } from '../../src/core/console/tokenize';
import { AmbiguousProfileError } from '../../src/core/profiles/profileRef';
import { SpringConfigError } from '../../src/core/spring/config';
import { SpringImportError } from '../../src/core/spring/import';
import { parseScanCursor } from '../../src/core/keys/scan';
import { AdminDisabledError } from '../../src/core/agent';
import { UnknownProfileError } from '../../src/core/agent/target';
import { ToolInputError } from '../../src/core/agent/schema';
import { AnalyzeInputError } from '../../src/core/analyze/types';
import { LinkDownError } from '../../src/core/connection/linkWatch';
import { HelpRequested } from '../../src/cli/args';
import { checkSpec } from '../../src/cli/check';
import { PartialCountsError } from '../../src/core/admin/useCases/migration';
import { SlotStatsReplyError } from '../../src/core/monitoring/slotStats';
import { SlotLoadUnavailableError } from '../../src/core/monitoring/slotLoad';

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
  ['NodeCommandError', new NodeCommandError('n:1', 'CLUSTER MEET failed: ERR', undefined, 'Check the bus port')],
  ['AdminStepError', new AdminStepError('n:1 was forgotten by 2 of 3 nodes', 'Run forget again within 60 s')],
  ['ClusterStateError', new ClusterStateError('master n:1 is failing', 'Wait for the failover to finish')],
  ['InputError', new InputError('slot 20000 is outside 0-16383', 'Give a slot number from 0 to 16383')],
  ['UnknownNodeError', new UnknownNodeError('no node "x" in the cluster')],
  ['AgreementTimeoutError', new AgreementTimeoutError('timed out after 10 ms waiting for x: y')],
  ['KeyExistsError', new KeyExistsError(key, 'n:1')],
  ['JavaStoreExportError', new JavaStoreExportError('the CA file holds no PEM certificate', 'Point tls.ca at a PEM file')],
  ['ParseError', new ParseError('tree-sitter could not parse this java file')],
  ['TokenizeError', new TokenizeError('unbalanced quote')],
  ['AmbiguousProfileError', new AmbiguousProfileError('prod', ['user:prod', 'workspace:prod'])],
  ['SpringConfigError', new SpringConfigError('application.yml', 'bad YAML')],
  ['SpringImportError', new SpringImportError('application.yml', ['no host'])],
  ['SlotStatsReplyError', new SlotStatsReplyError('not a list')],
  ['PartialCountsError', new PartialCountsError([{ address: 'n:1', error: 'timed out' }])],
  ['AdminDisabledError', new AdminDisabledError('redis_cluster_failover')],
  ['UnknownProfileError', new UnknownProfileError('no profile "x"')],
  ['ToolInputError', new ToolInputError('input "node" is required')],
  ['AnalyzeInputError', new AnalyzeInputError('--top must be 1-1000', 'Give --top a number from 1 to 1000')],
  ['LinkDownError', new LinkDownError('prod', 0, new Error('ECONNRESET'))],
  ['HelpRequested', new HelpRequested(checkSpec)],
  ['SlotLoadUnavailableError', new SlotLoadUnavailableError('n:1 has no CLUSTER SLOT-STATS')],
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

  it('every error class of src/core and src/cli has a sample above', () => {
    const classes = [...sources('src/core'), ...sources('src/cli')].flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^export class (\w+) extends \w+Error\b/gm)].map((m) => m[1]),
    );
    const sampled = new Set(samples.map(([n]) => n));
    assert.deepEqual(
      classes.filter((c) => !sampled.has(c)),
      [],
    );
  });

  it('the errors that used to be bare say what to do next, with their own kind', () => {
    assert.throws(
      () => parseKeyInput('"a\\q"'),
      (e: unknown) => e instanceof InputError && e.kind === 'usage' && /bad escape .*\. Inside quotes write \\xHH/.test(e.message),
    );
    assert.throws(
      () => parseScanCursor({}),
      (e: unknown) => e instanceof InputError && /Pass the cursor exactly/.test(e.message),
    );
    assert.throws(
      () => findNode({ nodes: [] }, 'abcd'),
      (e: unknown) => e instanceof UnknownNodeError && e.kind === 'unknown-node' && /no node "abcd"/.test(e.message),
    );
    assert.throws(
      () => exportJavaStores({}, '/nonexistent', 'pw'),
      (e: unknown) => e instanceof JavaStoreExportError && e.kind === 'profile' && /no tls\.ca.*Set tls\.ca/.test(e.message),
    );
    const meet = new NodeCommandError('n:1', 'CLUSTER MEET failed: ERR', undefined, 'Check the bus port');
    assert.equal(meet.message, 'n:1: CLUSTER MEET failed: ERR. Check the bus port');
    assert.equal(new NodeCommandError('n:1', 'no reply').message, 'n:1: no reply', 'without a hint the reply text stays alone');
    assert.equal(new AdminStepError('x failed.', 'Run fix').message, 'x failed. Run fix');
    assert.equal(new AdminStepError('x failed; Run fix', 'Run fix').message, 'x failed; Run fix', 'a hint already said is not repeated');
  });

  it('waitUntil times out with AgreementTimeoutError (kind deadline)', async () => {
    await assert.rejects(
      waitUntil(async () => 'not yet', { timeoutMs: 30, intervalMs: 10, what: 'x' }),
      (e: unknown) =>
        e instanceof AgreementTimeoutError && e.kind === 'deadline' && /timed out after 30 ms waiting for x: not yet/.test(e.message),
    );
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
