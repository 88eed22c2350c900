import { strict as assert } from 'node:assert';
import {
  compactSlots,
  countSlots,
  crc16,
  formatRanges,
  hashTagSpan,
  keySlot,
  mergeRanges,
  uncoveredSlots,
} from '../../src/core/topology/slots';

describe('slots: key to slot', () => {
  it('matches the CRC16/XMODEM check value', () => {
    assert.equal(crc16(Buffer.from('123456789')), 0x31c3);
  });
  it('computes known slots', () => {
    assert.equal(keySlot('foo'), 12182);
    assert.equal(keySlot('bar'), 5061);
    assert.equal(keySlot(''), 0);
  });
  it('uses the first non-empty {tag}', () => {
    assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
    assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
    assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
  });
  it('hashes the whole key when the first braces are empty or unclosed', () => {
    assert.equal(keySlot('foo{}{bar}'), crc16(Buffer.from('foo{}{bar}')) & 16383);
    assert.equal(keySlot('foo{bar'), crc16(Buffer.from('foo{bar')) & 16383);
    assert.equal(hashTagSpan('{}x'), undefined);
  });
  it('treats bytes and strings alike, binary included', () => {
    assert.equal(keySlot(Buffer.from('héllo')), keySlot('héllo'));
    const bin = Buffer.from([0xff, 0x7b, 0x00, 0x7d, 0x80]);
    assert.equal(keySlot(bin), crc16(Buffer.from([0x00])) & 16383);
  });
});

describe('slots: ranges', () => {
  it('compacts slot lists', () => {
    assert.deepEqual(compactSlots([5, 1, 2, 3, 7, 6, 10]), [
      [1, 3],
      [5, 7],
      [10, 10],
    ]);
    assert.equal(formatRanges(compactSlots([0, 1, 2, 5460, 5459])), '0-2,5459-5460');
  });
  it('merges and counts ranges', () => {
    assert.deepEqual(
      mergeRanges([
        [10, 20],
        [0, 5],
        [6, 9],
        [30, 30],
      ]),
      [
        [0, 20],
        [30, 30],
      ],
    );
    assert.equal(
      countSlots([
        [0, 5460],
        [5461, 10922],
        [10923, 16383],
      ]),
      16384,
    );
  });
  it('finds uncovered slots', () => {
    assert.deepEqual(
      uncoveredSlots([
        [0, 5460],
        [10923, 16383],
      ]),
      [[5461, 10922]],
    );
    assert.deepEqual(uncoveredSlots([[0, 16383]]), []);
    assert.deepEqual(uncoveredSlots([]), [[0, 16383]]);
  });
});
