// Sentry's API rate limits (src/sentry/middleware/ratelimit.py, docs.sentry.io/api/ratelimits/):
// a fixed window per caller and endpoint (default 40 requests per 1 s), and the
// X-Sentry-Rate-Limit-* headers on every answer: Limit, Remaining, Reset (the
// window's end, UTC epoch SECONDS), ConcurrentLimit and ConcurrentRemaining.
// A limited request is answered 429 with the middleware's message as a bare JSON
// string (as sentry.io answered it, e.g. getsentry/sentry issue 37103 and
// webpack-sentry-plugin issue 115: "\"You are attempting to use this endpoint too
// frequently. Limit is 70 requests in 1 seconds\""). Sentry sends no Retry-After.

export const LIMIT = 40;
export const WINDOW_SECONDS = 1;
export const CONCURRENT_LIMIT = 25;

export interface RateLimitVerdict {
  readonly limited: boolean;
  readonly headers: Record<string, string>;
}

export function fixedWindowMessage(limit: number, windowSeconds: number): string {
  return `You are attempting to use this endpoint too frequently. Limit is ${limit} requests in ${windowSeconds} seconds`;
}

export function concurrentMessage(limit: number): string {
  return `You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is ${limit}`;
}

export function rateLimitHeaders(limit: number, remaining: number, resetEpochSeconds: number, concurrentRemaining: number): Record<string, string> {
  return {
    'X-Sentry-Rate-Limit-Limit': String(limit),
    'X-Sentry-Rate-Limit-Remaining': String(Math.max(0, remaining)),
    'X-Sentry-Rate-Limit-Reset': String(resetEpochSeconds),
    'X-Sentry-Rate-Limit-ConcurrentLimit': String(CONCURRENT_LIMIT),
    'X-Sentry-Rate-Limit-ConcurrentRemaining': String(Math.max(0, concurrentRemaining)),
  };
}

/** Counts requests per key in fixed windows of WINDOW_SECONDS, as Sentry's limiter does. */
export function createRateLimiter(limit = LIMIT, windowSeconds = WINDOW_SECONDS) {
  const windows = new Map<string, { window: number; count: number }>();
  let inFlight = 0;
  return {
    /** Counts one request of `key` at `nowMs`; the caller calls `done()` when it has answered. */
    take(key: string, nowMs: number): RateLimitVerdict & { done: () => void } {
      const window = Math.floor(nowMs / 1000 / windowSeconds);
      const known = windows.get(key);
      const entry = known && known.window === window ? known : { window, count: 0 };
      entry.count += 1;
      windows.set(key, entry);
      inFlight += 1;
      let finished = false;
      const done = () => {
        if (!finished) inFlight -= 1;
        finished = true;
      };
      const reset = (window + 1) * windowSeconds;
      return { limited: entry.count > limit, headers: rateLimitHeaders(limit, limit - entry.count, reset, CONCURRENT_LIMIT - inFlight), done };
    },
  };
}
