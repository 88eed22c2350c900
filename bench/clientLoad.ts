// The client load the impact benches measure: an ioredis cluster client running WORKERS awaited SET + GET loops.
import { PerformanceObserver } from 'node:perf_hooks';
import type { connectCluster } from '../src/core/connection/connect';

export const WORKERS = 4;

/**
 * Awaited SET + GET per worker; records each pair's end time and latency (ms since t0) in typed arrays, so that the
 * recording itself leaves the client's garbage collector little to do. The collector's pauses are recorded too.
 */
export class Load {
  private at = new Float64Array(1 << 16);
  private ms = new Float64Array(1 << 16);
  private count = 0;
  readonly gc: { at: number; ms: number }[] = [];
  private readonly gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.gc.push({ at: e.startTime - this.t0, ms: e.duration });
  });
  errors = 0;
  private running = true;
  private loops: Promise<void>[] = [];
  readonly t0 = performance.now();
  constructor(
    private readonly keys: string[],
    private readonly client: Awaited<ReturnType<typeof connectCluster>>,
  ) {
    this.gcWatch.observe({ entryTypes: ['gc'] });
    this.loops = Array.from({ length: WORKERS }, (_, w) => this.loop(w));
  }
  /** Latencies of the pairs that ended in [from, to). */
  latencies(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.at[i] >= from && this.at[i] < to) out.push(this.ms[i]);
    return out;
  }
  private record(at: number, ms: number): void {
    if (this.count === this.at.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.at = grow(this.at);
      this.ms = grow(this.ms);
    }
    this.at[this.count] = at;
    this.ms[this.count++] = ms;
  }
  now(): number {
    return performance.now() - this.t0;
  }
  private async loop(w: number): Promise<void> {
    for (let i = w; this.running; i += WORKERS) {
      const k = this.keys[(i * 7919) % this.keys.length];
      const s = performance.now();
      try {
        await this.client.set(k, `v${i}`);
        await this.client.get(k);
      } catch {
        this.errors++;
      }
      const e = performance.now();
      this.record(e - this.t0, e - s);
    }
  }
  async stop(): Promise<void> {
    this.running = false;
    this.gcWatch.disconnect();
    await Promise.all(this.loops);
  }
}
