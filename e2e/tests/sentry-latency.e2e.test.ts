import { jest } from '@jest/globals';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';

jest.setTimeout(300_000);

const NAMESPACE = 'sentry-latency';
// A user auth token (sntryu_): Discover's events endpoint asks org:read.
const SENTRY_TOKEN = 'sntryu_SONGBIRD_LATENCY_TOKEN_0c7e5a';

// The only latency signal this Canary has is Sentry's transactions (no Prometheus latency check):
// the mesh's versions send every request as a transaction with the real @sentry/node SDK, and the
// controller reads each release's p95 from the stand-in's events API (dataset=transactions).
describe('latency from Sentry transactions', () => {
  const scenarios = scenarioPerTest();
  let sentry: SentryStandIn;

  beforeAll(async () => {
    sentry = await startSentryStandIn({ organization: 'acme', projects: [{ id: '1', slug: 'shop' }], token: SENTRY_TOKEN });
  });
  afterAll(async () => {
    await sentry.stop();
  });

  const sentryEnv = (release: string, extra: Record<string, string> = {}) => ({
    SENTRY_DSN: sentry.dsnFor('1'),
    SENTRY_RELEASE: release,
    SENTRY_ENVIRONMENT: 'production',
    SENTRY_TRACES_SAMPLE_RATE: '1',
    ...extra,
  });

  it('rolls back a release whose p95 transaction duration is over twice the primary\'s, naming the check and both percentiles', async () => {
    const scenario = await scenarios.start({
      namespace: NAMESPACE,
      version: { tag: '1.0.0', env: sentryEnv('podinfo@1.0.0') },
      secrets: { 'sentry-token': { token: SENTRY_TOKEN } },
      canary: quickRollout({
        sentry: { baseUrl: sentry.url, organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry-token', key: 'token' }, container: 'app' },
        analysis: {
          interval: '4s',
          threshold: 1,
          checks: [
            { name: 'success-rate', type: 'successRate', min: 95 },
            { name: 'transaction-p95', type: 'sentryLatency', percentile: 95, maxRatio: 2, minTransactions: 30 },
          ],
        },
      }),
      internalRps: 10,
      customerRps: 30,
      seed: 21,
    });

    // The new release answers every request, none failing, ten times slower (median 200 ms against 20 ms).
    await scenario.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0', { DEMO_LATENCY_MS: '200' }) });
    const done = await scenario.waitForPhase(['Succeeded', 'Failed'], 120_000);

    expect(done.phase).toBe('Failed');
    console.log(`stage ${done.stageName}: ${done.reason}; ${sentry.transactions().length} transactions in Sentry`);
    expect(done.reason).toMatch(/transaction-p95: p95 [\d.]+× the primary's \(limit p95 ≤ 2× primary\) \(canary [\d.]+ ms over \d+ transactions of release podinfo@2\.0\.0, primary [\d.]+ ms over \d+ transactions of release podinfo@1\.0\.0\)/);
    expect(done.reason).not.toContain('success-rate');
    const failing = (await scenario.status())?.checks?.find((c) => c.name === 'transaction-p95');
    expect(failing).toMatchObject({ type: 'sentryLatency', outcome: 'fail', limit: 'p95 ≤ 2× primary' });
    expect(failing?.value).toBeGreaterThan(2);

    // What the SDK sent is what the controller judged: both releases' transactions are in the stand-in.
    const releases = new Set(sentry.transactions().map((t) => t.release));
    expect(releases).toEqual(new Set(['podinfo@1.0.0', 'podinfo@2.0.0']));
    expect(sentry.transactions().every((t) => t.op === 'http.server' && t.environment === 'production')).toBe(true);
    expect(JSON.stringify(await scenario.status())).not.toContain(SENTRY_TOKEN);
  });
});
