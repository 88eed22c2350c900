import { strict as assert } from 'node:assert';
import {
  displayKey,
  escapeBytes,
  isPlainKey,
  isValidUtf8,
  keyFromBase64,
  keyFromBase64Url,
  keyToBase64,
  keyToBase64Url,
  parseKeyInput,
} from '../../src/core/keys/keyName';

describe('keyName: binary-safe key display', () => {
  it('shows valid, printable UTF-8 as is', () => {
    assert.equal(displayKey(Buffer.from('user:1:name')), 'user:1:name');
    assert.equal(displayKey(Buffer.from('clé:日本')), 'clé:日本');
  });

  it('escapes invalid UTF-8 like redis-cli', () => {
    assert.equal(isValidUtf8(Buffer.from([0xff, 0x61])), false);
    assert.equal(displayKey(Buffer.from([0x61, 0xff, 0x00, 0x62])), '"a\\xff\\x00b"');
    assert.equal(escapeBytes(Buffer.from('a"b\\c\n\t')), '"a\\"b\\\\c\\n\\t"');
  });

  it('escapes control characters and quote-wrapped text so the display form stays unambiguous', () => {
    assert.equal(isPlainKey(Buffer.from('a\nb')), false);
    assert.equal(displayKey(Buffer.from('a\nb')), '"a\\nb"');
    assert.equal(displayKey(Buffer.from('"quoted"')), '"\\"quoted\\""');
  });

  it('parses every display form back to the exact bytes', () => {
    const samples = [
      Buffer.from('plain'),
      Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]),
      Buffer.from('"q"'),
      Buffer.from('é\r\n'),
      Buffer.alloc(0),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ];
    for (const s of samples) assert.deepEqual(parseKeyInput(displayKey(s)), s, `round trip of ${s.toString('hex')}`);
  });

  it('refuses malformed escapes instead of guessing a key', () => {
    assert.throws(() => parseKeyInput('"a\\xZZ"'), /bad escape/);
    assert.throws(() => parseKeyInput('"a\\q"'), /bad escape/);
    assert.throws(() => parseKeyInput('"a"b"'), /unescaped quote/);
  });

  it('round-trips base64 and base64url, and rejects garbage', () => {
    const key = Buffer.from([0xfb, 0xff, 0x3f, 0x00]);
    assert.deepEqual(keyFromBase64(keyToBase64(key)), key);
    assert.deepEqual(keyFromBase64Url(keyToBase64Url(key)), key);
    assert.match(keyToBase64Url(key), /^[A-Za-z0-9_-]+$/);
    assert.throws(() => keyFromBase64('abc'), /not valid base64/);
    assert.throws(() => keyFromBase64Url('a+b/'), /not valid base64url/);
  });
});
