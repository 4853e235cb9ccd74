import { BUCKET_BOUNDS_MS, bucketProbabilities, histogramQuantile, normalCdf } from './traffic.js';

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.959964, 0.975],
    [-2.326348, 0.01],
  ])('is %p → %p at known quantiles', (z, p) => {
    expect(normalCdf(z)).toBeCloseTo(p, 6);
  });
});

describe('bucketProbabilities', () => {
  it('sums to one and puts ~1.1 % above 250 ms when the median is 100 ms and sigma 0.4', () => {
    const probabilities = bucketProbabilities({ medianLatencyMs: 100, latencySpread: 0.4 });
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    const above = probabilities.filter((_, index) => (BUCKET_BOUNDS_MS[index] ?? 0) > 250).reduce((sum, p) => sum + p, 0);
    expect(above).toBeCloseTo(0.011, 3);
  });
});

describe('histogramQuantile', () => {
  it('interpolates within the bucket like Prometheus when the rank falls inside it', () => {
    const buckets = BUCKET_BOUNDS_MS.map((le) => (le === 100 ? 50 : le === 250 ? 50 : 0));
    expect(histogramQuantile(buckets, 0.75)).toBeCloseTo(175, 9);
  });

  it('is null when there are no requests', () => {
    expect(histogramQuantile(BUCKET_BOUNDS_MS.map(() => 0), 0.99)).toBeNull();
  });
});
