import { describe, expect, it } from '@jest/globals';
import { checkSchema, readsSentry, systemOfCheck, type Check } from './checks.js';

const check = (raw: Record<string, unknown>): Check => checkSchema.parse({ name: 'c', ...raw });

describe('systemOfCheck', () => {
  it.each([
    ['successRate', { type: 'successRate', min: 99 }, 'prometheus'],
    ['latency', { type: 'latency', maxMs: 500 }, 'prometheus'],
    ['promql', { type: 'promql', query: 'up', max: 1 }, 'prometheus'],
    ['an errors comparison', { type: 'comparison', metric: 'errors' }, 'prometheus'],
    ['a latency comparison', { type: 'comparison', metric: 'latency' }, 'prometheus'],
    ['a sentryErrors comparison', { type: 'comparison', metric: 'sentryErrors' }, 'sentry'],
    ['a sentrySlowTransactions comparison', { type: 'comparison', metric: 'sentrySlowTransactions' }, 'sentry'],
    ['sentryNewIssues', { type: 'sentryNewIssues' }, 'sentry'],
    ['sentryErrorRate (its requests come from Prometheus, its signal from Sentry)', { type: 'sentryErrorRate', maxPercent: 1 }, 'sentry'],
    ['sentryCrashFreeSessions', { type: 'sentryCrashFreeSessions', min: 99 }, 'sentry'],
    ['sentryLatency', { type: 'sentryLatency', maxMs: 800 }, 'sentry'],
    ['wavefront, no longer charged to Prometheus', { type: 'wavefront', query: 'ts(x)', max: 1, address: 'https://acme.wavefront.com', tokenSecretRef: { name: 'wf', key: 'token' } }, 'wavefront'],
  ])('charges %s to %s', (_what, raw, system) => {
    expect(systemOfCheck(check(raw))).toBe(system);
    expect(readsSentry(check(raw))).toBe(system === 'sentry');
  });
});
