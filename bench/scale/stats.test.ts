import { analysisGaps, percentile, spread } from './stats.js';

describe('percentile', () => {
  it('picks the nearest rank when the values are unsorted', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
  });

  it('is null when there is no value', () => {
    expect(percentile([], 99)).toBeNull();
    expect(spread([])).toEqual({ p50: null, p99: null, max: null });
  });
});

describe('analysisGaps', () => {
  it('measures the time between consecutive analyses when the Canary finished rolling', () => {
    expect(analysisGaps({ analyses: [30_000, 0, 65_000] })).toEqual([30_000, 35_000]);
  });

  it('counts two status writes within a second as one analysis', () => {
    expect(analysisGaps({ analyses: [0, 400, 30_000, 30_200] })).toEqual([30_000]);
  });

  it('adds the time since the last analysis when the Canary still rolls at the end of the window', () => {
    expect(analysisGaps({ analyses: [0, 30_000], openUntil: 100_000 })).toEqual([30_000, 70_000]);
  });

  it('counts from the notice when a rolling Canary was never analysed', () => {
    expect(analysisGaps({ analyses: [], noticedAt: 5_000, openUntil: 65_000 })).toEqual([60_000]);
  });
});
