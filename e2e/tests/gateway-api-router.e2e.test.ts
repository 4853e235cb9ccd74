import { jest } from '@jest/globals';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import type { Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { describeFailures, failedRequests } from '../scenario/failed-requests.js';
import type { MeshCounts } from '../mesh/traffic-counts.js';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { gatewayApiRouter } from '../../controller/adapters/gateway-api/gateway-api-router.js';
import { parseCanarySpec } from '../../controller/schema/canary.js';

jest.setTimeout(300_000);

const failures = (counts: MeshCounts) => ({ failed: failedRequests(counts), where: describeFailures(counts) });
const NONE_FAILED = { failed: 0, where: 'no failed requests' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StoredHttpRoute {
  spec: { parentRefs: Array<{ kind: string; name: string }>; rules: Array<{ matches: Array<{ headers?: Array<{ name: string }> }>; backendRefs: Array<{ name: string; weight: number }> }> };
}

describe('a Canary on the Gateway API router (HTTPRoute, CRDs v1.6.3 validating in the apiserver)', () => {
  const scenarios = scenarioPerTest();

  const begin = async (namespace: string): Promise<Scenario> => {
    const s = await scenarios.start({ namespace, version: { tag: '1.0.0' }, canary: quickRollout({ router: { kind: 'gatewayApi' } }), internalRps: 10, customerRps: 30 });
    // The mesh polls every 500 ms: let it see the HTTPRoute written at initialisation before counting.
    await sleep(1_500);
    s.mesh.resetCounts();
    return s;
  };

  const httpRoute = async (s: Scenario): Promise<StoredHttpRoute> =>
    (await s.kube.custom.getNamespacedCustomObject({ group: 'gateway.networking.k8s.io', version: 'v1', namespace: s.namespace, plural: 'httproutes', name: 'podinfo' })) as StoredHttpRoute;
  const virtualServices = async (s: Scenario): Promise<unknown[]> =>
    ((await s.kube.custom.listNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace: s.namespace, plural: 'virtualservices' })) as { items: unknown[] }).items;
  const weights = (route: StoredHttpRoute): string[] => route.spec.rules.map((rule) => rule.backendRefs.map((b) => `${b.name}=${b.weight}`).join(','));

  it('promotes a healthy version through the internal stage (header and cookie matches) and every weight, with no failed request', async () => {
    const s = await begin('gateway-api-promote');
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    const inInternal = await httpRoute(s);
    expect(inInternal.spec.parentRefs).toEqual([expect.objectContaining({ kind: 'Service', name: 'podinfo' })]);
    expect(inInternal.spec.rules[0]!.matches.map((m) => m.headers?.map((h) => h.name))).toEqual(INTERNAL_MATCH.flatMap((m) => [[...(m.header ? [m.header.name] : []), ...(m.cookie ? ['cookie'] : [])]]));
    expect(inInternal.spec.rules[0]!.backendRefs.map((b) => b.name)).toEqual(['podinfo-internal']);
    await sleep(1_500);
    const before = s.mesh.counts();
    await sleep(3_000);
    const during = s.mesh.counts();
    const internalTo = (name: string) => (during.workloads[name]?.internal.requests ?? 0) - (before.workloads[name]?.internal.requests ?? 0);
    const customersTo = (name: string) => (during.workloads[name]?.customer.requests ?? 0) - (before.workloads[name]?.customer.requests ?? 0);
    expect(internalTo('podinfo')).toBeGreaterThan(5);
    expect(internalTo('podinfo-primary')).toBe(0);
    expect(customersTo('podinfo')).toBe(0);
    const internalThrough = (name: string) => (during.services[name]?.internal.requests ?? 0) - (before.services[name]?.internal.requests ?? 0);
    expect(internalThrough('podinfo-internal')).toBe(internalTo('podinfo'));

    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    expect(done.lastPromotedRevision).toBe(done.canaryRevision);
    expect(weights(await httpRoute(s))).toEqual(['podinfo-primary=100,podinfo-canary=0']);
    expect(await virtualServices(s)).toEqual([]);
    await sleep(1_000);
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);
    expect(s.mesh.counts().workloads['podinfo']?.customer.requests ?? 0).toBeGreaterThan(0);
  });

  it('rolls a slow version back to the primary, naming the latency check, with no failed request', async () => {
    const s = await begin('gateway-api-rollback');
    await s.ship({ tag: '2.0.0', env: { DEMO_LATENCY_MS: '1500' } });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('latency');
    expect(done.reason).toMatch(/limit/);
    expect(done.canaryWeight).toBe(0);
    expect(done.internalToCanary).toBe(false);
    expect(weights(await httpRoute(s))).toEqual(['podinfo-primary=100,podinfo-canary=0']);
    await sleep(1_000);
    expect(failures(s.mesh.counts())).toEqual(NONE_FAILED);
  });

  it('refuses to take over an HTTPRoute it does not own, and the CRD\'s own CEL rules refuse a Service backend without a port', async () => {
    const namespace = 'gateway-api-adapter';
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(scenarios.world().kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await core.createNamespace({ body: { metadata: { name: namespace } } }).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
    const at = { group: 'gateway.networking.k8s.io', version: 'v1', namespace, plural: 'httproutes' };
    const route = (name: string, backendRef: Record<string, unknown>) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace },
      spec: { parentRefs: [{ group: '', kind: 'Service', name }], rules: [{ backendRefs: [backendRef] }] },
    });
    const refused = await custom.createNamespacedCustomObject({ ...at, body: route('portless', { group: '', kind: 'Service', name: 'web-primary' }) }).then(
      () => 'stored',
      (e: { code?: number; body?: unknown }) => `${e.code}: ${String(e.body)}`,
    );
    expect(refused).toMatch(/^422: .*Must have port for Service reference/s);

    await custom.createNamespacedCustomObject({ ...at, body: route('web', { group: '', kind: 'Service', name: 'web-legacy', port: 80 }) }).catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
    const parsed = parseCanarySpec({ targetRef: { name: 'web' }, service: { port: 80 }, router: { kind: 'gatewayApi' } });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const router = gatewayApiRouter(kubeConfig);
    const result = await router.setRoutes({ namespace, name: 'web', uid: '5e1f0c2a-0000-4000-8000-000000000001' }, parsed.spec, { internalToCanary: false, canaryWeight: 10 });
    expect(!result.ok && result.error).toMatchObject({ code: 'notOwned', retryable: false, message: expect.stringContaining(`HTTPRoute ${namespace}/web exists`) });
    const untouched = (await custom.getNamespacedCustomObject({ ...at, name: 'web' })) as StoredHttpRoute;
    expect(weights(untouched)).toEqual(['web-legacy=1']);
    const observed = await router.observeRoutes({ namespace, name: 'web', uid: '5e1f0c2a-0000-4000-8000-000000000001' });
    expect(observed.ok && observed.value).toEqual([expect.objectContaining({ name: 'web', relation: 'foreign', hosts: ['web'], gateways: ['mesh'] })]);
  });
});
