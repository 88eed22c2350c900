// Bounded waits: every network call of the dashboard core settles within a known time, so one slow node
// can never hold a whole refresh hostage.
import { CancelledError, RedisClusterError } from './errors';

export class DeadlineError extends RedisClusterError {
  override name = 'DeadlineError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super('deadline', `${what} did not answer within ${ms} ms`, 'The node may be overloaded or unreachable; retry, or check the node');
  }
}

/** Resolves like `work`, or rejects with DeadlineError after `ms`; an abort rejects at once. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(`(${what})`));
      return;
    }
    const onAbort = () => finish(() => reject(new CancelledError(`(${what})`)));
    const timer = setTimeout(() => finish(() => reject(new DeadlineError(what, ms))), ms);
    let done = false;
    function finish(f: () => void): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      f();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
