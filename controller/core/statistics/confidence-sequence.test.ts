import { ratioBounds } from './confidence-sequence.js';
import { logEvidence, type RatioCounts } from './rate-ratio-evidence.js';

const logThreshold = (alpha: number) => Math.log(1 / alpha);

function binomialPmf(n: number, p: number): number[] {
  const logs = [n * Math.log1p(-p)];
  for (let k = 1; k <= n; k += 1) logs.push((logs[k - 1] ?? 0) + Math.log(((n - k + 1) / k) * (p / (1 - p))));
  return logs.map(Math.exp);
}

describe('ratioBounds', () => {
  it('puts the lower bound where the above-evidence crosses 1/alpha when the canary is clearly worse', () => {
    const counts: RatioCounts = { canaryEvents: 30, primaryEvents: 60, exposureRatio: 0.1 };
    const { lower } = ratioBounds([counts], 0.01);
    expect(lower).toBeGreaterThan(1);
    expect(logEvidence([counts], lower, 'above')).toBeGreaterThanOrEqual(logThreshold(0.01));
    expect(logEvidence([counts], lower * 1.001, 'above')).toBeLessThan(logThreshold(0.01));
  });

  it('puts the upper bound where the below-evidence crosses 1/alpha when the primary has events', () => {
    const counts: RatioCounts = { canaryEvents: 6, primaryEvents: 60, exposureRatio: 0.1 };
    const upper = ratioBounds([counts], 0.01).upper ?? NaN;
    expect(logEvidence([counts], upper, 'below')).toBeGreaterThanOrEqual(logThreshold(0.01));
    expect(logEvidence([counts], upper / 1.001, 'below')).toBeLessThan(logThreshold(0.01));
  });

  it('reports lower 0 and no upper bound when there are no events', () => {
    expect(ratioBounds([{ canaryEvents: 0, primaryEvents: 0, exposureRatio: 1 }], 0.01)).toEqual({ lower: 0, upper: null });
  });

  it('reports no upper bound when only the canary has events', () => {
    const { lower, upper } = ratioBounds([{ canaryEvents: 5, primaryEvents: 0, exposureRatio: 0.01 }], 0.01);
    expect(upper).toBeNull();
    expect(lower).toBeGreaterThan(1);
  });

  it('contains the point estimate when the counts are large', () => {
    const { lower, upper } = ratioBounds([{ canaryEvents: 12_500_000, primaryEvents: 10_000_000, exposureRatio: 1 }], 0.01);
    expect(lower).toBeLessThan(1.25);
    expect(upper).toBeGreaterThan(1.25);
    expect((upper ?? Infinity) - lower).toBeLessThan(0.01);
  });

  it('excludes the tolerance exactly when the above-evidence at the tolerance reaches 1/alpha', () => {
    for (let canaryEvents = 0; canaryEvents <= 40; canaryEvents += 1) {
      const counts = { canaryEvents, primaryEvents: 100, exposureRatio: 0.1 };
      const rejected = logEvidence([counts], 1.2, 'above') >= logThreshold(0.01);
      expect(ratioBounds([counts], 0.01).lower > 1.2).toBe(rejected);
    }
  });

  it('misses the true ratio with probability at most 2·alpha when summed over every outcome at one look', () => {
    const [n, exposureRatio, ratio, alpha] = [200, 0.25, 1.5, 0.05];
    const pmf = binomialPmf(n, (ratio * exposureRatio) / (ratio * exposureRatio + 1));
    const miss = pmf.reduce((sum, probability, k) => {
      const { lower, upper } = ratioBounds([{ canaryEvents: k, primaryEvents: n - k, exposureRatio }], alpha);
      return lower > ratio || (upper !== null && upper < ratio) ? sum + probability : sum;
    }, 0);
    expect(miss).toBeLessThanOrEqual(2 * alpha);
  });
});
