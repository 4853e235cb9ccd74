// The mesh stand-in on the local world: it reads real Services, Deployments
// (made Ready by KWOK) and VirtualServices, routes internal users and
// customers as the VirtualService says, follows changes to it, its Istio
// metrics reach the world's Prometheus, and its versions report to the Sentry
// stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { demoDeployment, demoService, demoVirtualService } from '../mesh/demo-objects.js';
import { startMesh, type KubernetesMesh } from '../mesh/mesh.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import type { VirtualServiceSpec } from '../mesh/virtual-service-spec.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { SHARED_WORLD_FILE_ENV } from '../world/shared-world-record.js';
import { waitUntil } from '../world/wait-until.js';
import { startWorld, type World } from '../world/world.js';

const START_TIMEOUT_MS = 900_000;
const TEST_TIMEOUT_MS = 120_000;
const namespace = `mesh-e2e-${Date.now().toString(36)}`;

function routes(canaryWeight: number): VirtualServiceSpec {
  const to = (host: string, weight: number) => ({ destination: { host, port: { number: 9898 } }, weight });
  return {
    hosts: ['podinfo'],
    http: [
      { name: 'songbird-internal', match: [{ headers: { 'x-songbird-user': { exact: 'internal' } } }], route: [to('podinfo-canary', 100)] },
      { name: 'songbird-default', route: [to('podinfo-primary', 100 - canaryWeight), to('podinfo-canary', canaryWeight)] },
    ],
  };
}

interface PromVector {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function promQuery(prometheusUrl: string, query: string): Promise<PromVector> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return (await response.json()) as PromVector;
}

describe('mesh stand-in on the local world', () => {
  let ownWorld: World | undefined;
  let world: WorldHandle;
  let kubeConfig: KubeConfig;
  let mesh: KubernetesMesh | undefined;
  let sentry: SentryStandIn | undefined;

  beforeAll(async () => {
    if (process.env[SHARED_WORLD_FILE_ENV]) {
      world = await getSharedWorld();
    } else {
      ownWorld = await startWorld({ nodes: 1 });
      world = ownWorld;
    }
    sentry = await startSentryStandIn({ projects: [{ id: '1', slug: 'podinfo' }] });
    const sentryEnv = { SENTRY_DSN: sentry.dsnFor('1'), SENTRY_ENVIRONMENT: 'e2e' };
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const [name, app] of [['podinfo', 'podinfo-primary'], ['podinfo-primary', 'podinfo-primary'], ['podinfo-canary', 'podinfo']] as const) {
      await core.createNamespacedService({ namespace, body: demoService(name, namespace, { app }) });
    }
    await apps.createNamespacedDeployment({
      namespace,
      body: demoDeployment({ name: 'podinfo-primary', namespace, labels: { app: 'podinfo-primary', version: 'v1' }, image: 'ghcr.io/stefanprodan/podinfo:6.0.0', env: { DEMO_LATENCY_MS: '20', ...sentryEnv } }),
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: demoDeployment({ name: 'podinfo', namespace, labels: { app: 'podinfo', version: 'v2' }, image: 'ghcr.io/stefanprodan/podinfo:6.1.0', env: { DEMO_ERROR_RATE: '0.5', DEMO_LATENCY_MS: '200', DEMO_INTERNAL_EXCEPTION_RATE: '0.5', SENTRY_RELEASE: 'podinfo@6.1.0', ...sentryEnv } }),
    });
    await kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', body: demoVirtualService('podinfo', namespace, routes(0)),
    });
    await waitUntil(
      'both Deployments have ready replicas',
      async () => {
        const { items } = await apps.listNamespacedDeployment({ namespace });
        const ready = items.filter((d) => (d.status?.readyReplicas ?? 0) > 0).map((d) => d.metadata?.name);
        return ready.length === 2 ? { ok: true } : { ok: false, reason: `ready: ${ready.join(', ')}` };
      },
      90_000,
      500,
    );
    mesh = await startMesh({ kubeconfigPath: world.kubeconfigPath, namespace, host: 'podinfo', internalRps: 20, customerRps: 40, seed: 7, maxDurationMs: 240_000, pollIntervalMs: 250 });
    await world.setScrapeTargets([mesh.metricsTarget]);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await mesh?.stop();
    await sentry?.stop();
    await world?.setScrapeTargets([]).catch(() => undefined);
    await kubeConfig?.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }).catch(() => undefined);
    await ownWorld?.stop();
  }, TEST_TIMEOUT_MS);

  const waitForRequests = (total: number) =>
    waitUntil(
      `${total} requests`,
      async () => {
        const counts = mesh!.counts().total;
        const sent = counts.internal.requests + counts.customer.requests;
        return sent >= total ? { ok: true } : { ok: false, reason: `${sent} so far` };
      },
      60_000,
      100,
    );

  it('sends internal users to the canary and customers to the primary when the canary weight is 0', async () => {
    mesh!.resetCounts();
    await waitForRequests(150);
    const { workloads } = mesh!.counts();
    expect(workloads['podinfo']?.customer.requests ?? 0).toBe(0);
    expect(workloads['podinfo-primary']?.internal.requests ?? 0).toBe(0);
    expect(workloads['podinfo']?.internal.requests).toBeGreaterThan(20);
    expect(workloads['podinfo']?.internal.errors).toBeGreaterThan(0);
    expect(workloads['podinfo-primary']?.customer.errors).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('splits customers between primary and canary when the VirtualService is changed to 50/50', async () => {
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const coordinates = { group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', name: 'podinfo' };
    const current = (await custom.getNamespacedCustomObject(coordinates)) as { metadata: Record<string, unknown> };
    await custom.replaceNamespacedCustomObject({ ...coordinates, body: { ...demoVirtualService('podinfo', namespace, routes(50)), metadata: current.metadata } });
    await waitUntil('the mesh sees the new routes', async () => {
      const weights = mesh!.view.virtualServices()[0]?.spec.http?.[1]?.route?.map((r) => r.weight);
      return weights?.[1] === 50 ? { ok: true } : { ok: false, reason: JSON.stringify(weights) };
    }, 10_000, 100);
    mesh!.resetCounts();
    await waitForRequests(300);
    const { workloads } = mesh!.counts();
    const canaryShare = (workloads['podinfo']?.customer.requests ?? 0) / ((workloads['podinfo']?.customer.requests ?? 0) + (workloads['podinfo-primary']?.customer.requests ?? 0));
    expect(canaryShare).toBeGreaterThan(0.3);
    expect(canaryShare).toBeLessThan(0.7);
  }, TEST_TIMEOUT_MS);

  it('has Istio request series for both workloads in Prometheus when it scraped the mesh', async () => {
    const selector = `reporter="destination",destination_workload_namespace="${namespace}"`;
    await waitUntil('istio_requests_total in Prometheus', async () => {
      const answer = await promQuery(world.prometheusUrl, `sum by (destination_workload, response_code) (istio_requests_total{${selector}})`);
      const seen = answer.data.result.map((r) => `${r.metric['destination_workload']}:${r.metric['response_code']}`).sort();
      return ['podinfo-primary:200', 'podinfo:200', 'podinfo:500'].every((s) => seen.includes(s)) ? { ok: true } : { ok: false, reason: seen.join(', ') };
    }, 30_000, 500);
    const p50 = await promQuery(
      world.prometheusUrl,
      `histogram_quantile(0.5, sum by (le, destination_workload) (istio_request_duration_milliseconds_bucket{${selector}}))`,
    );
    const medians = Object.fromEntries(p50.data.result.map((r) => [r.metric['destination_workload'], Number(r.value[1])]));
    expect(medians['podinfo']).toBeGreaterThan(medians['podinfo-primary'] ?? Number.POSITIVE_INFINITY);
  }, TEST_TIMEOUT_MS);

  it('reports the canary’s new exception as an issue first seen in its release, and sessions per release, when Sentry is flushed', async () => {
    await mesh!.flushSentry(10_000);
    const newIssue = sentry!.issues().find((issue) => issue.metadata.type === 'NewCheckoutError');
    expect(newIssue).toMatchObject({ firstRelease: 'podinfo@6.1.0', culprit: expect.stringContaining('checkoutWithNewFlow') });
    expect(sentry!.issues().filter((issue) => issue.firstRelease === '6.0.0')).toEqual([]);
    const releases = new Set(sentry!.sessions().map((s) => s.release));
    expect(releases).toEqual(new Set(['podinfo@6.1.0', '6.0.0']));
  }, TEST_TIMEOUT_MS);

  it('answers internal users 503 against podinfo-canary when the canary is scaled to zero', async () => {
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const canary = await apps.readNamespacedDeployment({ name: 'podinfo', namespace });
    await apps.replaceNamespacedDeployment({ name: 'podinfo', namespace, body: { ...canary, spec: { ...canary.spec!, replicas: 0 } } });
    await waitUntil('the mesh sees no ready canary', async () => {
      const ready = mesh!.view.deployments().find((d) => d.metadata?.name === 'podinfo')?.status?.readyReplicas ?? 0;
      return ready === 0 ? { ok: true } : { ok: false, reason: `readyReplicas ${ready}` };
    }, 60_000, 200);
    mesh!.resetCounts();
    await waitForRequests(100);
    const counts = mesh!.counts();
    expect(counts.workloads['podinfo']).toBeUndefined();
    expect(counts.services['podinfo-canary']?.internal.requests).toBeGreaterThan(0);
    expect(counts.services['podinfo-canary']?.internal.errors).toBe(counts.services['podinfo-canary']?.internal.requests);
  }, TEST_TIMEOUT_MS);
});
