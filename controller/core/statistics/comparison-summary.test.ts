import { describeComparison, formatRatio, type SummaryFacts } from './comparison-summary.js';

const facts: SummaryFacts = {
  subject: 'errors',
  verdict: 'worse',
  ratio: 4.83,
  lower: 3.07,
  upper: 7.41,
  coverage: 0.98,
  canaryEvents: 60,
  primaryEvents: 124,
  canaryTrials: 1240,
  minTrials: 500,
  tolerance: 1.2,
};

describe('formatRatio', () => {
  it.each([
    [0, '0.0'],
    [0.034, '0.03'],
    [1.25, '1.3'],
    [12.4, '12'],
    [1234.5, '1,235'],
  ])('writes %p as %p', (value, text) => {
    expect(formatRatio(value)).toBe(text);
  });
});

describe('describeComparison', () => {
  it('reads like a sentence when the canary is worse', () => {
    expect(describeComparison(facts)).toBe(
      'canary errors: 4.8× primary (98 % CS 3.1–7.4) after 1,240 requests: worse than the tolerated 1.2×',
    );
  });

  it('writes the coverage with its decimals when alpha is small', () => {
    expect(describeComparison({ ...facts, coverage: 0.995 })).toContain('(99.5 % CS 3.1–7.4)');
  });

  it('says how much traffic is missing when the comparison is insufficient', () => {
    const text = describeComparison({ ...facts, verdict: 'insufficient', canaryTrials: 120 });
    expect(text).toMatch(/after 120 requests: not enough traffic yet \(500 requests needed\)$/);
  });

  it('names the canary count when the primary has none', () => {
    const text = describeComparison({ ...facts, ratio: null, upper: null, lower: 8.6, canaryEvents: 3 });
    expect(text).toMatch(/^canary errors: 3 at canary, none at primary \(98 % CS ≥ 8\.6\)/);
  });

  it('says there is no bound yet when nothing was counted', () => {
    const text = describeComparison({ ...facts, verdict: 'notWorse', ratio: null, lower: 0, upper: null, canaryEvents: 0 });
    expect(text).toMatch(/none at canary or primary \(no bound yet\).*no evidence of more than 1\.2×$/);
  });
});
