import { jest } from '@jest/globals';
import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';

jest.setTimeout(300_000);

async function eventually<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Recognisable secrets: none of them may show up in a log line, an Event, the status or Slack text.
// A user auth token: Sentry's organization auth tokens (sntrys_) carry only org:ci and cannot read issues or events.
const SENTRY_TOKEN = 'sntryu_SONGBIRD_SECRET_TOKEN_6f1d2c';
const SLACK_SECRET = 'SONGBIRD_SECRET_WEBHOOK_9a8b7c';

describe('Sentry decides and Slack hears about it', () => {
  let world: WorldHandle;
  let sentry: SentryStandIn;
  let slack: SlackStandIn;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  beforeEach(async () => {
    sentry = await startSentryStandIn({ organization: 'acme', projects: [{ id: '1', slug: 'shop' }], token: SENTRY_TOKEN });
    slack = await startSlackStandIn({ secret: SLACK_SECRET });
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
    await sentry.stop();
    await slack.stop();
    controller = undefined;
    scenario = undefined;
  });

  const sentryEnv = (release: string, extra: Record<string, string> = {}) => ({
    SENTRY_DSN: sentry.dsnFor('1'),
    SENTRY_RELEASE: release,
    SENTRY_ENVIRONMENT: 'production',
    ...extra,
  });
  const canary = (overrides: Partial<Omit<CanarySpecInput, 'targetRef'>> = {}) =>
    quickRollout({
      sentry: { baseUrl: sentry.url, organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry-token', key: 'token' }, container: 'app' },
      notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } },
      ...overrides,
    });
  const begin = async (namespace: string, v1Env: Record<string, string>, spec = canary()) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0', env: v1Env },
      canary: spec,
      internalRps: 10,
      customerRps: 30,
      secrets: { 'sentry-token': { token: SENTRY_TOKEN }, 'slack-webhook': { url: slack.webhookUrl() } },
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
    return scenario;
  };
  const withSentryChecks = (internalMinDuration = '8s') =>
    canary({
      stages: { internal: { match: quickRollout().stages!.internal!.match, minDuration: internalMinDuration, minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] },
      analysis: {
        interval: '4s',
        threshold: 1,
        checks: [
          { name: 'success-rate', type: 'successRate', min: 95 },
          { name: 'new-sentry-issues', type: 'sentryNewIssues', max: 0 },
        ],
      },
    });

  const expectNoSecrets = async (s: Scenario) => {
    const events = JSON.stringify(await s.events());
    const status = JSON.stringify(await s.status());
    const logs = controller!.logLines().join('\n');
    const messages = JSON.stringify(slack.messages().map((m) => m.body));
    for (const secret of [SENTRY_TOKEN, SLACK_SECRET]) {
      for (const [where, text] of Object.entries({ events, status, logs, messages })) {
        if (text.includes(secret)) throw new Error(`secret found in ${where}`);
      }
    }
    expect(logs.length).toBeGreaterThan(1000);
  };

  it('rolls back a new exception during the internal stage, before any customer request reaches it, and Slack says which issue', async () => {
    const s = await begin('sentry-new-issue', sentryEnv('podinfo@1.0.0'), withSentryChecks('60s'));
    s.mesh.resetCounts();
    await s.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0', { DEMO_INTERNAL_EXCEPTION_RATE: '0.3' }) });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.stageName).toBe('internal');
    expect(done.reason).toContain('new-sentry-issues');
    expect(done.reason).toContain('NewCheckoutError');
    expect(s.mesh.counts().workloads['podinfo']?.customer.requests ?? 0).toBe(0);

    const firstException = Math.min(...sentry.events().filter((e) => e.release === 'podinfo@2.0.0' && e.exceptionType === 'NewCheckoutError').map((e) => Date.parse(e.timestamp)));
    const rolledBackAt = Date.parse(done.lastTransitionTime!);
    console.log(`first exception → rollback: ${((rolledBackAt - firstException) / 1000).toFixed(1)} s; customer requests to the bad version: ${s.mesh.counts().workloads['podinfo']?.customer.requests ?? 0}`);

    const rollback = await eventually(() => slack.messages().find((m) => /rolled back/i.test(m.body.text)), 10_000);
    expect(rollback).toBeDefined();
    const issue = sentry.issues().find((i) => i.title.startsWith('NewCheckoutError'))!;
    const text = JSON.stringify(rollback!.body);
    expect(text).toContain('NewCheckoutError');
    expect(text).toContain(`/issues/${issue.id}/`);
    expect(sentry.deploys().some((d) => d.version === 'podinfo@2.0.0' && d.environment === 'canary')).toBe(true);
    await expectNoSecrets(s);
  });

  it('promotes a healthy version although an old, unrelated issue keeps happening', async () => {
    const oldIssue = { DEMO_INTERNAL_EXCEPTION_RATE: '0.1' };
    const s = await begin('sentry-old-issue', sentryEnv('podinfo@1.0.0', oldIssue), withSentryChecks());
    // 1.0.0's error must be in Sentry before 2.0.0 ships; otherwise it is first seen in 2.0.0 and rightly counts as new.
    const baseline = await eventually(() => sentry.issues().find((i) => i.title.startsWith('NewCheckoutError') && i.firstRelease === 'podinfo@1.0.0'), 30_000);
    expect(baseline).toBeDefined();
    await s.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0', oldIssue) });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    expect(done.phase).toBe('Succeeded');
    expect(sentry.issues().find((i) => i.title.startsWith('NewCheckoutError'))?.firstRelease).toBe('podinfo@1.0.0');
    expect(sentry.deploys().some((d) => d.version === 'podinfo@2.0.0' && d.environment === 'production')).toBe(true);
    // Started, two stages advanced, promoted: sent after the status that records them, so wait for all four.
    await slack.waitForMessages(4, 10_000);
    const headlines = slack.messages().map((m) => m.body.text.split('\n')[1] ?? m.body.text);
    expect(headlines).toEqual([
      expect.stringMatching(/Rollout started/),
      expect.stringMatching(/Stage weight-25/),
      expect.stringMatching(/Stage weight-50/),
      expect.stringMatching(/Promoted/),
    ]);
  });

  it('stops the rollout with an actionable reason when Sentry rejects the token, and never promotes', async () => {
    const s = await begin('sentry-401', sentryEnv('podinfo@1.0.0'), withSentryChecks());
    sentry.faults.set({ status: 401 });
    await s.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0') });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toMatch(/401/);
    expect(done.reason).toContain('sentry-token');
    expect(done.lastPromotedRevision).not.toBe(done.canaryRevision);
    await expectNoSecrets(s);
  });

  it('promotes on time while Slack is down, and records that Slack failed', async () => {
    slack.failWith(500, 10_000);
    const s = await begin('slack-down', sentryEnv('podinfo@1.0.0'), quickRollout({ notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } } }));
    const started = Date.now();
    await s.ship({ tag: '2.0.0' });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    const seconds = (Date.now() - started) / 1000;
    expect(done.phase).toBe('Succeeded');
    // 3 stages of at least 8 s, 4 s and 4 s; Slack's retries (up to 6 s each) must not add to it.
    expect(seconds).toBeLessThan(40);
    const events = await s.events();
    expect(events.some((e) => e.reason === 'NotificationFailed' && (e.message ?? '').includes('not sent to slack'))).toBe(true);
    expect(slack.messages()).toHaveLength(0);
  });
});
