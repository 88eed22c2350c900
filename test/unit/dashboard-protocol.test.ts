import { strict as assert } from 'node:assert';
import { isDashboardState, isWebviewMessage } from '../../src/shared/protocol';

describe('dashboard protocol guards', () => {
  it('accepts every well-formed webview message', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'refresh', what: 'all' }));
    assert.ok(isWebviewMessage({ type: 'sampleKeys', requestId: 3, slot: 16383 }));
    assert.ok(isWebviewMessage({ type: 'tabChanged', tab: 'metrics' }));
    assert.ok(isWebviewMessage({ type: 'error', message: 'x' }));
    assert.ok(isWebviewMessage({ type: 'rendered', report: { tab: 'distribution', heatmapCells: 16384 } }));
  });

  it('rejects unknown types, bad slots and wrong shapes', () => {
    for (const bad of [
      null,
      'ready',
      [],
      {},
      { type: 'eval', code: '1' },
      { type: 'refresh', what: 'keys' },
      { type: 'sampleKeys', requestId: 1, slot: 16384 },
      { type: 'sampleKeys', requestId: 1, slot: -1 },
      { type: 'sampleKeys', requestId: 'a', slot: 1 },
      { type: 'tabChanged', tab: 'x' },
      { type: 'error', message: 1 },
      { type: 'rendered', report: { tab: 'metrics' } },
    ]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('checks restored state before a panel is revived', () => {
    assert.ok(isDashboardState({ profile: 'p', tab: 'metrics', pinnedSlot: 5 }));
    assert.ok(isDashboardState({ profile: 'p', tab: 'distribution', history: [] }));
    assert.equal(isDashboardState({ tab: 'metrics' }), false);
    assert.equal(isDashboardState({ profile: 'p', tab: 'metrics', pinnedSlot: 'x' }), false);
    assert.equal(isDashboardState(undefined), false);
  });
});
