// What a check result carries for a chart besides its outcome (issue 13): the
// limit as numbers, a comparison's anytime-valid band, the Sentry issue link.
import { parseCanarySpec } from '../schema/canary.js';
import type { Check } from '../schema/checks.js';
import { evaluateCheck } from './check-evaluation.js';
import type { Measurement } from './observations.js';

const NOW = '2026-11-26T10:00:00.000Z';

function checksOf(checks: unknown[]): Check[] {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { internal: { match: [{ header: { name: 'x-user', exact: 'internal' } }] }, steps: [{ weight: 50 }] },
    analysis: { interval: '30s', checks },
    sentry: { organization: 'acme', projects: [{ slug: 'podinfo', id: 42 }], tokenSecretRef: { name: 'sentry-token', key: 'token' } },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec.analysis.checks;
}

const [successRate, latency, queue, errorsVsPrimary, newIssues] = checksOf([
  { name: 'success-rate', type: 'successRate', min: 99 },
  { name: 'latency', type: 'latency', percentile: 99, maxMs: 500 },
  { name: 'queue', type: 'promql', query: 'sum(x)', min: 1, max: 5 },
  { name: 'errors-vs-primary', type: 'comparison', metric: 'errors', minRequests: 100 },
  { name: 'new-issues', type: 'sentryNewIssues', max: 0 },
]) as [Check, Check, Check, Check, Check];

describe('evaluateCheck: bounds', () => {
  it.each<[Check, object]>([
    [successRate, { min: 99 }],
    [latency, { max: 500 }],
    [queue, { min: 1, max: 5 }],
    [newIssues, { max: 0 }],
  ])('gives the limit of %s as numbers in the unit of its value', (check, bounds) => {
    expect(evaluateCheck(check, { check: check.name, kind: 'value', value: 3 }, NOW).bounds).toEqual(bounds);
  });

  it('gives the limit even when nothing could be measured, so a chart still draws it', () => {
    expect(evaluateCheck(successRate, { check: 'success-rate', kind: 'error', reason: 'timeout' }, NOW).bounds).toEqual({ min: 99 });
  });
});

describe('evaluateCheck: a comparison\'s band', () => {
  const counts = (canaryErrors: number, canaryRequests: number): Measurement => ({
    check: 'errors-vs-primary',
    kind: 'counts',
    unit: 'errors',
    counts: { canary: { events: canaryErrors, trials: canaryRequests }, primary: { events: 100, trials: 10_000 } },
  });

  it('carries the anytime-valid band around the ratio it estimates, within the tolerance as max', () => {
    const result = evaluateCheck(errorsVsPrimary, counts(50, 1000), NOW);
    expect(result.outcome).toBe('fail');
    expect(result.band!.lower).toBeLessThan(result.value!);
    expect(result.band!.upper).toBeGreaterThan(result.value!);
    // Five times the primary's rate: the band lies wholly above the tolerance the verdict judged.
    expect(result.band!.lower).toBeGreaterThan(result.bounds!.max!);
  });

  it('carries a wide band from few requests, the band the verdict "insufficient" stands on', () => {
    const result = evaluateCheck(errorsVsPrimary, counts(0, 3), NOW);
    expect(result.outcome).toBe('insufficient');
    expect(result.band).toEqual({ lower: 0, upper: expect.any(Number) });
    expect(result.band!.upper).toBeGreaterThan(100);
  });

  it('has no band before the canary served any request (no ratio to bound)', () => {
    expect(evaluateCheck(errorsVsPrimary, counts(0, 0), NOW).band).toBeUndefined();
  });
});

describe('evaluateCheck: link', () => {
  const topIssue = { title: 'TypeError', culprit: 'pay', count: 4, permalink: 'https://sentry.example/organizations/acme/issues/7/' };

  it('links the Sentry issue behind a value', () => {
    expect(evaluateCheck(newIssues, { check: 'new-issues', kind: 'value', value: 1, topIssue }, NOW).link).toBe(topIssue.permalink);
  });

  it('links nothing that is not an http(s) address', () => {
    const odd = { ...topIssue, permalink: 'javascript:alert(1)' };
    expect(evaluateCheck(newIssues, { check: 'new-issues', kind: 'value', value: 1, topIssue: odd }, NOW).link).toBeUndefined();
  });
});
