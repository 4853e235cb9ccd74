import { jest } from '@jest/globals';
import type { KubernetesObject, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { waitUntil } from '../world/wait-until.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { describeFailures, failedRequests } from '../scenario/failed-requests.js';
import { recordStatuses } from '../scenario/status-recorder.js';
import type { MeshCounts } from '../mesh/traffic-counts.js';

jest.setTimeout(300_000);

const INTERVAL_MS = 4_000; // quickRollout's analysis.interval
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Failed requests with where they went, so a failing assertion prints the reason. */
const failures = (counts: MeshCounts) => ({ failed: failedRequests(counts), where: describeFailures(counts) });
const NONE_FAILED = { failed: 0, where: 'no failed requests' };
const samePorts = (ports: V1ServicePort[] | undefined) => (ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: String(p.targetPort), protocol: p.protocol ?? 'TCP' }));

describe('a Canary across its whole lifecycle on the local world', () => {
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

  const begin = async (namespace: string, extra: { objectsBeforeCanary?: KubernetesObject[]; deferCanary?: boolean } = {}) => {
    const s = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout(),
      internalRps: 10,
      customerRps: 30,
      ...extra,
    });
    scenario = s;
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    return s;
  };

  /** Waits until the Canary is gone (its finalizer removed) and garbage collection removed what Songbird generated. */
  const waitForRemoval = async (s: Scenario) => {
    await waitUntil(
      'the Canary to be gone',
      async () => {
        const canary = await s.canary();
        return canary ? { ok: false, reason: `still there: deletionTimestamp ${canary.metadata.deletionTimestamp}, finalizers ${JSON.stringify(canary.metadata.finalizers)}` } : { ok: true };
      },
      120_000,
    );
    await waitUntil(
      'garbage collection of podinfo-primary (Deployment and Service), podinfo-canary, podinfo-internal and the mesh VirtualService',
      async () => {
        const left = [
          (await s.deployment('podinfo-primary')) && 'Deployment podinfo-primary',
          (await s.service('podinfo-primary')) && 'Service podinfo-primary',
          (await s.service('podinfo-canary')) && 'Service podinfo-canary',
          (await s.service('podinfo-internal')) && 'Service podinfo-internal',
          (await s.virtualServiceNamed('podinfo')) && 'VirtualService podinfo',
        ].filter(Boolean);
        return left.length === 0 ? { ok: true } : { ok: false, reason: `still there: ${left.join(', ')}` };
      },
      30_000,
    );
  };

  it('hands the service back to the target with no failed request when a promoted Canary is deleted', async () => {
    const s = await begin('delete-promoted');
    await s.waitForPhase(['Initialized'], 60_000);
    await s.ship({ tag: '2.0.0' });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    const primaryReplicas = (await s.deployment('podinfo-primary'))!.spec!.replicas!;

    s.mesh.resetCounts();
    await s.deleteCanary();
    await waitForRemoval(s);
    const during = s.mesh.counts();
    expect(failures(during)).toEqual(NONE_FAILED);

    s.mesh.resetCounts();
    await sleep(5_000);
    const after = s.mesh.counts();
    expect(failures(after)).toEqual(NONE_FAILED);
    const total = after.total.internal.requests + after.total.customer.requests;
    expect(total).toBeGreaterThan(50);
    const byTarget = (after.workloads['podinfo']?.internal.requests ?? 0) + (after.workloads['podinfo']?.customer.requests ?? 0);
    expect(byTarget).toBe(total);

    const target = (await s.deployment('podinfo'))!;
    expect(target.spec?.replicas).toBe(primaryReplicas);
    expect(target.status?.availableReplicas).toBe(primaryReplicas);
    expect(target.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
    const apex = (await s.service('podinfo'))!;
    expect(apex.spec?.selector).toEqual(target.spec?.selector?.matchLabels);
    expect(apex.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('adopts the Service GitOps shipped with no failed request, and hands it back as it was on deletion', async () => {
    const shipped: V1Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'podinfo', labels: { app: 'podinfo', 'app.kubernetes.io/part-of': 'shop' } },
      spec: { type: 'ClusterIP', selector: { app: 'podinfo' }, ports: [{ name: 'http', protocol: 'TCP', port: 9898, targetPort: 9898 }] },
    };
    const s = await begin('adopt-service', { objectsBeforeCanary: [shipped as KubernetesObject], deferCanary: true });
    await waitUntil(
      'traffic through the shipped Service',
      async () => {
        const served = s.mesh.counts().workloads['podinfo']?.customer.requests ?? 0;
        return served > 20 ? { ok: true } : { ok: false, reason: `${served} customer requests served by podinfo; ${describeFailures(s.mesh.counts())}` };
      },
      30_000,
    );
    const original = (await s.service('podinfo'))!;

    s.mesh.resetCounts();
    await s.createCanary();
    await s.waitForPhase(['Initialized'], 60_000);
    await sleep(INTERVAL_MS);
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);
    const adopted = (await s.service('podinfo'))!;
    const canary = (await s.canary())!;
    expect(adopted.metadata?.annotations?.['songbird.dev/adopted-by']).toBe(canary.metadata.uid);
    expect(adopted.metadata?.ownerReferences ?? []).toEqual([]);
    expect(adopted.spec?.selector).toEqual({ app: 'podinfo-primary' });
    expect(samePorts(adopted.spec?.ports)).toEqual(samePorts(original.spec?.ports));
    expect(s.mesh.counts().workloads['podinfo-primary']?.customer.requests ?? 0).toBeGreaterThan(0);

    s.mesh.resetCounts();
    await s.deleteCanary();
    await waitForRemoval(s);
    await sleep(3_000);
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);
    const handedBack = (await s.service('podinfo'))!;
    expect(handedBack.metadata?.uid).toBe(original.metadata?.uid);
    expect(handedBack.spec?.selector).toEqual(original.spec?.selector);
    expect(samePorts(handedBack.spec?.ports)).toEqual(samePorts(original.spec?.ports));
    expect(handedBack.metadata?.labels).toEqual(original.metadata?.labels);
    expect(Object.keys(handedBack.metadata?.annotations ?? {}).filter((k) => k.startsWith('songbird.dev/'))).toEqual([]);
    expect(handedBack.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('sends all traffic to the primary within one interval and fails the rollout naming the target when the target is deleted at weight 50', async () => {
    const s = await begin('target-deleted');
    await s.waitForPhase(['Initialized'], 60_000);
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('weight 50', (st) => st.phase === 'Progressing' && st.canaryWeight === 50, 120_000);
    await s.deleteTarget();
    await sleep(INTERVAL_MS);
    s.mesh.resetCounts();
    await sleep(2 * INTERVAL_MS);
    const after = s.mesh.counts();
    if (failedRequests(after) > 0) console.log(`status: ${JSON.stringify(await s.status())}\ncontroller log since the deletion:\n${controller!.logLines().slice(-25).join('\n')}`);
    expect(failures(after)).toEqual(NONE_FAILED);
    const total = after.total.internal.requests + after.total.customer.requests;
    const byPrimary = (after.workloads['podinfo-primary']?.internal.requests ?? 0) + (after.workloads['podinfo-primary']?.customer.requests ?? 0);
    expect(byPrimary).toBe(total);

    const done = await s.waitForPhase(['Failed', 'Succeeded'], 30_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toMatch(/podinfo(?![-\w])/);
    const vs = (await s.virtualService()) as { spec: { http: Array<{ route: Array<{ destination: { host: string }; weight?: number }> }> } };
    const serving = vs.spec.http.flatMap((r) => r.route.filter((d) => (d.weight ?? 100) > 0).map((d) => d.destination.host));
    expect([...new Set(serving)]).toEqual(['podinfo-primary']);
  });

  it('freezes routes and replicas while suspended mid-rollout, and carries on from the same stage once unsuspended', async () => {
    const s = await begin('suspended');
    await s.waitForPhase(['Initialized'], 60_000);
    const statuses = recordStatuses(s.status);
    await s.ship({ tag: '2.0.0' });
    const before = await s.waitFor('the first weighted step', (st) => st.phase === 'Progressing' && st.stageIndex === 1, 120_000);
    await s.patchCanary({ spec: { suspend: true } });
    await sleep(1_000); // a reconcile already under way may finish its writes
    s.mesh.resetCounts();
    const frozen = {
      routes: JSON.stringify(((await s.virtualService()) as { spec: unknown }).spec),
      target: (await s.deployment('podinfo'))?.spec?.replicas,
      primary: (await s.deployment('podinfo-primary'))?.spec?.replicas,
      stage: (await s.status()).stageIndex,
    };
    for (let i = 0; i < 4; i++) {
      await sleep(INTERVAL_MS);
      const now = {
        routes: JSON.stringify(((await s.virtualService()) as { spec: unknown }).spec),
        target: (await s.deployment('podinfo'))?.spec?.replicas,
        primary: (await s.deployment('podinfo-primary'))?.spec?.replicas,
        stage: (await s.status()).stageIndex,
      };
      expect(now).toEqual(frozen);
    }
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);

    await s.patchCanary({ spec: { suspend: false } });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    await statuses.stop();
    expect(done.phase).toBe('Succeeded');
    expect(done.rolloutStartedAt).toBe(before.rolloutStartedAt);
    const stages = statuses.seen.filter((e) => e.phase === 'Progressing').map((e) => e.stageIndex);
    expect([...new Set(stages)]).toEqual([0, 1, 2]);
  });

  it('still hands the service back with no failed request when a suspended Canary is deleted mid-rollout', async () => {
    const s = await begin('suspended-deleted');
    await s.waitForPhase(['Initialized'], 60_000);
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('the first weighted step', (st) => st.phase === 'Progressing' && st.stageIndex === 1, 120_000);
    await s.patchCanary({ spec: { suspend: true } });
    await sleep(1_000);
    s.mesh.resetCounts();
    await s.deleteCanary();
    await waitForRemoval(s);
    await sleep(3_000);
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);
    const target = (await s.deployment('podinfo'))!;
    expect(target.status?.availableReplicas).toBe(target.spec?.replicas);
    expect(target.spec?.replicas).toBeGreaterThan(0);
    expect((await s.service('podinfo'))?.spec?.selector).toEqual(target.spec?.selector?.matchLabels);
  });
});
