// Console safety gates and history filtering, on a command table parsed from a COMMAND-shaped reply.
import { strict as assert } from 'node:assert';
import { parseCommandTable, specFor } from '../../src/core/console/commandTable';
import { ConsoleEngine } from '../../src/core/console/engine';
import { carriesSecret, classify, keysVerdict, redactedLine } from '../../src/core/console/safety';
import { tokenize } from '../../src/core/console/tokenize';
import type { ClusterProfile } from '../../src/core/profiles/profile';

// name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands (RESP2 COMMAND shape)
const entry = (name: string, flags: string[], firstKey = 0, subs: unknown[] = []) => [
  name,
  -1,
  flags,
  firstKey,
  firstKey,
  1,
  [],
  [],
  [],
  subs,
];
const table = parseCommandTable([
  entry('get', ['readonly', 'fast'], 1),
  entry('set', ['write', 'denyoom'], 1),
  entry('info', ['loading', 'stale']),
  entry('keys', ['readonly']),
  entry('flushall', ['write']),
  entry('cluster', [], 0, [entry('cluster|info', ['loading', 'stale']), entry('cluster|setslot', ['admin', 'stale', 'noscript'])]),
  entry('config', [], 0, [
    entry('config|get', ['admin', 'noscript', 'loading', 'stale']),
    entry('config|set', ['admin', 'noscript', 'loading', 'stale']),
  ]),
]);
const base: ClusterProfile = { name: 'prod', nodes: ['127.0.0.1:7000'] };
const line = (l: string) => tokenize(l);

describe('console safety', () => {
  it('parses COMMAND entries with subcommands', () => {
    assert.deepEqual(specFor(table, line('cluster setslot 1 stable'))?.flags, ['admin', 'stale', 'noscript']);
    assert.equal(specFor(table, line('GET k'))?.firstKey, 1);
    assert.equal(specFor(table, line('NOPE')), undefined);
  });

  it('readOnly refuses write and admin commands before sending, and allows reads', () => {
    const ro = { ...base, readOnly: true };
    assert.equal(classify(ro, table, line('GET k')).kind, 'allow');
    assert.equal(classify(ro, table, line('INFO')).kind, 'allow');
    assert.equal(classify(ro, table, line('CLUSTER INFO')).kind, 'allow');
    const set = classify(ro, table, line('SET k v'));
    assert.equal(set.kind, 'refuse');
    assert.match(set.kind === 'refuse' ? set.reason : '', /read-only: SET refused \(it is flagged write\)/);
    assert.equal(classify(ro, table, line('cluster setslot 1 stable')).kind, 'refuse');
    assert.equal(classify(ro, table, line('CONFIG GET maxmemory')).kind, 'refuse');
    assert.equal(classify(ro, undefined, line('GET k')).kind, 'refuse', 'without the flags nothing can be proven read-only');
  });

  it('protected asks for the typed name before dangerous commands only', () => {
    const pr = { ...base, protected: true };
    const guarded = [
      'FLUSHALL',
      'flushdb',
      'CLUSTER RESET HARD',
      'cluster failover',
      'CLUSTER FORGET abc',
      'CLUSTER SETSLOT 1 NODE x',
      'SHUTDOWN',
      'DEBUG SLEEP 0',
      'CONFIG SET maxmemory 1',
    ];
    for (const l of guarded) {
      assert.equal(classify(pr, table, line(l)).kind, 'confirm-name', l);
    }
    for (const l of ['SET k v', 'CONFIG GET maxmemory', 'CLUSTER INFO']) assert.equal(classify(pr, table, line(l)).kind, 'allow', l);
    assert.equal(classify(base, table, line('FLUSHALL')).kind, 'allow', 'an unprotected profile does not ask');
  });

  it('refuses commands that would change the state of the shared connection, on every profile', () => {
    const stateful = [
      'SUBSCRIBE ch',
      'MONITOR',
      'MULTI',
      'AUTH pw',
      'HELLO 3',
      'HELLO 2 AUTH u pw',
      'CLIENT REPLY OFF',
      'SELECT 1',
      'READONLY',
    ];
    for (const l of stateful) {
      const v = classify(base, table, line(l));
      assert.equal(v.kind, 'refuse', l);
      assert.match(v.kind === 'refuse' ? v.reason : '', /shares with the extension; nothing was sent/);
    }
    for (const l of ['HELLO', 'HELLO 2', 'CLIENT LIST', 'CLIENT INFO']) assert.equal(classify(base, table, line(l)).kind, 'allow', l);
  });

  it('KEYS on a master with more than 10k keys suggests SCAN and asks', () => {
    assert.equal(keysVerdict(line('KEYS *'), [{ node: 'a:1', keys: 10_000 }]).kind, 'allow');
    const v = keysVerdict(line('keys *'), [{ node: 'a:1', keys: 10_001 }]);
    assert.equal(v.kind, 'confirm');
    assert.match(v.kind === 'confirm' ? v.reason : '', /a:1 holds 10001 keys.*SCAN/);
    assert.equal(keysVerdict(line('SCAN 0'), [{ node: 'a:1', keys: 1e6 }]).kind, 'allow');
  });

  it('lines with secrets are recognised and redacted; they never enter the history', () => {
    const secret = [
      'AUTH s3cret',
      'auth user s3cret',
      'HELLO 3 AUTH user s3cret',
      'ACL SETUSER bob on >s3cret',
      'CONFIG SET requirepass s3cret',
      'MIGRATE h 1 "" 0 5 AUTH s3cret KEYS a',
    ];
    for (const l of secret) {
      assert.ok(carriesSecret(line(l)), l);
      assert.ok(!redactedLine(line(l)).includes('s3cret'), redactedLine(line(l)));
    }
    assert.equal(redactedLine(line('HELLO 3 AUTH user s3cret SETNAME x')), 'HELLO 3 AUTH user *** SETNAME x');
    assert.equal(redactedLine(line('SET "a b" "\\xff"')), 'SET "a b" "\\xff"');
    assert.ok(!carriesSecret(line('HELLO 3')));
    const engine = new ConsoleEngine({ profile: base, session: () => Promise.reject(new Error('no')), topology: async () => undefined });
    assert.equal(engine.remember('AUTH s3cret'), false);
    assert.equal(engine.remember('auth "unbalanced'), false, 'a line that does not tokenize is still checked');
    assert.equal(engine.remember('GET k'), true);
    assert.equal(engine.remember('   '), false);
  });
});
