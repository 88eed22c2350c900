// A client under load, as an application would be during admin work: workers on the routed ioredis Cluster
// client (core connectCluster) write and immediately read back — SET/GET on spread keys, INCR on counters,
// MSET/MGET on hash-tagged key pairs — and remember what they wrote, so the end state can be compared.
// Every rejected command is a client-visible error; every read-back that differs is a mismatch.
import type { Cluster } from 'ioredis';

export interface WriterStats {
  writes: number;
  errors: string[];
  mismatches: string[];
  /** writes per second in each window [from, to) of wall time (ms since start). */
  rate(fromMs: number, toMs: number): number;
  /** Longest time in [from, to) with no completed operation: how long the client stalled. */
  maxGap(fromMs: number, toMs: number): number;
  elapsedMs: number;
}

export class LoadWriter {
  private readonly expected = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly stamps: number[] = [];
  private readonly errors: string[] = [];
  private readonly mismatches: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private t0 = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly prefix: string,
    private readonly workers = 4,
  ) {}

  start(): void {
    this.running = true;
    this.t0 = Date.now();
    this.loops = Array.from({ length: this.workers }, (_, w) => this.loop(w));
  }

  /** Milliseconds since start, for windows. */
  now(): number {
    return Date.now() - this.t0;
  }

  async stop(): Promise<WriterStats> {
    this.running = false;
    await Promise.all(this.loops);
    const stamps = this.stamps;
    return {
      writes: stamps.length,
      errors: this.errors,
      mismatches: this.mismatches,
      elapsedMs: this.now(),
      maxGap: (from, to) => {
        const inside = [from, ...stamps.filter((t) => t >= from && t < to).sort((a, b) => a - b), to];
        return inside.slice(1).reduce((m, t, i) => Math.max(m, t - inside[i]), 0);
      },
      rate: (from, to) => (stamps.filter((t) => t >= from && t < to).length * 1000) / Math.max(1, to - from),
    };
  }

  private async loop(w: number): Promise<void> {
    const c = this.cluster;
    for (let i = 0; this.running; i++) {
      try {
        switch (i % 3) {
          case 0: {
            const k = `${this.prefix}:s:${w}:${i}`;
            const v = `v${w}.${i}`;
            await c.set(k, v);
            this.expected.set(k, v);
            this.note(k, v, await c.get(k));
            break;
          }
          case 1: {
            const k = `${this.prefix}:c:${w}:${i % 97}`;
            const want = (this.counters.get(k) ?? 0) + 1;
            const got = await c.incr(k);
            this.counters.set(k, got);
            if (got !== want) this.mismatches.push(`${k}: INCR gave ${got}, expected ${want}`);
            break;
          }
          default: {
            const tag = `{${this.prefix}:m:${w}:${i}}`;
            const v = `m${w}.${i}`;
            await c.mset(`${tag}a`, v, `${tag}b`, v);
            this.expected.set(`${tag}a`, v);
            this.expected.set(`${tag}b`, v);
            const [a, b] = await c.mget(`${tag}a`, `${tag}b`);
            this.note(`${tag}a`, v, a);
            this.note(`${tag}b`, v, b);
          }
        }
        this.stamps.push(Date.now() - this.t0);
      } catch (e) {
        this.errors.push(`${this.now()} ms: ${e instanceof Error ? e.message : String(e)}`);
        if (this.errors.length > 1000) this.running = false;
      }
    }
  }

  private note(key: string, want: string, got: string | null): void {
    if (got !== want) this.mismatches.push(`${key}: read back ${JSON.stringify(got)}, wrote ${JSON.stringify(want)}`);
  }

  /** Keys (and counters) whose value in the cluster now is not what was last acknowledged. */
  async lost(): Promise<string[]> {
    const entries: [string, string][] = [...this.expected, ...[...this.counters].map(([k, n]): [string, string] => [k, String(n)])];
    const out: string[] = [];
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const got = await Promise.all(chunk.map(([k]) => this.cluster.get(k)));
      chunk.forEach(([k, v], j) => {
        if (got[j] !== v) out.push(`${k}: ${JSON.stringify(got[j])} instead of ${JSON.stringify(v)}`);
      });
    }
    return out;
  }

  get keyCount(): number {
    return this.expected.size + this.counters.size;
  }
}
