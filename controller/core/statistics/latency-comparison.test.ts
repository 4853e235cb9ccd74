import { bucketBoundary, compareLatency, latencyBoundaryAt, slowCounts, type LatencyBucket } from './latency-comparison.js';

const bounds = [50, 100, 250, 500, 1000, Infinity];
const histogram = (counts: readonly number[]): LatencyBucket[] => bounds.map((le, index) => ({ le, count: counts[index] ?? 0 }));

const primary = histogram([2000, 6000, 9890, 9990, 10000, 10000]); // 1.1 % over 250 ms
const shifted = histogram([100, 400, 880, 990, 1000, 1000]); // 12 % over 250 ms
const alike = histogram([200, 600, 989, 999, 1000, 1000]); // 1.1 % over 250 ms
const settings = { thresholdMs: 250, tolerance: 1.5, alpha: 0.01, minTrials: 500 };

describe('bucketBoundary', () => {
  it.each([
    [250, 250],
    [300, 250],
    [10_000, 1000],
    [20, null],
  ])('picks %p → %p when looking for the greatest bound at or below the threshold', (threshold, expected) => {
    expect(bucketBoundary(primary, threshold)).toBe(expected);
  });
});

describe('slowCounts', () => {
  it('counts requests above the boundary against the +Inf total', () => {
    expect(slowCounts(primary, 250)).toEqual({ events: 110, trials: 10_000 });
  });

  it('uses the largest cumulative count as the total when +Inf is missing', () => {
    expect(slowCounts(primary.slice(0, 5), 100)).toEqual({ events: 4000, trials: 10_000 });
  });
});

describe('latencyBoundaryAt', () => {
  it('returns the bucket bound holding the p99 when the primary has traffic', () => {
    expect(latencyBoundaryAt(primary, 0.99)).toBe(500);
    expect(latencyBoundaryAt(primary, 0.95)).toBe(250);
  });

  it('returns null when there is no traffic', () => {
    expect(latencyBoundaryAt(histogram([0, 0, 0, 0, 0, 0]), 0.99)).toBeNull();
  });
});

describe('compareLatency', () => {
  it('answers worse with a latency summary when the canary is much slower', () => {
    const result = compareLatency({ ...settings, canary: shifted, primary });
    expect(result.verdict).toBe('worse');
    expect(result.ratio).toBeCloseTo(120 / 1000 / (110 / 10_000), 6);
    expect(result.summary).toMatch(/^canary requests over 250 ms: 11× primary/);
  });

  it('answers notWorse when the canary is as fast as the primary', () => {
    expect(compareLatency({ ...settings, canary: alike, primary }).verdict).toBe('notWorse');
  });

  it('is insufficient when no bucket lies at or below the threshold', () => {
    const result = compareLatency({ ...settings, thresholdMs: 20, canary: shifted, primary });
    expect(result).toMatchObject({ verdict: 'insufficient', eValue: 1, canaryTrials: 1000, ratio: null });
  });

  it('keeps the evidence of earlier stages when the current stage has no histogram yet', () => {
    const result = compareLatency({ ...settings, canary: [], primary: [], earlierStages: [{ canary: shifted, primary }] });
    expect(result.verdict).toBe('worse');
    expect(result.canaryTrials).toBe(1000);
  });

  it('is insufficient without NaN when the histograms are empty', () => {
    const empty = histogram([0, 0, 0, 0, 0, 0]);
    const result = compareLatency({ ...settings, canary: empty, primary: empty });
    expect(result.verdict).toBe('insufficient');
    expect(result.summary).not.toMatch(/NaN/);
  });
});
