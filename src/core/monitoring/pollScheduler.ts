// When periodic polls run: only while someone can see the result (a view is visible and the window has focus),
// and never two at once. The next poll is timed from the end of the previous one, so a slow node stretches the
// period instead of stacking polls behind it. Free of vscode so the rules are unit-tested.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface PollSchedulerOptions {
  /** Period in ms; 0 or less turns periodic polling off (manual polls still run). */
  intervalMs: () => number;
  poll: (signal: AbortSignal) => Promise<void>;
  timers?: Timers;
}

export interface PollCounters {
  started: number;
  /** Requests that found a poll in flight and were folded into it. */
  folded: number;
  maxInFlight: number;
}

export class PollScheduler {
  private readonly demand = new Set<string>();
  private focused = true;
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private running = 0;
  private abort = new AbortController();
  private disposed = false;
  readonly counters: PollCounters = { started: 0, folded: 0, maxInFlight: 0 };

  constructor(private readonly opts: PollSchedulerOptions) {}

  private get timers(): Timers {
    return this.opts.timers ?? realTimers;
  }

  /** True while some consumer is visible, the window is focused and the period is on. */
  get active(): boolean {
    return !this.disposed && this.focused && this.demand.size > 0 && this.opts.intervalMs() > 0;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** A consumer (the tree, a dashboard, ...) became visible or hidden. Becoming visible polls at once. */
  setVisible(consumer: string, visible: boolean): void {
    const was = this.active;
    if (visible) this.demand.add(consumer);
    else this.demand.delete(consumer);
    this.reschedule(was);
  }

  setFocused(focused: boolean): void {
    const was = this.active;
    this.focused = focused;
    this.reschedule(was);
  }

  /** The period changed (a setting). */
  restart(): void {
    this.cancelTimer();
    if (this.active && !this.inFlight) this.arm();
  }

  /** Polls now unless a poll is already in flight, in which case the caller shares that one. */
  pollNow(): Promise<void> {
    if (this.inFlight) {
      this.counters.folded++;
      return this.inFlight;
    }
    this.cancelTimer();
    this.counters.started++;
    this.running++;
    this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.running);
    const signal = this.abort.signal;
    const run = this.opts
      .poll(signal)
      .catch(() => undefined)
      .finally(() => {
        this.running--;
        this.inFlight = undefined;
        if (this.active) this.arm();
      });
    this.inFlight = run;
    return run;
  }

  private reschedule(wasActive: boolean): void {
    if (!this.active) {
      this.cancelTimer();
      return;
    }
    if (!wasActive) void this.pollNow();
    else if (!this.timer && !this.inFlight) this.arm();
  }

  private arm(): void {
    this.cancelTimer();
    const ms = this.opts.intervalMs();
    if (ms <= 0) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (this.active) void this.pollNow();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.abort.abort();
    this.abort = new AbortController();
  }
}
