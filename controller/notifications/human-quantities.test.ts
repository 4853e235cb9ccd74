import { describe, expect, it } from '@jest/globals';
import { formatCount, formatDuration, formatSplit, formatValue } from './human-quantities.js';

describe('formatValue', () => {
  it.each<[number | null, string]>([
    [null, 'no value'],
    [0, '0'],
    [1234567, '1,234,567'],
    [99.6234, '99.62'],
    [412.37, '412.4'],
    [0.000123456, '0.000123'],
    [-3.14159, '-3.14'],
    [Number.POSITIVE_INFINITY, '∞'],
  ])('renders %p as %p', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [870_000, '14m 30s'],
    [4_320_000, '1h 12m'],
    [7_200_000, '2h'],
    [90_000_000, '1d 1h'],
    [-5_000, '0s'],
    [Number.NaN, 'unknown'],
    [Number.POSITIVE_INFINITY, 'unknown'],
    [Number.NEGATIVE_INFINITY, 'unknown'],
  ])('renders %p ms as %p', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatCount and formatSplit', () => {
  it('uses the singular for one and groups thousands otherwise', () => {
    expect(formatCount(1, 'request')).toBe('1 request');
    expect(formatCount(12_345, 'request')).toBe('12,345 requests');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('says the count is unknown, never "NaN requests", when it is %p', (count) => {
    expect(formatCount(count, 'request')).toBe('an unknown number of requests');
  });

  it('splits the traffic between canary and primary', () => {
    expect(formatSplit(10)).toBe('canary 10 % · primary 90 %');
    expect(formatSplit(100)).toBe('canary 100 % · primary 0 %');
  });
});
