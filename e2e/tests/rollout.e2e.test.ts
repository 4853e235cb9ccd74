import { jest } from '@jest/globals';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';

jest.setTimeout(300_000);


describe('a whole rollout on the local world', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest;
  let scenario: Scenario;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
  });

  const start = async (namespace: string, overrides = {}) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout(overrides),
      internalRps: 10,
      customerRps: 30,
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
  };

  it('promotes a healthy version after the internal stage and every weighted step', async () => {
    // A longer internal stage, so the counting window below surely falls inside it.
    await start('healthy', { stages: { internal: { match: INTERNAL_MATCH, minDuration: '14s', minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] } });
    await scenario.ship({ tag: '2.0.0' });
    await scenario.waitFor('the internal stage', (s) => s.phase === 'Progressing' && s.stageName === 'internal', 60_000);
    // Give the mesh a moment to see the new routes, then count only what the internal stage served.
    await new Promise((r) => setTimeout(r, 1_500));
    scenario.mesh.resetCounts();
    await new Promise((r) => setTimeout(r, 4_000));
    const during = scenario.mesh.counts();
    const inInternalStage = await scenario.status();
    expect(inInternalStage.stageName).toBe('internal');
    expect(during.workloads['podinfo']?.customer.requests ?? 0).toBe(0);
    expect(during.workloads['podinfo-primary']?.internal.requests ?? 0).toBe(0);
    expect(during.workloads['podinfo']?.internal.requests).toBe(during.total.internal.requests);
    expect(during.total.internal.requests).toBeGreaterThan(10);

    const done = await scenario.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    expect(done.lastPromotedRevision).toBe(done.canaryRevision);
    expect(done.conditions?.find((c) => c.type === 'Promoted')?.status).toBe('True');
    const vs = (await scenario.virtualService()) as { spec: { http: Array<{ name: string; route: Array<{ destination: { host: string }; weight?: number }> }> } };
    expect(vs.spec.http.map((r) => r.name)).toEqual(['songbird-default']);
    expect(vs.spec.http[0]!.route.find((d) => d.destination.host === 'podinfo-primary')?.weight).toBe(100);
    const reasons = (await scenario.events()).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Initialized', 'Waiting', 'Progressing', 'Promoting', 'Finalising', 'Succeeded']));
  });

  it.each([
    ['an error-rate fault', { DEMO_ERROR_RATE: '0.3' }, 'success-rate'],
    ['a latency fault', { DEMO_LATENCY_MS: '1500' }, 'latency'],
  ])('rolls back %s, naming the check, its value and limit', async (_what, env, check) => {
    await start(check === 'latency' ? 'slow' : 'broken');
    await scenario.ship({ tag: '2.0.0', env });
    const done = await scenario.waitForPhase(['Succeeded', 'Failed'], 120_000);
    if (!done.reason?.includes(check)) console.log(JSON.stringify(done, null, 1));
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain(check);
    expect(done.reason).toMatch(/limit/);
    expect(done.canaryWeight).toBe(0);
    expect(done.internalToCanary).toBe(false);
    const vs = (await scenario.virtualService()) as { spec: { http: Array<{ name: string }> } };
    expect(vs.spec.http.map((r) => r.name)).toEqual(['songbird-default']);
  });
});
