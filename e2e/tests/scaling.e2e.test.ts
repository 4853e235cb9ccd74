import { jest } from '@jest/globals';
import { saveLog } from '../scenario/cluster-log-dump.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { clusterWorkloads, type ClusterWorkloads } from '../scenario/cluster-workloads.js';
import { clusterAutoscalers } from '../scenario/cluster-autoscaler.js';
import { eventually, startSampler } from '../scenario/cluster-sampler.js';

jest.setTimeout(300_000);

// Issue 9, "Scaling is frozen at creation": the target's replicas from Git
// must reach the primary (and the canary during a rollout), and an HPA on the
// target must get an equivalent one on the primary instead of being fought.
describe('scaling that follows Git and the HPA', () => {
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

  const begin = async (namespace: string, canary = quickRollout({ progressDeadlineSeconds: 40 })) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary,
      internalRps: 10,
      customerRps: 30,
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
    const workloads = clusterWorkloads(world.kubeconfigPath, namespace);
    // The target keeps its pods until the routes have led to the primary for the drain (one interval).
    await eventually('the target scaled to zero after the drain', async () => ((await workloads.deployment('podinfo')).replicas === 0 ? true : undefined), 30_000);
    return { s: scenario, workloads };
  };
  const replicasOf = async (workloads: ClusterWorkloads) => ({
    primary: (await workloads.deployment('podinfo-primary')).replicas,
    target: (await workloads.deployment('podinfo')).replicas,
  });
  const describeReplicas = (workloads: ClusterWorkloads, s: Scenario) => async () =>
    JSON.stringify({ ...(await replicasOf(workloads)), status: await s.status().then((st) => ({ phase: st.phase, replicas: st.replicas, reason: st.reason, ready: st.conditions?.find((c) => c.type === 'Ready') })) });

  it('scales the primary to the replicas Git sets on the target while idle, and keeps the target at zero', async () => {
    const { s, workloads } = await begin('scale-idle');
    expect(await replicasOf(workloads)).toEqual({ primary: 2, target: 0 });
    // Let the reconciles that followed Initialized finish: one in flight that read the target before
    // this write would scale it back to 0 blindly (scaleDeployment has no precondition) and lose it.
    await new Promise((r) => setTimeout(r, 3_000));
    s.mesh.resetCounts();
    await workloads.setReplicasAsGit('podinfo', 4);
    await eventually(
      'the primary at 4 replicas and the target back at 0',
      async () => {
        const now = await replicasOf(workloads);
        const replicas = (await s.status()).replicas;
        return now.primary === 4 && now.target === 0 && replicas === 4 && (await workloads.deployment('podinfo-primary')).available ? now : undefined;
      },
      45_000,
      describeReplicas(workloads, s),
    );
    // It stays that way: Songbird does not later force the primary back to the replicas it started with.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await replicasOf(workloads)).toEqual({ primary: 4, target: 0 });
    const counts = s.mesh.counts();
    expect(counts.total.customer.requests).toBeGreaterThan(50);
    expect(counts.total.customer.errors + counts.total.internal.errors).toBe(0);
  });

  it('scales the primary and the canary to the replicas Git sets mid-rollout, and promotes with them', async () => {
    const { s, workloads } = await begin('scale-mid-rollout');
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    expect(await replicasOf(workloads)).toEqual({ primary: 2, target: 2 });
    await workloads.setReplicasAsGit('podinfo', 4);
    const mid = await eventually(
      'primary and canary at 4 replicas mid-rollout',
      async () => {
        const now = await replicasOf(workloads);
        const st = await s.status();
        return now.primary === 4 && now.target === 4 && st.replicas === 4 ? { ...now, phase: st.phase } : undefined;
      },
      45_000,
      describeReplicas(workloads, s),
    );
    expect(mid.phase).toBe('Progressing');
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    expect(done.replicas).toBe(4);
    const primary = await eventually('the promoted primary available', async () => {
      const d = await workloads.deployment('podinfo-primary');
      return d.available ? d : undefined;
    }, 30_000);
    expect(primary.replicas).toBe(4);
    expect(primary.image).toBe('registry.local/podinfo:2.0.0');
    expect((await workloads.deployment('podinfo')).replicas).toBe(0);
  });

  it('gives the primary an HPA like the target\'s, leaves the target\'s HPA alone mid-rollout, and never scales the primary below its minimum', async () => {
    // A long internal stage, so the HPA's changes (every 15 s) and the hold that follows fall inside the rollout.
    const { s, workloads } = await begin('scale-hpa', quickRollout({
      stages: { internal: { match: INTERNAL_MATCH, minDuration: '50s', minRequests: 20 }, steps: [{ weight: 50 }] },
      progressDeadlineSeconds: 60,
    }));
    const hpas = clusterAutoscalers(world.kubeconfigPath, 'scale-hpa');
    await hpas.create('podinfo', 'podinfo', 3, 5);
    const primaryHpa = await eventually('the HPA podinfo-primary', () => hpas.read('podinfo-primary'), 30_000);
    expect(primaryHpa).toMatchObject({ minReplicas: 3, maxReplicas: 5, target: 'podinfo-primary' });
    expect(primaryHpa.ownerKinds).toEqual(['Canary']);
    // The HPA controller (every 15 s) clamps the primary into [3, 5]; the target stays at 0 (its HPA leaves 0 alone).
    await eventually('the primary scaled to 3 by its HPA', async () => ((await replicasOf(workloads)).primary >= 3 ? true : undefined), 60_000, describeReplicas(workloads, s));
    expect((await replicasOf(workloads)).target).toBe(0);

    const primaryReplicas = startSampler(async () => (await workloads.deployment('podinfo-primary')).replicas, 150);
    try {
      await s.ship({ tag: '2.0.0' });
      await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 90_000);
      await eventually('the canary at its HPA minimum of 3', async () => ((await replicasOf(workloads)).target >= 3 ? true : undefined), 30_000, describeReplicas(workloads, s));
      // The user raises the minimum mid-rollout: the HPA controller scales the canary, and Songbird must not scale it back.
      await hpas.setMinReplicas('podinfo', 4);
      await eventually('the target\'s HPA scaling the canary to 4', async () => ((await replicasOf(workloads)).target === 4 ? true : undefined), 40_000, describeReplicas(workloads, s));
      const canaryReplicas = startSampler(async () => ({ replicas: (await workloads.deployment('podinfo')).replicas, phase: (await s.status()).phase }), 100);
      await new Promise((r) => setTimeout(r, 6_000));
      await canaryReplicas.stop();
      expect(canaryReplicas.samples.length).toBeGreaterThan(20);
      expect([...new Set(canaryReplicas.samples.map((x) => x.value.phase))]).toEqual(['Progressing']);
      expect([...new Set(canaryReplicas.samples.map((x) => x.value.replicas))]).toEqual([4]);

      const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
      expect(done.phase).toBe('Succeeded');
    } finally {
      await primaryReplicas.stop();
    }
    expect(Math.min(...primaryReplicas.samples.map((x) => x.value))).toBeGreaterThanOrEqual(3);
    // The primary's HPA follows the target's once the rollout is over.
    await eventually('the HPA podinfo-primary with the new minimum of 4', async () => ((await hpas.read('podinfo-primary'))?.minReplicas === 4 ? true : undefined), 20_000,
      async () => JSON.stringify(await hpas.read('podinfo-primary')));
    expect(await hpas.read('podinfo-primary')).toMatchObject({ minReplicas: 4, maxReplicas: 5, target: 'podinfo-primary' });
    expect(await hpas.read('podinfo')).toMatchObject({ minReplicas: 4, target: 'podinfo' });
  });
});
