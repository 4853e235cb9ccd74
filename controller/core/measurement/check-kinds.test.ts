import type { Check } from '../../schema/checks.js';
import { kindOf } from './check-kinds.js';

const c = (check: Record<string, unknown>) => ({ name: 'c', ...check }) as Check;

describe('checkKinds', () => {
  it.each<[Check, string, number, number]>([
    [c({ type: 'successRate', min: 99 }), '≥ 99 %', 99, 98.9],
    [c({ type: 'latency', percentile: 95, maxMs: 500 }), 'p95 ≤ 500 ms', 500, 501],
    [c({ type: 'promql', min: 1, max: 5 }), '≥ 1 and ≤ 5', 5, 0.5],
    [c({ type: 'promql', max: 5 }), '≤ 5', -1e9, 6],
    [c({ type: 'sentryNewIssues', max: 1 }), '≤ 1 new issue', 1, 2],
    [c({ type: 'sentryNewIssues', max: 0 }), '≤ 0 new issues', 0, 1],
    [c({ type: 'sentryErrorRate', maxRatio: 2 }), '≤ 2× primary', 2, 2.01],
    [c({ type: 'sentryCrashFreeSessions', min: 99.5 }), '≥ 99.5 % crash-free', 99.5, 99.4],
  ])('%o reads its limit as %p, passes %p and fails %p', (check, limit, passing, failing) => {
    const kind = kindOf(check);
    expect(kind.limit(check)).toBe(limit);
    expect(kind.within(check, passing)).toBe(true);
    expect(kind.within(check, failing)).toBe(false);
  });

  it('never passes a comparison on a bare value: it is judged from counts', () => {
    const check = c({ type: 'comparison', metric: 'errors', tolerance: 1.2 });
    expect(kindOf(check).limit(check)).toBe('≤ 1.2× primary');
    expect(kindOf(check).within(check, 0)).toBe(false);
  });

  it('writes infinities as Prometheus does and rounds to two decimals below 100', () => {
    const check = c({ type: 'promql', max: 5 });
    expect([Infinity, -Infinity, 3.14159, 1234.5].map((v) => kindOf(check).format(check, v))).toEqual(['+Inf', '-Inf', '3.14', '1235']);
  });
});
