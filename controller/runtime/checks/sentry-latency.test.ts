import { describe, expect, it } from '@jest/globals';
import { evaluateCheck } from '../../core/check-evaluation.js';
import { inMemorySentry, type SentryRelease } from './in-memory-sentry.js';
import type { MeasureScope } from './measure.js';
import { measureCheck } from './measures.js';
import { sentryCheckOf as checkOf, sentryCheckScope } from './sentry-check-fixture.js';

// The checks on Sentry's transactions against an in-memory Sentry port: which releases and
// window they ask, and what the core makes of the answers.

const NOW = new Date('2026-12-06T10:00:00.000Z');
const STAGE_START = '2026-12-06T09:58:00.000Z';
const ROLLOUT_START = '2026-12-06T09:50:00.000Z';

function world(releases: Record<string, SentryRelease>, overrides: Partial<MeasureScope> = {}) {
  const sentry = inMemorySentry(releases);
  const scope = sentryCheckScope(sentry, { now: NOW, stageStartedAt: STAGE_START, rolloutStartedAt: ROLLOUT_START }, overrides);
  return { sentry, scope };
}

describe('sentryLatency', () => {
  const check = checkOf({ name: 'tx-p95', type: 'sentryLatency', percentile: 95, maxRatio: 2, minTransactions: 20 });
  const slowCanary = { 'podinfo@2.0.0': { transactions: { transactions: 300, percentileMs: 480 } }, 'podinfo@1.0.0': { transactions: { transactions: 900, percentileMs: 120 } } };

  it('fails when the canary release\'s p95 is over twice the primary\'s, asking both releases since the rollout began', async () => {
    const { sentry, scope } = world(slowCanary);
    const result = evaluateCheck(check, await measureCheck(scope, check), NOW.toISOString());
    expect(result).toMatchObject({ outcome: 'fail', value: 4, limit: 'p95 ≤ 2× primary' });
    expect(result.message).toContain('canary 480 ms over 300 transactions of release podinfo@2.0.0, primary 120 ms over 900 transactions of release podinfo@1.0.0');
    expect(sentry.calls.map((c) => [c.method, c.release, c.start, c.end])).toEqual([
      ['transactionDurations', 'podinfo@2.0.0', ROLLOUT_START, NOW.toISOString()],
      ['transactionDurations', 'podinfo@1.0.0', ROLLOUT_START, NOW.toISOString()],
    ]);
  });

  it('asks only the canary release for a maxMs limit', async () => {
    const ms = checkOf({ name: 'tx-p50', type: 'sentryLatency', percentile: 50, maxMs: 500, minTransactions: 20 });
    const { sentry, scope } = world(slowCanary);
    expect(evaluateCheck(ms, await measureCheck(scope, ms), NOW.toISOString())).toMatchObject({ outcome: 'pass', value: 480 });
    expect(sentry.calls.map((c) => c.release)).toEqual(['podinfo@2.0.0']);
  });

  it('errs with Sentry\'s message when Sentry refuses, and with the core\'s reason when no release can be named', async () => {
    const refused = world({ ...slowCanary, 'podinfo@1.0.0': { failure: { code: 'server', message: 'Sentry answered 502' } } });
    expect(await measureCheck(refused.scope, check)).toEqual({ check: 'tx-p95', kind: 'error', reason: 'Sentry answered 502' });
    const unnamed = world(slowCanary, { primaryRelease: { ok: false, reason: 'the primary does not exist yet' } });
    expect(await measureCheck(unnamed.scope, check)).toEqual({ check: 'tx-p95', kind: 'error', reason: 'no Sentry release for the primary: the primary does not exist yet' });
    expect(unnamed.sentry.calls).toEqual([]);
  });
});

describe('comparison of sentrySlowTransactions', () => {
  const check = checkOf({ name: 'slow-tx', type: 'comparison', metric: 'sentrySlowTransactions', latencyThresholdMs: 250, minRequests: 100 });

  it('calls a canary with far more slow transactions worse, over the stage, with the anytime-valid comparison', async () => {
    const { sentry, scope } = world({ 'podinfo@2.0.0': { transactions: { transactions: 400, percentileMs: 300, slow: 120 } }, 'podinfo@1.0.0': { transactions: { transactions: 1600, percentileMs: 100, slow: 16 } } });
    const measurement = await measureCheck(scope, check);
    expect(measurement).toEqual({ check: 'slow-tx', kind: 'counts', unit: 'slow transactions', counts: { canary: { events: 120, trials: 400 }, primary: { events: 16, trials: 1600 } } });
    const result = evaluateCheck(check, measurement, NOW.toISOString());
    expect(result.outcome).toBe('fail');
    expect(result.message).toMatch(/^slow-tx: .*slow transactions/);
    expect(sentry.calls.map((c) => c.start)).toEqual([STAGE_START, STAGE_START]);
  });

  it('does not call a canary as slow as the primary worse', async () => {
    const { scope } = world({ 'podinfo@2.0.0': { transactions: { transactions: 400, percentileMs: 100, slow: 4 } }, 'podinfo@1.0.0': { transactions: { transactions: 1600, percentileMs: 100, slow: 16 } } });
    expect(evaluateCheck(check, await measureCheck(scope, check), NOW.toISOString()).outcome).toBe('pass');
  });
});
