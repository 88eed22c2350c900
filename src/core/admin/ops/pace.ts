// Pacing of slot moves. 'fast' keeps the source busy all the time (the lane pipelines groups back to back).
// 'gentle' spares the clients: small MIGRATEs sent a few slots at a time, one pipeline after the other (the source
// runs a pipeline's MIGRATEs back to back while every client waits, so the clients get it between pipelines), one
// group after the other, and before each group a gate that waits while a canary sees client-visible latency above
// budget. The canary is a PING every 20 ms on its own connection to each busy node, so it waits in the same queue
// as the clients' commands do; the budget is the nodes' own latency before the move, plus a small margin. Above
// budget the canary first lowers how many slots each pipeline carries (chunkSlots), and only further above it holds
// the next group; it also reads the nodes' own ops rate for the progress report.
import type Redis from 'ioredis';
import { probeNode } from '../../connection/connect';
import type { ChunkShape } from './migrateLane';
import { parseHostPort } from '../../profiles/profile';
import type { ClusterSession } from '../../connection/session';

export type Pace = 'gentle' | 'fast';

export const PACES: readonly Pace[] = ['gentle', 'fast'];

export function isPace(v: unknown): v is Pace {
  return v === 'gentle' || v === 'fast';
}

/** Engine settings per pace (ExecuteOptions given explicitly win). */
// Fast: at 50 -> 51 masters, 50 small lanes feed one target; 3 imports at a time left it waiting on round trips.
export const PACE_SETTINGS: Record<
  Pace,
  {
    concurrency: number;
    maxImportsPerTarget: number;
    keysPerMigrate: number;
    targetGroupMs: number;
    initialGroupSlots: number;
    chunks: ChunkShape;
  }
> = {
  fast: {
    concurrency: 8,
    maxImportsPerTarget: 8,
    keysPerMigrate: 1000,
    targetGroupMs: 300,
    initialGroupSlots: 128,
    chunks: { slots: 32, together: true },
  },
  gentle: {
    concurrency: 1,
    maxImportsPerTarget: 1,
    keysPerMigrate: 100,
    targetGroupMs: 20,
    initialGroupSlots: 8,
    chunks: { slots: 4, together: false },
  },
};

const SAMPLE_MS = 20;
const WINDOW = 5;
/** Latency allowed above the nodes' own before the move, in ms. */
const MARGIN_MS = 1.25;
/** Above the budget by this much as well, the gate holds the next group (fewer slots in flight come first). */
const HOLD_MARGIN_MS = 1;
/** Fewest slots per pipeline: below two, the per-pipeline round trips cost more time than they spare the clients. */
const MIN_IN_FLIGHT = 2;
/** Longest a gate holds a lane, so a node that is slow for other reasons cannot stall the move. */
const MAX_HOLD_MS = 250;

interface Probe {
  client: Redis;
  samples: number[];
  busy: boolean;
  /** The node's instantaneous_ops_per_sec at the last stats read. */
  ops?: number;
}

/** The nodes' own ops rate is read this often (INFO stats on the canary connection). */
const OPS_EVERY_MS = 1000;

/**
 * Watches source and target latency for gentle moves: `chunkSlots()` sizes each pipeline by it, and `gate()` waits
 * (bounded) while it is well above budget.
 */
export class Canary {
  private readonly probes = new Map<string, Promise<Probe | undefined>>();
  private readonly live: Probe[] = [];
  private timer: NodeJS.Timeout | undefined;
  private baseline = 0;
  private closed = false;
  /** Slowest recent canary round trip over the watched nodes, ms. */
  latestMs = 0;
  /** Time lanes spent held at the gate, ms. */
  heldMs = 0;
  /** Busiest watched node's instantaneous_ops_per_sec (clients' commands and the move's), at the last read. */
  opsPerSec: number | undefined;
  /** Slots per pipeline that chunkSlots() last gave (0 before the first call). */
  private inFlight = 0;
  private opsTimer: NodeJS.Timeout | undefined;

  constructor(private readonly session: ClusterSession) {}

  /** Starts watching these addresses (sources and targets of the lanes); measures the baseline first. */
  async start(addresses: string[]): Promise<void> {
    await Promise.all(addresses.map((a) => this.probe(a)));
    for (let i = 0; i < 5; i++) await this.sampleAll();
    this.baseline = this.recent();
    this.timer = setInterval(() => void this.sampleAll(), SAMPLE_MS);
    this.timer.unref();
    await this.readOps();
    this.opsTimer = setInterval(() => void this.readOps(), OPS_EVERY_MS);
    this.opsTimer.unref();
  }

  private async readOps(): Promise<void> {
    await Promise.all(
      this.live.map(async (p) => {
        try {
          const m = /^instantaneous_ops_per_sec:(\d+)/m.exec(String(await p.client.info('stats')));
          if (m) p.ops = Number(m[1]);
        } catch {
          // As with a lost PING: only the figure is lost.
        }
      }),
    );
    const known = this.live.flatMap((p) => (p.ops === undefined ? [] : [p.ops]));
    this.opsPerSec = known.length ? Math.max(...known) : undefined;
  }

  /** What the progress shows: latency against budget, the slots in flight now, and the nodes' ops rate. */
  report(max: number): { ms: number; budgetMs: number; slotsInFlight: number; opsPerSec?: number } {
    return { ms: this.latestMs, budgetMs: this.budgetMs, slotsInFlight: this.inFlight || max, opsPerSec: this.opsPerSec };
  }

  /**
   * How many slots the next pipeline to the source may carry, at most `max`: halved while the canary is above
   * budget (not below MIN_IN_FLIGHT), grown back by one slot per pipeline while it is within. So the move keeps
   * less in flight as soon as the clients wait longer, and gets back to speed when they do not.
   */
  chunkSlots(max: number): number {
    if (this.inFlight === 0) this.inFlight = max;
    else if (this.latestMs > this.budgetMs) this.inFlight = Math.max(MIN_IN_FLIGHT, Math.floor(this.inFlight / 2));
    else this.inFlight = Math.min(max, this.inFlight + 1);
    return this.inFlight;
  }

  private probe(addr: string): Promise<Probe | undefined> {
    let p = this.probes.get(addr);
    if (!p) {
      const hp = parseHostPort(addr);
      // Its own connection: the session's is busy with the move's pipelines, and a PING queued behind them
      // would measure the move, not what a client waits.
      p =
        typeof hp === 'string'
          ? Promise.resolve(undefined)
          : probeNode(this.session.profile, hp, this.session.connectOptions).then(
              (client) => {
                const probe: Probe = { client, samples: [], busy: false };
                this.live.push(probe);
                return probe;
              },
              () => undefined,
            );
      this.probes.set(addr, p);
    }
    return p;
  }

  private async sampleAll(): Promise<void> {
    await Promise.all(
      this.live.map(async (p) => {
        if (p.busy || this.closed) return;
        p.busy = true;
        const t0 = performance.now();
        try {
          await p.client.ping();
          p.samples.push(performance.now() - t0);
          if (p.samples.length > WINDOW) p.samples.shift();
        } catch {
          // A lost canary only loses pacing, never the move.
        } finally {
          p.busy = false;
        }
      }),
    );
    this.latestMs = this.recent();
  }

  /** Worst node's median of its recent samples. */
  private recent(): number {
    let worst = 0;
    for (const p of this.live) {
      if (p.samples.length === 0) continue;
      const s = [...p.samples].sort((a, b) => a - b);
      worst = Math.max(worst, s[Math.floor(s.length / 2)]);
    }
    return worst;
  }

  get budgetMs(): number {
    return this.baseline + MARGIN_MS;
  }

  /** Resolves once latency is within budget plus HOLD_MARGIN_MS (or after MAX_HOLD_MS). */
  async gate(): Promise<void> {
    const t0 = performance.now();
    while (!this.closed && this.latestMs > this.budgetMs + HOLD_MARGIN_MS && performance.now() - t0 < MAX_HOLD_MS) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
    this.heldMs += performance.now() - t0;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.opsTimer) clearInterval(this.opsTimer);
    for (const p of this.live) p.client.disconnect();
  }
}
