import { describe, expect, it } from '@jest/globals';
import { parseCanarySpec } from './canary.js';

// Specs a breaker found accepted though the controller would misread them; each is refused naming the field.
const minimal = { targetRef: { name: 'podinfo' }, service: { port: 9898 } };
const wavefront = { name: 'wf', type: 'wavefront', address: 'https://acme.wavefront.com', tokenSecretRef: { name: 'wf', key: 'token' }, query: 'ts(x)', max: 1 };
const sentry = { organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry', key: 'token' } };
const withChecks = (...checks: unknown[]) => ({ ...minimal, analysis: { checks } });

/** The parse error's field and message, or 'ok'. */
function refusal(spec: unknown): { field: string; message: string } | 'ok' {
  const parsed = parseCanarySpec(spec);
  return parsed.ok ? 'ok' : { field: parsed.error.field, message: parsed.error.message };
}

describe('Secret key references', () => {
  it.each([
    ['a wavefront check', withChecks({ ...wavefront, tokenSecretRef: { name: 'wf', key: 'a/b c' } }), 'spec.analysis.checks[0].tokenSecretRef.key'],
    ['spec.sentry', { ...minimal, sentry: { ...sentry, tokenSecretRef: { name: 'sentry', key: 'a/b c' } } }, 'spec.sentry.tokenSecretRef.key'],
    ['the Slack webhook', { ...minimal, notifications: { slack: { webhookSecretRef: { name: 'slack', key: 'url:x' } } } }, 'spec.notifications.slack.webhookSecretRef.key'],
    ['a key over 253 characters', withChecks({ ...wavefront, tokenSecretRef: { name: 'wf', key: 'k'.repeat(254) } }), 'spec.analysis.checks[0].tokenSecretRef.key'],
  ])('refuses a key that is no Secret data key in %s', (_where, spec, field) => {
    expect(refusal(spec)).toEqual({ field, message: expect.stringContaining(`${field}: a Secret data key`) });
  });

  it('accepts keys of letters, digits, -, _ and .', () => {
    expect(refusal(withChecks({ ...wavefront, tokenSecretRef: { name: 'wf', key: 'api_token-v1.txt' } }))).toBe('ok');
  });
});

describe('check names', () => {
  it('refuses two checks of one name (step.ts would judge one on the other\'s measurement), naming the second and the duplicate', () => {
    const spec = withChecks({ name: 'ok', type: 'successRate', min: 99 }, { name: 'health', type: 'successRate', min: 99 }, { ...wavefront, name: 'health' });
    expect(refusal(spec)).toEqual({ field: 'spec.analysis.checks[2].name', message: expect.stringContaining('health') });
    expect(refusal(spec)).toMatchObject({ message: expect.stringContaining('checks[1]') });
  });

  it('accepts checks of distinct names', () => {
    expect(refusal(withChecks({ name: 'health', type: 'successRate', min: 99 }, { ...wavefront, name: 'wf' }))).toBe('ok');
  });
});

describe('analysis interval', () => {
  it.each(['0s', '1ms', '999ms', '0.5s'])('refuses %s: checks run at most once a second', (interval) => {
    const field = 'spec.analysis.interval';
    expect(refusal({ ...minimal, analysis: { interval } })).toEqual({ field, message: `${field}: at least 1s (checks run at most once a second)` });
  });

  it.each(['1s', '1000ms', '4s', '1m'])('accepts %s (e2e tests use 1s)', (interval) => {
    expect(refusal({ ...minimal, analysis: { interval } })).toBe('ok');
  });
});

describe('wavefront and promql checks', () => {
  it.each([
    ['a query', 'https://acme.wavefront.com/?x=1'],
    ['a fragment', 'https://acme.wavefront.com/#top'],
    ['a user and password', 'https://me:secret@acme.wavefront.com'],
  ])('refuses a wavefront address with %s (the check appends /api/v2/chart/api; the token goes in a header)', (_what, address) => {
    const field = 'spec.analysis.checks[0].address';
    expect(refusal(withChecks({ ...wavefront, address }))).toEqual({ field, message: expect.stringContaining(`${field}: `) });
  });

  it.each([
    ['wavefront', wavefront],
    ['promql', { name: 'q', type: 'promql', query: 'up', max: 1 }],
  ])('refuses a %s query of only spaces', (_type, check) => {
    const field = 'spec.analysis.checks[0].query';
    expect(refusal(withChecks({ ...check, query: '   ' }))).toEqual({ field, message: `${field}: a query, not only spaces` });
  });

  it.each([
    ['wavefront', wavefront],
    ['promql', { name: 'q', type: 'promql', query: 'up' }],
  ])('refuses a %s check whose min is above its max (no value could pass)', (_type, check) => {
    const field = 'spec.analysis.checks[0].min';
    expect(refusal(withChecks({ ...check, min: 5, max: 1 }))).toEqual({ field, message: `${field}: min (5) is above max (1): no value could pass` });
    expect(refusal(withChecks({ ...check, min: 1, max: 1 }))).toBe('ok');
  });
});

describe('sentryLatency percentile', () => {
  it('names the allowed percentiles when given another', () => {
    const field = 'spec.analysis.checks[0].percentile';
    const spec = { ...minimal, sentry, analysis: { checks: [{ name: 'p', type: 'sentryLatency', percentile: 90, maxMs: 500 }] } };
    expect(refusal(spec)).toEqual({ field, message: `${field}: one of 50, 75, 95, 99 (Sentry's p50() ... p99())` });
  });
});
