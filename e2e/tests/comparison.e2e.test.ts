import { jest } from '@jest/globals';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';

jest.setTimeout(360_000);

/** Only the anytime-valid comparison decides here; the threshold checks are loose on purpose. */
const comparisonOnly = (internalMinDuration: string, minRequests: number, progressDeadlineSeconds = 90) =>
  quickRollout({
    stages: { internal: { match: INTERNAL_MATCH, minDuration: internalMinDuration, minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] },
    analysis: {
      interval: '4s',
      threshold: 1,
      checks: [
        { name: 'errors-vs-primary', type: 'comparison', metric: 'errors', tolerance: 1.2, alpha: 0.01, minRequests },
        { name: 'success-rate', type: 'successRate', min: 50 },
      ],
    },
    progressDeadlineSeconds,
  });

describe('canary against primary, decided by the comparison', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
    controller = undefined;
    scenario = undefined;
  });

  const begin = async (namespace: string, spec: ReturnType<typeof quickRollout>, internalRps: number, customerRps: number) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0', env: { DEMO_ERROR_RATE: '0.02' } },
      canary: spec,
      internalRps,
      customerRps,
      seed: 11,
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
    return scenario;
  };

  it('rolls back a canary with five times the primary error rate during the internal stage', async () => {
    const s = await begin('comparison-5x', comparisonOnly('90s', 100), 20, 40);
    s.mesh.resetCounts();
    await s.ship({ tag: '2.0.0', env: { DEMO_ERROR_RATE: '0.10' } });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    expect(done.phase).toBe('Failed');
    expect(done.stageName).toBe('internal');
    expect(done.reason).toContain('errors-vs-primary');
    expect(done.reason).toMatch(/canary errors: [\d.]+× primary/);
    expect(s.mesh.counts().workloads['podinfo']?.customer.requests ?? 0).toBe(0);
  });

  it('promotes a healthy canary with noisy, low traffic instead of rolling it back', async () => {
    // Low traffic means noisy estimates that may hold a stage for a while: a longer deadline.
    const s = await begin('comparison-noisy', comparisonOnly('8s', 30, 150), 3, 12);
    await s.ship({ tag: '2.0.0', env: { DEMO_ERROR_RATE: '0.02' } });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 270_000);
    expect(done.phase).toBe('Succeeded');
  });
});
