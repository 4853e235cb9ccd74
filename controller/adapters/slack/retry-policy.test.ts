import { describe, expect, it } from '@jest/globals';
import { parseRetryAfterSeconds } from './retry-after.js';
import { retryDelayMs } from './retry-policy.js';
import type { PostOutcome } from './webhook-post.js';

const policy = { retries: 3, baseDelayMs: 100 };
const now = Date.parse('2026-11-26T08:00:00Z');
const answered = (status: number, headers: Record<string, unknown> = {}): PostOutcome => ({ kind: 'answered', status, body: '', headers });

describe('retryDelayMs', () => {
  it.each<[string, PostOutcome, number, number | undefined]>([
    ['backs off after a 500', answered(500), 1, 100],
    ['doubles the delay on the next 503', answered(503), 2, 200],
    ['waits Retry-After when it is longer than the backoff', answered(429, { 'retry-after': '2' }), 1, 2000],
    ['keeps the backoff when Retry-After is shorter', answered(429, { 'retry-after': '0' }), 3, 400],
    ['backs off after a 429 without Retry-After', answered(429), 1, 100],
    ['retries when the connection was refused', { kind: 'failed', errorCode: 'ECONNREFUSED', errorMessage: '' }, 1, 100],
    ['stops after a 404', answered(404), 1, undefined],
    ['stops after a 400', answered(400), 1, undefined],
    ['stops after a timeout (Slack may have posted)', { kind: 'timedOut' }, 1, undefined],
    ['stops after a reset connection (Slack may have posted)', { kind: 'failed', errorCode: 'ECONNRESET', errorMessage: '' }, 1, undefined],
    ['stops when the retries are used up', answered(500), 4, undefined],
  ])('%s', (_, outcome, attempt, expected) => {
    expect(retryDelayMs(outcome, attempt, policy, () => 0, now)).toBe(expected);
  });

  it('jitters the backoff down by at most half', () => {
    expect(retryDelayMs(answered(500), 2, policy, () => 1, now)).toBe(100);
  });
});

describe('parseRetryAfterSeconds', () => {
  it.each<[unknown, number | undefined]>([
    ['30', 30],
    [' 1.5 ', 1.5],
    ['Thu, 26 Nov 2026 08:00:10 GMT', 10],
    ['Thu, 26 Nov 2026 07:59:00 GMT', 0],
    [['7'], 7],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads %p as %p seconds', (header, expected) => {
    expect(parseRetryAfterSeconds(header, now)).toBe(expected);
  });
});
