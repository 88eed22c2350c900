// The console tokenizer follows redis-cli's quoting rules, so a line copied from redis-cli means the same bytes here.
import { strict as assert } from 'node:assert';
import { TokenizeError, commandName, splitLines, tokenize } from '../../src/core/console/tokenize';

const t = (line: string) => tokenize(line).map((b) => b.toString('latin1'));

describe('console tokenizer (redis-cli quoting)', () => {
  it('splits on any whitespace and ignores leading/trailing blanks', () => {
    assert.deepEqual(t('  SET  foo\tbar  '), ['SET', 'foo', 'bar']);
    assert.deepEqual(t(''), []);
    assert.deepEqual(t('   '), []);
  });

  it('double quotes keep spaces and decode \\xHH, \\n, \\r, \\t, \\b, \\a and \\<other>', () => {
    assert.deepEqual(t('SET "a b" "x\\ny"'), ['SET', 'a b', 'x\ny']);
    const [bin] = tokenize('"\\xff\\x00\\x7F"');
    assert.deepEqual([...bin], [0xff, 0x00, 0x7f]);
    assert.deepEqual([...tokenize('"\\t\\r\\b\\a\\"\\\\\\q"')[0]], [9, 13, 8, 7, 0x22, 0x5c, 0x71]);
    // An incomplete \x escape is taken literally, as redis-cli does.
    assert.deepEqual(t('"\\xZZ"'), ['xZZ']);
  });

  it("single quotes take everything literally except \\'", () => {
    assert.deepEqual(t("SET k 'a \\n \"b\" \\'c\\''"), ['SET', 'k', 'a \\n "b" \'c\'']);
  });

  it('quotes may start inside a word; a closing quote must end the argument', () => {
    assert.deepEqual(t('foo"bar baz"'), ['foobar baz']);
    assert.throws(() => tokenize('"abc"def'), TokenizeError);
    assert.throws(() => tokenize("'abc'def"), TokenizeError);
  });

  it('rejects unbalanced quotes', () => {
    assert.throws(() => tokenize('SET "foo'), /unbalanced double quote/);
    assert.throws(() => tokenize("SET 'foo"), /unbalanced single quote/);
  });

  it('keeps non-ASCII text as UTF-8 bytes and empty quoted arguments', () => {
    const args = tokenize('SET clé "ünï" ""');
    assert.equal(args[1].toString('utf8'), 'clé');
    assert.equal(args[2].toString('utf8'), 'ünï');
    assert.equal(args[3].length, 0);
    assert.equal(args.length, 4);
  });

  it('splits a paste into non-blank lines and names the command', () => {
    assert.deepEqual(splitLines('SET a 1\r\nGET a\n\n  \rINCR a'), ['SET a 1', 'GET a', 'INCR a']);
    assert.equal(commandName(tokenize('cluster info')), 'CLUSTER');
    assert.equal(commandName([]), '');
  });
});
