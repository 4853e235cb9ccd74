import { evaluateCheck } from '../../core/check-evaluation.js';
import { requestsIn } from '../../adapters/istio/istio-telemetry.js';
import type { PrometheusError } from '../../adapters/prometheus/prometheus-client.js';
import type { SentryIssue } from '../../adapters/sentry/sentry-port.js';
import { inMemoryPrometheus } from './in-memory-prometheus.js';
import { inMemorySentry, type SentryRelease } from './in-memory-sentry.js';
import type { MeasureScope } from './measure.js';
import { CANARY_WORKLOAD as canary, PRIMARY_WORKLOAD as primary, sentryCheckOf as checkOf, sentryCheckScope } from './sentry-check-fixture.js';
import { measureCheck } from './measures.js';

// The Sentry checks against an in-memory Sentry port and Prometheus: what each asks (which
// release, which window) and what the core makes of the answers.

const NOW = new Date('2026-11-26T10:00:00.000Z');
const STAGE_START = '2026-11-26T09:58:00.000Z';
const ROLLOUT_START = '2026-11-26T09:50:00.000Z';

const issue = (title: string, count: number): SentryIssue => ({
  id: title, shortId: `SHOP-${title}`, title, culprit: `handler ${title}`, level: 'error', count, userCount: 1,
  permalink: `https://sentry.example.com/issues/${title}/`, firstSeen: ROLLOUT_START, lastSeen: NOW.toISOString(),
});

function world(releases: Record<string, SentryRelease>, requests: Record<string, number | PrometheusError> = {}, overrides: Partial<MeasureScope> = {}) {
  const sentry = inMemorySentry(releases);
  const prometheus = inMemoryPrometheus(requests);
  const scope = sentryCheckScope(sentry, { now: NOW, stageStartedAt: STAGE_START, rolloutStartedAt: ROLLOUT_START }, { prometheus, ...overrides });
  return { sentry, prometheus, scope };
}

describe('sentryNewIssues', () => {
  const check = checkOf({ name: 'new-issues', type: 'sentryNewIssues', max: 0 });

  it('fails naming the issue with the most events, asked for the canary release since the rollout began', async () => {
    const { sentry, scope } = world({ 'podinfo@2.0.0': { issues: [issue('A', 3), issue('B', 40), issue('C', 40)] } });
    const measurement = await measureCheck(scope, check);
    expect(measurement).toMatchObject({ kind: 'value', value: 3, topIssue: { title: 'B', count: 40 } });
    expect(evaluateCheck(check, measurement, NOW.toISOString()).message).toBe('new-issues: 3 new issues (limit ≤ 0 new issues) in release podinfo@2.0.0; top: B (40 events)');
    expect(sentry.calls).toEqual([{ method: 'newIssues', release: 'podinfo@2.0.0', start: ROLLOUT_START, end: NOW.toISOString(), token: 'sekrit' }]);
  });

  it('errs with the core\'s reason, asking Sentry nothing, when no canary release can be named', async () => {
    const { sentry, scope } = world({}, {}, { canaryRelease: { ok: false, reason: 'the image has no tag' } });
    expect(await measureCheck(scope, check)).toEqual({ check: 'new-issues', kind: 'error', reason: 'no Sentry release for the canary: the image has no tag' });
    expect(sentry.calls).toEqual([]);
  });

  it('errs with the Secret\'s failure when the token cannot be read', async () => {
    const { scope } = world({}, {}, { sentryTarget: () => Promise.resolve({ ok: false, reason: 'Secret shop/sentry-token has no key token' }) });
    expect(await measureCheck(scope, check)).toEqual({ check: 'new-issues', kind: 'error', reason: 'Secret shop/sentry-token has no key token' });
  });

  it('errs with Sentry\'s message when Sentry refuses', async () => {
    const { scope } = world({ 'podinfo@2.0.0': { failure: { code: 'rateLimited', message: 'Sentry answered 429: rate limited' } } });
    expect(await measureCheck(scope, check)).toEqual({ check: 'new-issues', kind: 'error', reason: 'Sentry answered 429: rate limited' });
  });
});

describe('sentryCrashFreeSessions', () => {
  const check = checkOf({ name: 'crash-free', type: 'sentryCrashFreeSessions', min: 99 });

  it('holds with no data while the release has no sessions yet', async () => {
    const { scope } = world({ 'podinfo@2.0.0': { sessions: { crashFreeRate: null, sessions: 0, windowStart: ROLLOUT_START, windowEnd: NOW.toISOString() } } });
    const result = evaluateCheck(check, await measureCheck(scope, check), NOW.toISOString());
    expect(result).toMatchObject({ outcome: 'noData', message: 'crash-free: no sessions of release podinfo@2.0.0 yet' });
  });

  it('fails a crash-free rate below the limit, as a percentage', async () => {
    const { sentry, scope } = world({ 'podinfo@2.0.0': { sessions: { crashFreeRate: 0.97, sessions: 200, windowStart: ROLLOUT_START, windowEnd: NOW.toISOString() } } });
    const result = evaluateCheck(check, await measureCheck(scope, check), NOW.toISOString());
    expect(result).toMatchObject({ outcome: 'fail', value: 97, message: 'crash-free: 97 % crash-free (limit ≥ 99 % crash-free) over 200 sessions' });
    expect(sentry.calls.map((c) => [c.start, c.end])).toEqual([[ROLLOUT_START, NOW.toISOString()]]);
  });
});

describe('sentryErrorRate', () => {
  const check = checkOf({ name: 'sentry-errors', type: 'sentryErrorRate', maxRatio: 2, minRequests: 100 });
  const releases = { 'podinfo@2.0.0': { errorEvents: 30 }, 'podinfo@1.0.0': { errorEvents: 10 } };

  it('divides each release\'s events by its workload\'s requests over the rollout', async () => {
    const { prometheus, sentry, scope } = world(releases, { [requestsIn(canary, 600)]: 1000, [requestsIn(primary, 600)]: 2000 });
    const measurement = await measureCheck(scope, check);
    expect(measurement).toEqual({ check: 'sentry-errors', kind: 'counts', unit: 'Sentry errors', counts: { canary: { events: 30, trials: 1000 }, primary: { events: 10, trials: 2000 } } });
    expect(evaluateCheck(check, measurement, NOW.toISOString()).outcome).toBe('fail');
    expect(prometheus.queries.sort()).toEqual([requestsIn(canary, 600), requestsIn(primary, 600)].sort());
    expect(sentry.calls.map((c) => [c.release, c.start])).toEqual([['podinfo@2.0.0', ROLLOUT_START], ['podinfo@1.0.0', ROLLOUT_START]]);
  });

  it('holds as too few requests, not an error, when the canary\'s request counter has no series', async () => {
    const { scope } = world(releases, { [requestsIn(primary, 600)]: 2000 });
    const result = evaluateCheck(check, await measureCheck(scope, check), NOW.toISOString());
    expect(result).toMatchObject({ outcome: 'insufficient', message: 'sentry-errors: 0 of 100 canary requests needed to judge' });
  });

  it('errs with Prometheus\'s message when the requests cannot be counted', async () => {
    const down = { code: 'unreachable' as const, message: 'Prometheus at http://prometheus:9090 is unreachable', retryable: true };
    const { scope } = world(releases, { [requestsIn(canary, 600)]: down });
    expect(await measureCheck(scope, check)).toEqual({ check: 'sentry-errors', kind: 'error', reason: down.message });
  });

  it('errs naming the primary when no primary release can be named', async () => {
    const { scope } = world(releases, {}, { primaryRelease: { ok: false, reason: 'the primary does not exist yet' } });
    expect(await measureCheck(scope, check)).toEqual({ check: 'sentry-errors', kind: 'error', reason: 'no Sentry release for the primary: the primary does not exist yet' });
  });
});

describe('comparison of sentryErrors', () => {
  const check = checkOf({ name: 'sentry-vs-primary', type: 'comparison', metric: 'sentryErrors', minRequests: 100 });

  it('counts the current stage only, from its start, for both events and requests', async () => {
    const { prometheus, sentry, scope } = world({ 'podinfo@2.0.0': { errorEvents: 2 }, 'podinfo@1.0.0': { errorEvents: 4 } }, { [requestsIn(canary, 120)]: 500, [requestsIn(primary, 120)]: 1000 });
    expect(await measureCheck(scope, check)).toMatchObject({ kind: 'counts', counts: { canary: { events: 2, trials: 500 }, primary: { events: 4, trials: 1000 } } });
    expect(new Set(sentry.calls.map((c) => c.start))).toEqual(new Set([STAGE_START]));
    expect(prometheus.queries.every((q) => q.includes('[120s]'))).toBe(true);
  });
});
