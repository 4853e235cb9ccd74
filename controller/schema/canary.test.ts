import { parseCanarySpec } from './canary.js';

const minimal = { targetRef: { name: 'podinfo' }, service: { port: 9898 } };

describe('parseCanarySpec', () => {
  it('fills every default from the schema when only the required fields are given', () => {
    const parsed = parseCanarySpec(minimal);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' });
    expect(parsed.spec.service.gateways).toEqual(['mesh']);
    expect(parsed.spec.stages.steps.map((s) => s.weight)).toEqual([5, 25, 50]);
    expect(parsed.spec.analysis).toEqual({ interval: '1m', threshold: 5, checks: [] });
    expect(parsed.spec.progressDeadlineSeconds).toBe(600);
  });

  it.each([
    [{ ...minimal, service: { port: 0 } }, 'spec.service.port'],
    [{ ...minimal, targetRef: { name: 'Bad_Name' } }, 'spec.targetRef.name'],
    [{ ...minimal, analysis: { interval: 'soon' } }, 'spec.analysis.interval'],
    [{ ...minimal, analysis: { checks: [{ name: 'sr', type: 'successRate', min: 120 }] } }, 'spec.analysis.checks[0].min'],
    [{ ...minimal, analysis: { checks: [{ name: 'x', type: 'nope' }] } }, 'spec.analysis.checks[0].type'],
    [{ ...minimal, stages: { steps: [{ weight: 50 }, { weight: 10 }] } }, 'spec.stages.steps'],
    [{ ...minimal, stages: { internal: { match: [{ header: { name: 'x-user' } }] } } }, 'spec.stages.internal.match[0].header'],
    [{ ...minimal, analysis: { checks: [{ name: 'n', type: 'sentryNewIssues' }] } }, 'spec.analysis.checks[0]'],
  ])('names the field when the spec is malformed (%#)', (spec, field) => {
    const parsed = parseCanarySpec(spec);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.field).toBe(field);
    expect(parsed.error.message.startsWith(`${field}:`)).toBe(true);
  });

  it('reports a missing spec without throwing', () => {
    const parsed = parseCanarySpec(undefined);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'invalidSpec' } });
  });
});
