import { slowRequestCounts } from '../slow-requests.js';
import { compareLatency, type LatencyBucket, type LatencySide } from './latency-comparison.js';

const bounds = [50, 100, 250, 500, 1000, Infinity];
const histogram = (counts: readonly number[], at: readonly number[] = bounds): LatencyBucket[] => at.map((le, index) => ({ le, count: counts[index] ?? 0 }));
const side = (buckets: LatencyBucket[]): LatencySide => ({ requests: buckets.at(-1)?.count, buckets });

const primary = side(histogram([2000, 6000, 9890, 9990, 10000, 10000])); // 1.1 % over 250 ms
const shifted = side(histogram([100, 400, 880, 990, 1000, 1000])); // 12 % over 250 ms
const alike = side(histogram([200, 600, 989, 999, 1000, 1000])); // 1.1 % over 250 ms
const none: LatencySide = { requests: undefined, buckets: [] };
const METRIC = 'istio_request_duration_milliseconds_bucket';
const settings = { metric: METRIC, thresholdMs: 250, tolerance: 1.5, alpha: 0.01, minTrials: 500 };

describe('compareLatency', () => {
  it('answers worse with a latency summary when the canary is much slower', () => {
    const result = compareLatency({ ...settings, canary: shifted, primary });
    if (!result.ok) throw new Error(result.reason);
    expect(result.comparison.verdict).toBe('worse');
    expect(result.comparison.ratio).toBeCloseTo(120 / 1000 / (110 / 10_000), 6);
    expect(result.comparison.summary).toMatch(/^canary requests over 250 ms: 11× primary/);
  });

  it('answers notWorse when the canary is as fast as the primary', () => {
    const result = compareLatency({ ...settings, canary: alike, primary });
    expect(result.ok && result.comparison.verdict).toBe('notWorse');
  });

  it('counts at the greatest bound at or below the threshold and names it in the unit', () => {
    const result = compareLatency({ ...settings, thresholdMs: 300, canary: alike, primary });
    expect(result).toMatchObject({ ok: true, counts: { canary: { events: 11, trials: 1000 }, primary: { events: 110, trials: 10_000 } } });
    expect(result.ok && result.unit).toBe('requests over 250 ms (the greatest bucket bound both sides share at or below the 300 ms threshold)');
  });

  it('is an error naming the metric, never a verdict, when no bound at or below the threshold exists', () => {
    const result = compareLatency({ ...settings, thresholdMs: 20, canary: shifted, primary });
    expect(result).toEqual({ ok: false, reason: `${METRIC} has no bucket at or below 20 ms for the canary (bounds: 50, 100, 250, 500, 1000, +Inf)` });
  });

  it('is an error when the two sides share no bound at or below the threshold', () => {
    const canary = side(histogram([500, 1000], [200, Infinity]));
    const result = compareLatency({ ...settings, canary, primary });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no bucket bound at or below 250 ms that the canary and the primary share/);
  });

  it('keeps the evidence of earlier stages when the current stage has no histogram yet', () => {
    const earlier = slowRequestCounts(METRIC, 250, shifted, primary);
    if (!earlier.ok) throw new Error(earlier.reason);
    const result = compareLatency({ ...settings, canary: none, primary: none, earlierStages: [earlier.counts] });
    expect(result.ok && result.comparison.verdict).toBe('worse');
    expect(result.ok && result.comparison.canaryTrials).toBe(1000);
  });

  it('is insufficient without NaN when the histograms are empty', () => {
    const empty = side(histogram([0, 0, 0, 0, 0, 0]));
    const result = compareLatency({ ...settings, canary: empty, primary: empty });
    expect(result.ok && result.comparison.verdict).toBe('insufficient');
    expect(result.ok && result.comparison.summary).not.toMatch(/NaN/);
  });
});
