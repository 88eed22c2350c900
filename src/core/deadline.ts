// Bounded waits: every network call of the dashboard core settles within a known time, so one slow node
// can never hold a whole refresh hostage.

export class DeadlineError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/** Resolves like `work`, or rejects with DeadlineError after `ms`; an abort rejects at once. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(what));
      return;
    }
    const onAbort = () => finish(() => reject(abortError(what)));
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
    work.then((v) => finish(() => resolve(v)), (e: unknown) => finish(() => reject(e)));
  });
}

export function abortError(what: string): Error {
  const e = new Error(`${what}: cancelled`);
  e.name = 'AbortError';
  return e;
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(what);
}
