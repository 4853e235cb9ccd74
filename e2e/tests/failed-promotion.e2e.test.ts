import { jest } from '@jest/globals';
import { saveLog } from '../scenario/cluster-log-dump.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { clusterWorkloads } from '../scenario/cluster-workloads.js';
import { createPodQuota } from '../scenario/cluster-pod-quota.js';
import { clusterVirtualServices, weightsTo } from '../scenario/cluster-virtual-services.js';
import { eventually } from '../scenario/cluster-sampler.js';

jest.setTimeout(300_000);

// Issue 9, "A promotion that cannot complete is 'rolled back' onto the failed
// revision": with a pod quota the new primary cannot fit, the rollout must end
// with the primary back on the last promoted template, and say so.
describe('a promotion that cannot complete', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    if (controller) saveLog(expect.getState().currentTestName ?? 'test', controller.logLines());
    await controller?.stop();
    await scenario?.stop();
    controller = undefined;
    scenario = undefined;
  });

  it('reverts the primary to the last promoted revision when the new primary cannot fit in the pod quota, and the status says so', async () => {
    const namespace = 'failed-promotion';
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      // One short weighted step: the test is about the promotion, not the analysis.
      canary: quickRollout({
        stages: { internal: { match: INTERNAL_MATCH, minDuration: '6s', minRequests: 10 }, steps: [{ weight: 50 }] },
        progressDeadlineSeconds: 25,
      }),
      internalRps: 10,
      customerRps: 30,
    });
    const s = scenario;
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    const initialized = await s.waitForPhase(['Initialized'], 60_000);
    const promoted = initialized.lastPromotedRevision!;
    const workloads = clusterWorkloads(world.kubeconfigPath, namespace);
    await eventually('the target scaled to zero', async () => ((await workloads.deployment('podinfo')).availableReplicas === 0 ? true : undefined), 30_000);

    // 2 primary pods + 2 canary pods fit; the primary's rolling update needs a 5th (maxSurge 25 % of 2 rounds up to 1).
    const quota = await createPodQuota(world.kubeconfigPath, namespace, 'pods', 4);
    await eventually('the quota to count only the 2 primary pods', async () => ((await quota.used()) === 2 ? true : undefined), 30_000, async () => `used ${await quota.used()}`);

    await s.ship({ tag: '2.0.0' });
    const promoting = await s.waitForPhase(['Promoting', 'Failed', 'Succeeded'], 150_000);
    expect(promoting.phase).toBe('Promoting');
    const failed = promoting.canaryRevision!;
    expect(failed).not.toBe(promoted);

    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toMatch(/revert/i);
    expect(done.lastPromotedRevision).toBe(promoted);
    expect(done.failedRevision).toBe(failed);
    expect(done.canaryWeight).toBe(0);
    expect(done.internalToCanary).toBe(false);

    // Once the canary is gone (which frees the quota), the primary must not finish rolling out the failed template.
    await eventually('the canary scaled down', async () => ((await workloads.deployment('podinfo')).availableReplicas === 0 ? true : undefined), 30_000);
    const primary = await eventually(
      'the primary available on the last promoted revision',
      async () => {
        const d = await workloads.deployment('podinfo-primary');
        return d.available && d.revision === promoted ? d : undefined;
      },
      60_000,
      async () => JSON.stringify(await workloads.deployment('podinfo-primary')),
    );
    await new Promise((r) => setTimeout(r, 5_000));
    const settled = await workloads.deployment('podinfo-primary');
    expect(settled.revision).toBe(promoted);
    expect(settled.image).toBe('registry.local/podinfo:1.0.0');
    expect(settled.available).toBe(true);
    expect(settled.replicas).toBe(primary.replicas);

    const vs = await clusterVirtualServices(world.kubeconfigPath, namespace).read('podinfo');
    expect(weightsTo(vs, 'podinfo-primary')).toEqual({ customers: 100, matched: 0 });
    s.mesh.resetCounts();
    await new Promise((r) => setTimeout(r, 3_000));
    const counts = s.mesh.counts();
    const served = counts.total.customer.requests + counts.total.internal.requests;
    expect(served).toBeGreaterThan(30);
    expect(counts.workloads['podinfo-primary']?.customer.requests).toBe(counts.total.customer.requests);
    expect(counts.workloads['podinfo-primary']?.internal.requests).toBe(counts.total.internal.requests);
    expect(counts.total.customer.errors + counts.total.internal.errors).toBe(0);

    // The status still matches the cluster a while later: idle, the primary on what it names.
    const later = await s.status();
    expect(later.phase).toBe('Failed');
    expect(later.lastPromotedRevision).toBe((await workloads.deployment('podinfo-primary')).revision);
  });
});
