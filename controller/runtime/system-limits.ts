import pLimit from 'p-limit';

/**
 * Per-system concurrency limits: at most `n` calls to one outside system are
 * in flight at once, the rest wait in arrival order (FIFO), so 1,000 Canaries
 * analysed in the same second do not open 1,000 connections to Prometheus or
 * Sentry. The waiting is done by p-limit (https://github.com/sindresorhus/p-limit),
 * a small, well-kept library, rather than by a queue of our own.
 */

/** What a limited port reports about its limiter (the calls-waiting gauge reads it). */
export interface CallLimit {
  /** Calls allowed in flight at once. */
  readonly concurrency: number;
  /** Calls waiting for a free slot. */
  waiting(): number;
  /** Calls running now (at most `concurrency`). */
  inFlight(): number;
}

/** A port whose every method goes through one limiter; still usable wherever the port is. */
export type Limited<Port> = Port & { readonly limit: CallLimit };

/**
 * One limiter of `n` slots. `n` comes from validated configuration (an integer
 * ≥ 1); anything else is a bug and p-limit throws a TypeError.
 */
function limiter(n: number): { run: <T>(call: () => Promise<T>) => Promise<T>; limit: CallLimit } {
  const limit = pLimit(n);
  return {
    run: (call) => limit(call),
    limit: { concurrency: n, waiting: () => limit.pendingCount, inFlight: () => limit.activeCount },
  };
}

/** A port: an object whose methods answer promises (every outside system's adapter is one). */
export type PortMethods<P> = { readonly [K in keyof P]: (...args: never[]) => Promise<unknown> };

/**
 * Wraps every method of `port` so at most `n` calls run at once across all of
 * them (the provider's SONGBIRD_<SYSTEM>_CONCURRENCY, runtime/checks/providers.ts);
 * arguments, answers and error values pass through unchanged, and a call that
 * rejects frees its slot. One call is one slot, however many requests it makes
 * (Sentry's newIssues walks pages in one).
 */
export function limitPort<P extends PortMethods<P>>(port: P, n: number): Limited<P> {
  const { run, limit } = limiter(n);
  const methods = (Object.entries(port) as Array<[string, (...args: unknown[]) => Promise<unknown>]>).map(
    ([name, method]) => [name, (...args: unknown[]) => run(() => method.apply(port, args))] as const,
  );
  return { ...(Object.fromEntries(methods) as unknown as P), limit };
}
