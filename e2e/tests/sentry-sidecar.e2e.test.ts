import { jest } from '@jest/globals';
import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import { INTERNAL_MATCH, type AppVersion } from '../scenario/app-objects.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';

jest.setTimeout(300_000);

// A proxy sidecar listed before the app, and no spec.sentry.container: before
// the fix both sides resolved to the sidecar's tag (1.30.1), the check
// compared a release with itself, saw 0 new issues and promoted.
const SENTRY_TOKEN = 'sntryu_SONGBIRD_SIDECAR_TOKEN';
const ENVOY = { name: 'envoy', image: 'registry.local/envoy:1.30.1' };

describe('Sentry checks on a pod template whose first container is a sidecar', () => {
  let world: WorldHandle;
  let sentry: SentryStandIn;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  beforeEach(async () => {
    sentry = await startSentryStandIn({ organization: 'acme', projects: [{ id: '1', slug: 'shop' }], token: SENTRY_TOKEN });
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
    await sentry.stop();
    controller = undefined;
    scenario = undefined;
  });

  const spec = (): Omit<CanarySpecInput, 'targetRef'> =>
    quickRollout({
      sentry: { baseUrl: sentry.url, organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry-token', key: 'token' } },
      stages: { internal: { match: INTERNAL_MATCH, minDuration: '60s', minRequests: 20 }, steps: [{ weight: 50 }] },
      analysis: {
        interval: '4s',
        threshold: 1,
        checks: [
          { name: 'success-rate', type: 'successRate', min: 95 },
          { name: 'new-sentry-issues', type: 'sentryNewIssues', max: 0 },
        ],
      },
    });
  const app = (tag: string, env: Record<string, string>): AppVersion => ({
    tag,
    sidecarFirst: ENVOY,
    env: { SENTRY_DSN: sentry.dsnFor('1'), SENTRY_ENVIRONMENT: 'production', ...env },
  });
  const begin = async (namespace: string, v1: AppVersion) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: v1,
      canary: spec(),
      internalRps: 10,
      customerRps: 30,
      secrets: { 'sentry-token': { token: SENTRY_TOKEN } },
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
    return scenario;
  };

  it('rolls back a new exception when the app container behind the sidecar sets SENTRY_RELEASE', async () => {
    const s = await begin('sentry-sidecar-release', app('1.0.0', { SENTRY_RELEASE: 'podinfo@1.0.0' }));
    await s.ship(app('2.0.0', { SENTRY_RELEASE: 'podinfo@2.0.0', DEMO_INTERNAL_EXCEPTION_RATE: '0.3' }));
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('new-sentry-issues');
    expect(done.reason).toContain('NewCheckoutError');
    expect(done.lastPromotedRevision).not.toBe(done.canaryRevision);
    expect(sentry.issues().find((i) => i.title.startsWith('NewCheckoutError'))?.firstRelease).toBe('podinfo@2.0.0');
    expect(sentry.deploys().some((d) => d.version === 'podinfo@2.0.0' && d.environment === 'canary')).toBe(true);
  });

  it('never promotes and names the containers when no container sets SENTRY_RELEASE and spec.sentry.container is unset', async () => {
    const s = await begin('sentry-sidecar-unnamed', app('1.0.0', {}));
    await s.ship(app('2.0.0', {}));
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('new-sentry-issues');
    expect(done.reason).toContain('envoy, app');
    expect(done.reason).toContain('set spec.sentry.container');
    expect(done.lastPromotedRevision).not.toBe(done.canaryRevision);
    const skipped = (await s.events()).find((e) => e.reason === 'SentryMarkerSkipped');
    expect(skipped?.type).toBe('Warning');
    expect(skipped?.message).toContain('envoy, app');
    expect(sentry.deploys()).toHaveLength(0);
  });
});
