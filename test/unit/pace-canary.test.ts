// The gentle pace's in-flight rule (Canary.chunkSlots): full size at first, halved while the canary's latency is
// above budget (never below 2), back up one slot per pipeline while it is within. No node is watched here.
import { strict as assert } from 'node:assert';
import { Canary } from '../../src/core/admin/ops/pace';
import type { ClusterSession } from '../../src/core/connection/session';

describe('gentle pace: slots in flight follow the canary', () => {
  it('starts at the maximum, halves above budget down to 2, and grows back by one', async () => {
    const canary = new Canary({} as ClusterSession);
    await canary.start([]); // nothing to watch: baseline 0, budget = the margin
    try {
      assert.equal(canary.chunkSlots(8), 8);
      canary.latestMs = canary.budgetMs + 1;
      assert.deepEqual([canary.chunkSlots(8), canary.chunkSlots(8), canary.chunkSlots(8)], [4, 2, 2]);
      canary.latestMs = 0;
      assert.deepEqual([canary.chunkSlots(8), canary.chunkSlots(8), canary.chunkSlots(8)], [3, 4, 5]);
      assert.deepEqual(canary.report(8), { ms: 0, budgetMs: canary.budgetMs, slotsInFlight: 5, opsPerSec: undefined });
    } finally {
      await canary.close();
    }
  });
});
