// Replies print the way redis-cli 7.0 prints them on a terminal; the expected texts were taken from redis-cli
// (--no-raw, and -3 for RESP3) against the test cluster.
import { strict as assert } from 'node:assert';
import { type Reply, formatReply, fromIoredis, repliesWithStatus, replyToJson } from '../../src/core/console/reply';

const str = (s: string | Buffer): Reply => ({ type: 'string', value: Buffer.isBuffer(s) ? s : Buffer.from(s) });
const int = (n: number): Reply => ({ type: 'integer', value: n });
const arr = (...items: Reply[]): Reply => ({ type: 'array', items });
const map = (...entries: Array<[Reply, Reply]>): Reply => ({ type: 'map', entries });

describe('console reply formatting (redis-cli terminal style)', () => {
  it('scalars: status bare, strings quoted, (integer), (nil), (error), (double), booleans, big numbers', () => {
    assert.equal(formatReply({ type: 'status', value: 'OK' }), 'OK');
    assert.equal(formatReply(str('bar')), '"bar"');
    assert.equal(formatReply(int(42)), '(integer) 42');
    assert.equal(formatReply({ type: 'nil' }), '(nil)');
    const message = 'ERR value is not an integer or out of range';
    assert.equal(formatReply({ type: 'error', message }), `(error) ${message}`);
    assert.equal(formatReply({ type: 'double', value: 1.5 }), '(double) 1.5');
    assert.equal(formatReply({ type: 'bool', value: true }), '(true)');
    assert.equal(formatReply({ type: 'bignum', value: '1234567890123456789012' }), '(big number) 1234567890123456789012');
  });

  it('binary-safe strings: escapes like redis-cli ("a\\tb\\"\\\\\\xff")', () => {
    assert.equal(formatReply(str(Buffer.from([0x61, 0x09, 0x62, 0x22, 0x5c, 0xff]))), '"a\\tb\\"\\\\\\xff"');
    assert.equal(formatReply(str(Buffer.from('é'))), '"\\xc3\\xa9"');
  });

  it('nested arrays: CLUSTER SLOTS layout, empty arrays', () => {
    const slots = arr(arr(int(0), int(5460), arr(str('127.0.0.1'), int(13100), str('d033a4'), arr())), arr(int(5461), int(10922)));
    assert.equal(
      formatReply(slots),
      [
        '1) 1) (integer) 0',
        '   2) (integer) 5460',
        '   3) 1) "127.0.0.1"',
        '      2) (integer) 13100',
        '      3) "d033a4"',
        '      4) (empty array)',
        '2) 1) (integer) 5461',
        '   2) (integer) 10922',
      ].join('\n'),
    );
    assert.equal(formatReply(arr()), '(empty array)');
  });

  it('right-aligns indexes to the widest one (10+ elements)', () => {
    const items = Array.from({ length: 10 }, (_, i) => str(`v${i}`));
    const lines = formatReply(arr(str('get'), arr(...items))).split('\n');
    assert.equal(lines[0], '1) "get"');
    assert.equal(lines[1], '2)  1) "v0"');
    assert.equal(lines[2], '    2) "v1"');
    assert.equal(lines[10], '   10) "v9"');
  });

  it('RESP3 maps, sets and doubles like redis-cli -3 (HELLO, COMMAND DOCS, SMEMBERS, ZRANGE WITHSCORES)', () => {
    assert.equal(
      formatReply(map([str('server'), str('redis')], [str('proto'), int(3)], [str('modules'), arr()])),
      ['1# "server" => "redis"', '2# "proto" => (integer) 3', '3# "modules" => (empty array)'].join('\n'),
    );
    const docs = map([
      str('get'),
      map(
        [str('summary'), str('Get the value of a key')],
        [str('arguments'), arr(map([str('name'), str('key')], [str('type'), str('key')]))],
      ),
    ]);
    assert.equal(
      formatReply(docs),
      [
        '1# "get" => ',
        '   1# "summary" => "Get the value of a key"',
        '   2# "arguments" => ',
        '      1) 1# "name" => "key"',
        '         2# "type" => "key"',
      ].join('\n'),
    );
    assert.equal(formatReply({ type: 'set', items: [str('a'), str('b')] }), '1~ "a"\n2~ "b"');
    assert.equal(formatReply(arr(arr(str('a'), { type: 'double', value: 1.5 }))), '1) 1) "a"\n   2) (double) 1.5');
    assert.equal(formatReply({ type: 'map', entries: [] }), '(empty hash)');
    assert.equal(formatReply({ type: 'set', items: [] }), '(empty set)');
  });

  it('converts ioredis values; status only for commands that answer with one', () => {
    assert.deepEqual(fromIoredis(Buffer.from('OK'), true), { type: 'status', value: 'OK' });
    assert.deepEqual(fromIoredis(null), { type: 'nil' });
    assert.deepEqual(fromIoredis([Buffer.from('a'), 3, null]), arr(str('a'), int(3), { type: 'nil' }));
    assert.deepEqual(fromIoredis({ f: 1 }), map([str('f'), int(1)]));
    assert.equal(repliesWithStatus([Buffer.from('set'), Buffer.from('k'), Buffer.from('v')]), true);
    assert.equal(repliesWithStatus([Buffer.from('SET'), Buffer.from('k'), Buffer.from('v'), Buffer.from('get')]), false);
    assert.equal(repliesWithStatus([Buffer.from('PING')]), true);
    assert.equal(repliesWithStatus([Buffer.from('PING'), Buffer.from('hi')]), false);
    assert.equal(repliesWithStatus([Buffer.from('CLUSTER'), Buffer.from('MYID')]), false);
    assert.equal(repliesWithStatus([Buffer.from('CLUSTER'), Buffer.from('MEET')]), true);
    assert.equal(repliesWithStatus([Buffer.from('GET'), Buffer.from('k')]), false);
  });

  it('JSON: text strings as is, binary in the quoted escape form, errors inside arrays as {error}', () => {
    const reply = arr(str('a'), str(Buffer.from([0xff])), int(2), { type: 'nil' }, { type: 'error', message: 'ERR x' });
    assert.deepEqual(replyToJson(reply), ['a', '"\\xff"', 2, null, { error: 'ERR x' }]);
    assert.deepEqual(replyToJson(map([str('k'), arr(str('v'))])), { k: ['v'] });
    assert.equal(replyToJson({ type: 'status', value: 'OK' }), 'OK');
  });
});
