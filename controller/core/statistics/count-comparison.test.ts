import { compareCounts, type CountComparison, type CountComparisonInput } from './count-comparison.js';

const base: Omit<CountComparisonInput, 'canary' | 'primary'> = { tolerance: 1.2, alpha: 0.01, minTrials: 500 };

function expectFinite(result: CountComparison): void {
  for (const value of [result.ratio, result.lower, result.upper, result.eValue, result.canaryTrials]) {
    if (value !== null) expect(Number.isFinite(value)).toBe(true);
  }
  expect(result.summary).not.toMatch(/NaN|Infinity|undefined/);
}

describe('compareCounts', () => {
  it.each<[string, CountComparisonInput['canary'], CountComparisonInput['primary'], CountComparison['verdict']]>([
    ['worse', { events: 30, trials: 600 }, { events: 60, trials: 6000 }, 'worse'],
    ['notWorse', { events: 6, trials: 600 }, { events: 60, trials: 6000 }, 'notWorse'],
    ['insufficient', { events: 3, trials: 300 }, { events: 60, trials: 6000 }, 'insufficient'],
    ['worse', { events: 15, trials: 300 }, { events: 60, trials: 6000 }, 'worse'],
    ['notWorse', { events: 0, trials: 5000 }, { events: 0, trials: 50_000 }, 'notWorse'],
  ])('answers %s when canary %o is compared with primary %o', (_name, canary, primary, verdict) => {
    const result = compareCounts({ ...base, canary, primary });
    expect(result.verdict).toBe(verdict);
    expectFinite(result);
  });

  it('answers worse before minTrials when the evidence is already strong', () => {
    const result = compareCounts({ ...base, canary: { events: 10, trials: 100 }, primary: { events: 60, trials: 6000 } });
    expect(result.verdict).toBe('worse');
    expect(result.eValue).toBeGreaterThanOrEqual(100);
  });

  it('is insufficient with e-value 1 and no ratio when nothing has been counted', () => {
    const result = compareCounts({ ...base, canary: { events: 0, trials: 0 }, primary: { events: 0, trials: 0 } });
    expect(result).toMatchObject({ verdict: 'insufficient', ratio: null, lower: null, upper: null, eValue: 1, canaryTrials: 0 });
    expectFinite(result);
  });

  it('is insufficient when the primary has no requests to compare with', () => {
    const result = compareCounts({ ...base, canary: { events: 9, trials: 900 }, primary: { events: 0, trials: 0 } });
    expect(result.verdict).toBe('insufficient');
    expect(result.summary).toBe('no primary requests to compare with');
  });

  it('has no ratio but a finite lower bound when only the canary has errors', () => {
    const result = compareCounts({ ...base, canary: { events: 4, trials: 600 }, primary: { events: 0, trials: 6000 } });
    expect(result.ratio).toBeNull();
    expect(result.upper).toBeNull();
    expect(result.lower).toBeGreaterThan(0);
    expectFinite(result);
  });

  it('rounds fractional and clamps impossible counts when they come from increase()', () => {
    const raw = compareCounts({ ...base, canary: { events: 6.4, trials: 599.6 }, primary: { events: -2, trials: 6000.2 } });
    const clean = compareCounts({ ...base, canary: { events: 6, trials: 600 }, primary: { events: 0, trials: 6000 } });
    expect(raw).toEqual(clean);
  });

  it('does not roll back when the canary sits exactly at the tolerance with a billion requests', () => {
    const result = compareCounts({ ...base, canary: { events: 12e6, trials: 1e9 }, primary: { events: 10e6, trials: 1e9 } });
    expect(result.verdict).toBe('notWorse');
    expect(result.eValue).toBeLessThan(1);
    expectFinite(result);
  });

  it('rolls back when the canary is 4 % above the tolerance with a billion requests', () => {
    const result = compareCounts({ ...base, canary: { events: 12.5e6, trials: 1e9 }, primary: { events: 10e6, trials: 1e9 } });
    expect(result.verdict).toBe('worse');
    expect(result.lower).toBeGreaterThan(1.2);
    expectFinite(result);
  });

  it('does not roll back a harmless 10 % difference when traffic is huge and the tolerance is 1.2', () => {
    const result = compareCounts({ ...base, canary: { events: 1.1e6, trials: 1e8 }, primary: { events: 1e6, trials: 1e8 } });
    expect(result.verdict).toBe('notWorse');
    expect(result.upper).toBeLessThan(1.2);
  });

  it('keeps the e-value finite when the evidence is overwhelming', () => {
    const result = compareCounts({ ...base, canary: { events: 5e8, trials: 1e9 }, primary: { events: 1e6, trials: 1e9 } });
    expect(result.verdict).toBe('worse');
    expectFinite(result);
  });

  it('adds earlier stages to the evidence and the totals when the split changed', () => {
    const current = { canary: { events: 16, trials: 600 }, primary: { events: 30, trials: 3000 } };
    const earlierStages = [{ canary: { events: 5, trials: 60 }, primary: { events: 60, trials: 6000 } }];
    const alone = compareCounts({ ...base, ...current });
    const withEarlier = compareCounts({ ...base, ...current, earlierStages });
    expect(alone.verdict).toBe('insufficient'); // 2.7× observed, past twice the tolerance: it holds
    expect(withEarlier.verdict).toBe('worse');
    expect(withEarlier.canaryTrials).toBe(660);
    expect(withEarlier.ratio).toBeCloseTo(21 / 660 / (90 / 9000), 10);
  });

  it('gives the same answer split into stages as pooled when the split never changed', () => {
    const pooled = compareCounts({ ...base, canary: { events: 12, trials: 1200 }, primary: { events: 100, trials: 12_000 } });
    const staged = compareCounts({
      ...base,
      canary: { events: 7, trials: 500 },
      primary: { events: 45, trials: 5000 },
      earlierStages: [{ canary: { events: 5, trials: 700 }, primary: { events: 55, trials: 7000 } }],
    });
    expect(staged.eValue).toBeCloseTo(pooled.eValue, 10);
    expect(staged.verdict).toBe(pooled.verdict);
  });

  it('explains itself in words when the canary is worse', () => {
    const result = compareCounts({ ...base, canary: { events: 30, trials: 1240 }, primary: { events: 60, trials: 12400 } });
    expect(result.summary).toMatch(/^canary errors: 5\.0× primary \(98 % CS [\d.]+–[\d.]+\) after 1,240 requests: worse/);
  });

  it.each([0, 1, -0.1, NaN])('throws a RangeError when alpha is %p', (alpha) => {
    expect(() => compareCounts({ ...base, alpha, canary: { events: 1, trials: 1 }, primary: { events: 1, trials: 1 } })).toThrow(RangeError);
  });
});

describe('compareCounts holding', () => {
  it('holds, rather than passes, a canary halfway to being proven worse', () => {
    const halfway = compareCounts({ canary: { events: 13, trials: 300 }, primary: { events: 10, trials: 1000 }, tolerance: 1.2, alpha: 0.01, minTrials: 100 });
    expect(halfway.eValue).toBeGreaterThanOrEqual(10);
    expect(halfway.eValue).toBeLessThan(100);
    expect(halfway.verdict).toBe('insufficient');
    expect(halfway.summary).toContain('not proven so yet');
  });
});

describe('compareCounts looking worse', () => {
  it('holds a canary whose observed ratio is past twice the tolerance even with little evidence', () => {
    const plain = compareCounts({ canary: { events: 3, trials: 60 }, primary: { events: 7, trials: 700 }, tolerance: 1.5, alpha: 0.01, minTrials: 40 });
    expect(plain.eValue).toBeLessThan(10);
    expect(plain.verdict).toBe('insufficient');
  });
});
