// The dashboard heat map's keyboard movement (webview/slotKeys.ts).
import { strict as assert } from 'node:assert';
import { slotAfterKey } from '../../webview/slotKeys';

describe('heat map keyboard movement', () => {
  it('arrows move by one slot and one row, stopping at the edges', () => {
    assert.equal(slotAfterKey(200, 'ArrowRight'), 201);
    assert.equal(slotAfterKey(200, 'ArrowLeft'), 199);
    assert.equal(slotAfterKey(200, 'ArrowDown'), 328);
    assert.equal(slotAfterKey(200, 'ArrowUp'), 72);
    assert.equal(slotAfterKey(5, 'ArrowUp'), 5);
    assert.equal(slotAfterKey(16383, 'ArrowRight'), 16383);
    assert.equal(slotAfterKey(0, 'ArrowLeft'), 0);
    assert.equal(slotAfterKey(16300, 'ArrowDown'), 16300);
    assert.equal(slotAfterKey(127, 'ArrowRight'), 128, 'wraps to the next row like reading order');
  });

  it('Page Up/Down move 16 rows (clamped to the first/last row), Home/End to the row ends or the map ends with Ctrl', () => {
    assert.equal(slotAfterKey(130, 'PageDown'), 130 + 16 * 128);
    assert.equal(slotAfterKey(16000, 'PageDown'), 16384 - 128 + (16000 % 128));
    assert.equal(slotAfterKey(130, 'PageUp'), 2);
    assert.equal(slotAfterKey(300, 'Home'), 256);
    assert.equal(slotAfterKey(300, 'End'), 383);
    assert.equal(slotAfterKey(300, 'Home', true), 0);
    assert.equal(slotAfterKey(300, 'End', true), 16383);
    assert.equal(slotAfterKey(300, 'a'), undefined);
  });
});
