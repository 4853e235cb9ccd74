// When to try a webhook POST again, and after how long. Retried: 5xx and 429
// (Slack did not post the message; Retry-After is honoured) and failures
// where no connection was made. Not retried: other answers, and timeouts or
// resets, after which Slack may already have posted the message.
import type { PostOutcome } from './webhook-post.js';
import { parseRetryAfterSeconds } from './retry-after.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Delay before the first retry; doubles each time, with jitter of up to -50 %. */
  readonly baseDelayMs: number;
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Milliseconds to wait before the next attempt, or undefined when this outcome is final. */
export function retryDelayMs(outcome: PostOutcome, attempt: number, policy: RetryPolicy, random: () => number, nowMs: number): number | undefined {
  if (attempt > policy.retries) return undefined;
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (1 - random() / 2);
  if (outcome.kind === 'failed') return outcome.errorCode && NOT_CONNECTED.has(outcome.errorCode) ? backoff : undefined;
  if (outcome.kind !== 'answered') return undefined;
  if (outcome.status !== 429 && outcome.status < 500) return undefined;
  const retryAfter = parseRetryAfterSeconds(outcome.headers['retry-after'], nowMs);
  return retryAfter === undefined ? backoff : Math.max(retryAfter * 1000, backoff);
}
