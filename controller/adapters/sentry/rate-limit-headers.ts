// Sentry's API rate-limit headers (docs.sentry.io/api/ratelimits) and Retry-After.
import type { RateLimitInfo } from './sentry-port.js';

type HeaderBag = Record<string, unknown>;

function numberHeader(headers: HeaderBag, name: string): number | undefined {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function parseRateLimit(headers: HeaderBag): RateLimitInfo | undefined {
  const info: RateLimitInfo = {
    limit: numberHeader(headers, 'x-sentry-rate-limit-limit'),
    remaining: numberHeader(headers, 'x-sentry-rate-limit-remaining'),
    resetEpochSeconds: numberHeader(headers, 'x-sentry-rate-limit-reset'),
    concurrentLimit: numberHeader(headers, 'x-sentry-rate-limit-concurrentlimit'),
    concurrentRemaining: numberHeader(headers, 'x-sentry-rate-limit-concurrentremaining'),
  };
  const present = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
  return Object.keys(present).length > 0 ? (present as RateLimitInfo) : undefined;
}

/** Seconds to wait: Retry-After as delta-seconds or an HTTP date; else derived from the reset header. */
export function parseRetryAfterSeconds(headers: HeaderBag, nowMs: number): number | undefined {
  const raw = headers['retry-after'];
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  if (text) {
    if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
    const date = Date.parse(text);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  const reset = numberHeader(headers, 'x-sentry-rate-limit-reset');
  return reset === undefined ? undefined : Math.max(0, Math.ceil(reset - nowMs / 1000));
}
