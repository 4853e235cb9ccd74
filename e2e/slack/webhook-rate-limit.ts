// Slack's rate limit for incoming webhooks: "1 per second; short bursts >1
// allowed" (docs.slack.dev/apis/web-api/rate-limits), answered 429 with
// Retry-After in seconds. The burst size is not published; the default
// follows what users measured (about 20-25 posts before the first 429).

export interface RateLimit {
  /** Posts per second, sustained. */
  readonly perSecond: number;
  /** Posts allowed at once after a quiet spell. */
  readonly burst: number;
}

export interface RateLimiter {
  /** Takes one post for `key` at `nowMs`: undefined when allowed, else the whole seconds to wait (Retry-After). */
  take(key: string, nowMs: number): number | undefined;
}

/** A token bucket per key. */
export function createRateLimiter(limit: RateLimit): RateLimiter {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: limit.burst, atMs: nowMs };
      const tokens = Math.min(limit.burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * limit.perSecond);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, atMs: nowMs });
        return undefined;
      }
      buckets.set(key, { tokens, atMs: nowMs });
      return Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));
    },
  };
}
