// Whether the link to a connected cluster works, judged from the periodic reads (tree, dashboard) alone.
// A stalled link (VPN reconnecting, laptop waking up) looks connected to every socket: commands just wait, for the
// whole command timeout, and pile up. So a watched read that takes longer than `stallMs`, or fails the way a
// network fails, marks the link as reconnecting at once: the session's connections are dropped (everything
// waiting on them fails now rather than in 10 s), reads made meanwhile fail fast with a clear message, and the
// next watched read that succeeds (on fresh connections) marks the link up again. Nothing is retried here:
// the next periodic read is the retry, so there is one poller and never a second reconnect loop.
import { withDeadline } from '../common/deadline';
import { ClusterConnectionError, RedisClusterError, classifyError } from '../common/errors';
import type { ClusterSession } from './session';

export type LinkState = 'up' | 'reconnecting';

/** A watched read slower than this means the link stalled (a cold read at RTT 80 ms takes about 0.5 s). */
export const DEFAULT_STALL_MS = 1500;

/** Failure kinds that say "the network", not "the cluster" or "the profile": the link may come back by itself. */
const LINK_KINDS = new Set(['refused', 'timeout', 'unreachable', 'unknown']);

export class LinkDownError extends ClusterConnectionError {
  override name = 'LinkDownError';
  constructor(profileName: string, since: number, cause?: unknown) {
    super(
      'unreachable',
      undefined,
      `the link to cluster "${profileName}" is down since ${new Date(since).toISOString()} (${describe(cause)}); reconnecting`,
      'Nothing was sent. The explorer reconnects by itself when the network is back; retry then',
      cause,
    );
  }
}

function describe(cause: unknown): string {
  if (cause instanceof RedisClusterError) return cause.message.split('. ')[0];
  return cause instanceof Error ? cause.message : 'no answer';
}

export class LinkWatch {
  private current: LinkState = 'up';
  private since = 0;
  private cause: unknown;
  private readonly listeners = new Set<(s: LinkState) => void>();

  constructor(
    private readonly session: ClusterSession,
    private readonly stallMs = DEFAULT_STALL_MS,
  ) {}

  get state(): LinkState {
    return this.current;
  }

  onChange(listener: (s: LinkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Throws LinkDownError at once while the link is down: a read made now would only wait or queue. */
  assertUp(): void {
    if (this.current === 'reconnecting') throw new LinkDownError(this.session.profile.name, this.since, this.cause);
  }

  /**
   * Runs a periodic read: bounded by stallMs while the link is up; while it is down, the read is the reconnect
   * attempt (fresh connections, the connect timeout bounds it). Rethrows the read's own error.
   */
  async watch<T>(read: () => Promise<T>): Promise<T> {
    try {
      const value = await (this.current === 'up' ? withDeadline(read(), this.stallMs, 'the cluster read') : read());
      this.set('up');
      return value;
    } catch (e) {
      if (this.isLinkFailure(e)) this.down(e);
      throw e;
    }
  }

  private isLinkFailure(e: unknown): boolean {
    if (e instanceof RedisClusterError && e.kind === 'deadline') return true;
    return LINK_KINDS.has(classifyError(e, undefined, { tls: !!this.session.profile.tls }).kind);
  }

  private down(cause: unknown): void {
    if (this.current === 'up') {
      this.since = Date.now();
      this.cause = cause;
    }
    // Everything still waiting on a stalled socket fails now; the next read dials again.
    this.session.dropConnections();
    this.set('reconnecting');
  }

  private set(s: LinkState): void {
    if (s === this.current) return;
    this.current = s;
    for (const l of this.listeners) l(s);
  }
}
