import { describe, expect, it } from '@jest/globals';
import { createRateLimiter } from './webhook-rate-limit.js';

describe('createRateLimiter', () => {
  it('allows a burst, then asks to wait whole seconds, and refills at the sustained rate', () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 2 });
    expect([limiter.take('a', 0), limiter.take('a', 0), limiter.take('a', 0)]).toEqual([undefined, undefined, 1]);
    expect(limiter.take('a', 400)).toBe(1);
    expect(limiter.take('a', 1000)).toBeUndefined();
    expect(limiter.take('b', 1000)).toBeUndefined();
  });

  it('asks for a longer wait when the sustained rate is slower than one per second', () => {
    const limiter = createRateLimiter({ perSecond: 0.25, burst: 1 });
    expect(limiter.take('a', 0)).toBeUndefined();
    expect(limiter.take('a', 0)).toBe(4);
  });
});
