import { parseHandBackSpec } from './hand-back-spec.js';

describe('parseHandBackSpec', () => {
  it('reads the target, Service and interval of a spec that fails validation elsewhere (a Sentry check without spec.sentry)', () => {
    const parsed = parseHandBackSpec({
      targetRef: { name: 'podinfo' },
      service: { port: 9898, name: 'web' },
      analysis: { interval: '4s', checks: [{ name: 'new-issues', type: 'sentryNewIssues' }] },
    });
    expect(parsed.ok && parsed.spec).toMatchObject({ targetRef: { name: 'podinfo' }, service: { port: 9898, name: 'web' }, analysis: { interval: '4s' } });
  });

  it('falls back to the default interval when the interval itself is malformed', () => {
    const parsed = parseHandBackSpec({ targetRef: { name: 'podinfo' }, service: { port: 9898 }, analysis: { interval: 'soon' } });
    expect(parsed.ok && parsed.spec.analysis.interval).toBe('1m');
  });

  it('names the field when even the target or the Service cannot be read', () => {
    const parsed = parseHandBackSpec({ service: { port: 9898 } });
    expect(!parsed.ok && parsed.error.field).toBe('spec.targetRef');
    expect(parseHandBackSpec(null).ok).toBe(false);
  });
});
