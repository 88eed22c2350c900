import { strict as assert } from 'node:assert';
import {
  ValueFormatError,
  fingerprint,
  looksLikeJson,
  parseDocument,
  renderHash,
  renderList,
  renderSet,
  renderStream,
  renderString,
  renderZset,
} from '../../src/core/keys/valueFormat';
import { hashTagHint } from '../../src/core/keys/lookup';
import { keySlot } from '../../src/core/topology/slots';

const b = (s: string) => Buffer.from(s);

describe('values: stable document format', () => {
  it('renders strings as text, binary strings escaped, and detects JSON', () => {
    assert.deepEqual(renderString(b('hello')), { text: 'hello', format: 'text' });
    assert.deepEqual(renderString(Buffer.from([0xff, 0x41])), { text: '"\\xffA"', format: 'escaped' });
    assert.equal(looksLikeJson('{"a": 1}'), true);
    assert.equal(looksLikeJson(' [1,2] '), true);
    assert.equal(looksLikeJson('{not json'), false);
    assert.equal(looksLikeJson('42'), false);
  });

  it('sorts hash fields and set members so equal values render identically', () => {
    assert.equal(renderHash([b('b'), b('2'), b('a'), b('1')]), renderHash([b('a'), b('1'), b('b'), b('2')]));
    assert.equal(renderHash([b('b'), b('2'), b('a'), b('1')]), '{\n  "a": "1",\n  "b": "2"\n}\n');
    assert.equal(renderSet([b('z'), b('a')]), renderSet([b('a'), b('z')]));
    assert.equal(renderList([b('z'), b('a')]), '[\n  "z",\n  "a"\n]\n');
  });

  it('encodes binary elements and fields as base64 and parses them back exactly', () => {
    const bin = Buffer.from([0xff, 0x00]);
    const hash = renderHash([bin, bin, b('$base64:x'), b('v')]);
    const parsed = parseDocument('hash', hash);
    assert.equal(parsed.type, 'hash');
    if (parsed.type !== 'hash') return;
    const back = new Map(parsed.pairs.map(([f, v]) => [f.toString('hex'), v.toString('hex')]));
    assert.equal(back.get(bin.toString('hex')), bin.toString('hex'));
    assert.equal(back.get(b('$base64:x').toString('hex')), b('v').toString('hex'));
    const list = parseDocument('list', renderList([bin, b('a')]));
    assert.deepEqual(list.type === 'list' && list.items, [bin, b('a')]);
  });

  it('renders zsets in order with numeric scores and infinities', () => {
    const text = renderZset([b('a'), b('1.5'), b('b'), b('inf')]);
    assert.deepEqual(JSON.parse(text), [
      { member: 'a', score: 1.5 },
      { member: 'b', score: '+inf' },
    ]);
    const parsed = parseDocument('zset', text);
    assert.deepEqual(parsed.type === 'zset' && parsed.entries.map(([s, m]) => [s, m.toString()]), [
      [1.5, 'a'],
      ['+inf', 'b'],
    ]);
  });

  it('renders streams and refuses to save them', () => {
    const text = renderStream([[b('1-0'), [b('f'), b('v')]]]);
    assert.deepEqual(JSON.parse(text), [{ id: '1-0', fields: { f: 'v' } }]);
    assert.throws(() => parseDocument('stream', text), /read-only/);
  });

  it('names what is wrong with an edited document', () => {
    assert.throws(
      () => parseDocument('hash', '{"a": '),
      (e: unknown) => e instanceof ValueFormatError && /not valid JSON/.test(e.message),
    );
    assert.throws(() => parseDocument('hash', '[1]'), /one JSON object/);
    assert.throws(() => parseDocument('list', '[{"x": 1}]'), /element #1/);
    assert.throws(() => parseDocument('zset', '[{"member": "a"}]'), /zset entry #1/);
    assert.throws(() => parseDocument('string', '"\\xZZ"', 'escaped'), /double-quoted/);
  });

  it('round-trips a binary string through its escaped document', () => {
    const v = Buffer.from([0, 1, 0xfe, 0x22, 0x5c]);
    const { text, format } = renderString(v);
    const parsed = parseDocument('string', text, format);
    assert.deepEqual(parsed.type === 'string' && parsed.value, v);
  });

  it('fingerprints depend on type and text', () => {
    assert.equal(fingerprint('list', '[]'), fingerprint('list', '[]'));
    assert.notEqual(fingerprint('list', '[]'), fingerprint('set', '[]'));
  });
});

describe('lookup: hash tag hint', () => {
  it('stays silent when keys share a slot or only one key was looked up', () => {
    assert.equal(hashTagHint([b('a')]), undefined);
    assert.equal(hashTagHint([b('{u1}:a'), b('{u1}:b')]), undefined);
  });

  it('explains hash tags and rewrites keys so they co-locate', () => {
    const keys = [b('user:1:name'), b('user:1:email'), b('user:1:cart')];
    const hint = hashTagHint(keys);
    assert.ok(hint, 'hint expected: these keys hash to different slots');
    assert.ok(hint.slots.length > 1);
    assert.equal(hint.example.tag, 'user:1');
    assert.deepEqual(hint.example.keys, ['{user:1}:name', '{user:1}:email', '{user:1}:cart']);
    for (const k of hint.example.keys) assert.equal(keySlot(k), hint.example.slot);
    assert.match(hint.text, /\{tag\}/);
  });
});
