import { describe, expect, it } from '@jest/globals';
import { eventsRowSchema, sentryNumber } from './sentry-schemas.js';

describe('sentryNumber', () => {
  it.each([[0, 0], [12, 12], [1.5, 1.5], ['0', 0], ['42', 42], ['105.5', 105.5], ['1e3', 1000]])('reads %p as %p', (given, expected) => {
    expect(sentryNumber.parse(given)).toBe(expected);
  });

  it.each([[''], ['  '], ['0x10'], ['0b1'], ['-5'], [' 5'], ['Infinity'], ['NaN'], ['abc'], [-1], [-0.5]])(
    'refuses %p as not a finite, non-negative decimal number',
    (given) => {
      const parsed = sentryNumber.safeParse(given);
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]?.message).toMatch(/not a finite, non-negative decimal number/);
    },
  );

  it('refuses an infinite or NaN number', () => {
    expect(sentryNumber.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(sentryNumber.safeParse(Number.NaN).success).toBe(false);
  });

  it('names the field of an events row that holds a blank string', () => {
    const parsed = eventsRowSchema.safeParse({ data: [{ 'count()': '', 'p95(transaction.duration)': 3 }] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual(['data', 0, 'count()']);
  });
});
