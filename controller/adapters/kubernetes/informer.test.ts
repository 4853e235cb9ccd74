import { backoffMs } from './informer.js';

describe('backoffMs', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999999, 1000],
    [3, 0, 2000],
    [20, 0.999999, 60000],
  ])('after failure %p with jitter %p waits %p ms', (attempt, random, expected) => {
    expect(backoffMs(attempt, { random: () => random })).toBe(expected);
  });
});
