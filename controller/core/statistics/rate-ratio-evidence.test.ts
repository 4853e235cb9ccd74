import { componentLogRatio, logEvidence, mixtureGrid, type RatioCounts } from './rate-ratio-evidence.js';

/** log Binomial(k; n, p) for k = 0..n by the ratio recurrence (no gamma function needed). */
function binomialLogPmf(n: number, p: number): number[] {
  const values = [n * Math.log1p(-p)];
  for (let k = 1; k <= n; k += 1) {
    values.push((values[k - 1] ?? 0) + Math.log((n - k + 1) / k) + Math.log(p / (1 - p)));
  }
  return values;
}

const canaryShare = (ratio: number, exposureRatio: number) => (ratio * exposureRatio) / (ratio * exposureRatio + 1);

/** The mixture rebuilt event by event: each event multiplies each component's likelihood ratio. */
function evidenceEventByEvent(labels: readonly boolean[], exposureRatio: number, nullRatio: number): number {
  const p0 = canaryShare(nullRatio, exposureRatio);
  return mixtureGrid('above').reduce((sum, point) => {
    const p = canaryShare(nullRatio * Math.exp(point.logOffset), exposureRatio);
    const product = labels.reduce((lr, isCanary) => lr * (isCanary ? p / p0 : (1 - p) / (1 - p0)), 1);
    return sum + Math.exp(point.logWeight) * product;
  }, 0);
}

describe('mixtureGrid', () => {
  it('has weights summing to one and offsets of one sign when built for a direction', () => {
    for (const direction of ['above', 'below'] as const) {
      const grid = mixtureGrid(direction);
      expect(grid.reduce((sum, point) => sum + Math.exp(point.logWeight), 0)).toBeCloseTo(1, 12);
      expect(grid.every((point) => (direction === 'above' ? point.logOffset > 0 : point.logOffset < 0))).toBe(true);
    }
  });
});

describe('logEvidence', () => {
  it('equals the product of per-event likelihood ratios when events arrive one at a time', () => {
    const labels = [true, false, false, true, true, false, true, false, false, false, true, true];
    const counts: RatioCounts = { canaryEvents: 6, primaryEvents: 6, exposureRatio: 0.25 };
    const expected = evidenceEventByEvent(labels, 0.25, 1.2);
    expect(Math.exp(logEvidence([counts], 1.2, 'above'))).toBeCloseTo(expected, 10);
  });

  it('averages exactly one under the boundary null when summed over every outcome', () => {
    const [n, exposureRatio, tolerance] = [150, 0.1, 1.2];
    const logPmf = binomialLogPmf(n, canaryShare(tolerance, exposureRatio));
    const mean = logPmf.reduce((sum, lp, k) => {
      const counts = { canaryEvents: k, primaryEvents: n - k, exposureRatio };
      return sum + Math.exp(lp + logEvidence([counts], tolerance, 'above'));
    }, 0);
    expect(mean).toBeCloseTo(1, 9);
  });

  it.each([
    [1, 'below one', (mean: number) => expect(mean).toBeLessThan(1)],
    [3, 'above one', (mean: number) => expect(mean).toBeGreaterThan(1)],
  ])('averages %s× ratio to %s when the null ratio is 1.2', (ratio, _label, check) => {
    const [n, exposureRatio] = [120, 0.2];
    const logPmf = binomialLogPmf(n, canaryShare(ratio, exposureRatio));
    check(
      logPmf.reduce((sum, lp, k) => {
        const counts = { canaryEvents: k, primaryEvents: n - k, exposureRatio };
        return sum + Math.exp(lp + logEvidence([counts], 1.2, 'above'));
      }, 0),
    );
  });

  it('averages exactly one under the boundary null when two stages have different splits', () => {
    const stages = [
      { n: 40, exposureRatio: 0.02 },
      { n: 60, exposureRatio: 0.5 },
    ];
    const [first, second] = stages.map(({ n, exposureRatio }) => binomialLogPmf(n, canaryShare(1.2, exposureRatio)));
    let mean = 0;
    first?.forEach((lp1, k1) =>
      second?.forEach((lp2, k2) => {
        const segments = [
          { canaryEvents: k1, primaryEvents: 40 - k1, exposureRatio: 0.02 },
          { canaryEvents: k2, primaryEvents: 60 - k2, exposureRatio: 0.5 },
        ];
        mean += Math.exp(lp1 + lp2 + logEvidence(segments, 1.2, 'above'));
      }),
    );
    expect(mean).toBeCloseTo(1, 9);
  });

  it('equals the pooled evidence when every stage had the same split', () => {
    const stages = [
      { canaryEvents: 3, primaryEvents: 40, exposureRatio: 0.1 },
      { canaryEvents: 9, primaryEvents: 51, exposureRatio: 0.1 },
    ];
    const pooled = { canaryEvents: 12, primaryEvents: 91, exposureRatio: 0.1 };
    expect(logEvidence(stages, 1.2, 'above')).toBeCloseTo(logEvidence([pooled], 1.2, 'above'), 10);
  });

  it('is exactly one when there are no events', () => {
    expect(logEvidence([{ canaryEvents: 0, primaryEvents: 0, exposureRatio: 0.3 }], 1.2, 'above')).toBeCloseTo(0, 12);
    expect(logEvidence([{ canaryEvents: 0, primaryEvents: 0, exposureRatio: 0.3 }], 1.2, 'below')).toBeCloseTo(0, 12);
  });

  it('stays finite when counts reach a billion', () => {
    for (const canaryEvents of [0, 1e9]) {
      const value = logEvidence([{ canaryEvents, primaryEvents: 1e9, exposureRatio: 1 }], 1.2, 'above');
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('falls as the null ratio grows when testing above, and rises when testing below', () => {
    const counts = { canaryEvents: 12, primaryEvents: 40, exposureRatio: 0.1 };
    const ratios = [0.5, 1, 2, 4, 8];
    const above = ratios.map((r) => logEvidence([counts], r, 'above'));
    const below = ratios.map((r) => logEvidence([counts], r, 'below'));
    above.slice(1).forEach((value, i) => expect(value).toBeLessThan(above[i] ?? Infinity));
    below.slice(1).forEach((value, i) => expect(value).toBeGreaterThan(below[i] ?? -Infinity));
  });
});

describe('componentLogRatio', () => {
  it('matches the binomial likelihood ratio of the counts when computed directly', () => {
    const counts = { canaryEvents: 7, primaryEvents: 20, exposureRatio: 0.5 };
    const [p0, p1] = [canaryShare(1.2, 0.5), canaryShare(1.2 * Math.exp(0.8), 0.5)];
    const direct = 7 * Math.log(p1 / p0) + 20 * Math.log((1 - p1) / (1 - p0));
    expect(componentLogRatio([counts], 1.2, 0.8)).toBeCloseTo(direct, 10);
  });
});
