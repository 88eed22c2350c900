// The polling rules: pause while nothing is visible or the window is unfocused, never two polls in flight.
import * as assert from 'node:assert/strict';
import { PollScheduler, type Timers } from '../../src/core/monitoring/pollScheduler';

/** Manual clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(h: unknown): void {
    this.pending.delete(h as number);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await flush();
    }
    this.now = end;
    await flush();
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(pollMs = 0) {
  const timers = new FakeTimers();
  let polls = 0;
  let open: (() => void)[] = [];
  const s = new PollScheduler({
    intervalMs: () => 5000,
    timers,
    poll: () => {
      polls++;
      if (pollMs === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        open.push(resolve);
        timers.set(() => {
          open = open.filter((r) => r !== resolve);
          resolve();
        }, pollMs);
      });
    },
  });
  return { s, timers, polls: () => polls };
}

describe('PollScheduler', () => {
  it('does not poll while no consumer is visible', async () => {
    const { timers, polls } = setup();
    await timers.advance(60000);
    assert.equal(polls(), 0);
    assert.equal(timers.pending.size, 0);
  });

  it('polls at once when a view becomes visible, then once per period', async () => {
    const { s, timers, polls } = setup();
    s.setVisible('tree', true);
    await flush();
    assert.equal(polls(), 1);
    await timers.advance(5000 * 4);
    assert.equal(polls(), 5);
  });

  it('pauses while every consumer is hidden and resumes when one shows again', async () => {
    const { s, timers, polls } = setup();
    s.setVisible('tree', true);
    s.setVisible('dashboard:a', true);
    await timers.advance(10000);
    const before = polls();
    s.setVisible('tree', false);
    await timers.advance(10000);
    assert.equal(polls(), before + 2, 'the dashboard alone still keeps it polling');
    s.setVisible('dashboard:a', false);
    const paused = polls();
    await timers.advance(60000);
    assert.equal(polls(), paused, 'no poll while everything is hidden');
    assert.equal(timers.pending.size, 0, 'no timer left armed');
    s.setVisible('tree', true);
    await flush();
    assert.equal(polls(), paused + 1);
  });

  it('pauses while the window is unfocused', async () => {
    const { s, timers, polls } = setup();
    s.setVisible('tree', true);
    await flush();
    s.setFocused(false);
    const paused = polls();
    await timers.advance(60000);
    assert.equal(polls(), paused);
    s.setFocused(true);
    await flush();
    assert.equal(polls(), paused + 1);
  });

  it('never has two polls in flight: a 12 s poll stretches the period instead of stacking', async () => {
    const { s, timers, polls } = setup(12000);
    s.setVisible('tree', true);
    await flush();
    // Manual refreshes and visibility flips during the slow poll share it.
    await timers.advance(3000);
    void s.pollNow();
    s.setVisible('dashboard:a', true);
    await timers.advance(60000);
    assert.equal(s.counters.maxInFlight, 1);
    // Each poll takes 12 s and the next starts 5 s after it ends: 60 + 3 s hold at most 4 polls.
    assert.ok(polls() <= 4, `${polls()} polls`);
    assert.ok(s.counters.folded >= 1);
  });

  it('stops for good when disposed', async () => {
    const { s, timers, polls } = setup();
    s.setVisible('tree', true);
    await flush();
    s.dispose();
    await timers.advance(60000);
    assert.equal(polls(), 1);
  });
});
