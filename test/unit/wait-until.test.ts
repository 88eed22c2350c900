// waitUntil: the poll behind every "wait until the cluster agrees" (settling after a migration, failover, ...).
import { strict as assert } from 'node:assert';
import { waitUntil } from '../../src/core/topology/agreement';

/** A check that reports a reason until its n-th call; records when each call happened. */
function readyOnCall(n: number): { check: () => Promise<string | undefined>; at: number[] } {
  const at: number[] = [];
  const t0 = Date.now();
  return { at, check: async () => (at.push(Date.now() - t0), at.length >= n ? undefined : `call ${at.length}`) };
}

describe('waitUntil', () => {
  it('returns at once when the first check passes', async () => {
    const r = readyOnCall(1);
    await waitUntil(r.check, { timeoutMs: 1000, intervalMs: 500 });
    assert.equal(r.at.length, 1);
  });

  it('doubles the pause from intervalMs up to maxIntervalMs', async () => {
    const r = readyOnCall(6);
    await waitUntil(r.check, { timeoutMs: 5000, intervalMs: 10, maxIntervalMs: 40 });
    const gaps = r.at.slice(1).map((t, i) => t - r.at[i]);
    // Pauses 10, 20, 40, 40, 40 (timers fire late, never early).
    [10, 20, 40, 40, 40].forEach((want, i) =>
      assert.ok(gaps[i] >= want - 1 && gaps[i] < want + 60, `gap ${i}: ${gaps[i]} ms, want ~${want}`),
    );
  });

  it('keeps a fixed pause without maxIntervalMs, and names the last reason when it times out', async () => {
    const r = readyOnCall(1000);
    await assert.rejects(
      waitUntil(r.check, { timeoutMs: 120, intervalMs: 30, what: 'the test' }),
      /timed out after 120 ms waiting for the test: call \d+/,
    );
    const gaps = r.at.slice(1).map((t, i) => t - r.at[i]);
    assert.ok(
      gaps.every((g) => g >= 29 && g < 90),
      `gaps ${gaps.join(', ')}`,
    );
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await assert.rejects(
      waitUntil(readyOnCall(1000).check, { timeoutMs: 5000, intervalMs: 10, signal: ac.signal }),
      /cancelled while waiting/,
    );
  });
});
