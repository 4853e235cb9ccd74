// The Kubernetes and Istio adapters against the shared local world's real
// apiserver: what the cluster holds after each call, not which calls were made.
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  loadYaml,
  type V1CustomResourceDefinition,
  type V1Deployment,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIstioRouter, type RouterPort } from '../../controller/adapters/istio/istio-router.js';
import type { HttpRoute, VirtualService } from '../../controller/adapters/istio/istio-resources.js';
import type { RoutingInput } from '../../controller/adapters/istio/virtual-service-plan.js';
import { createKubernetesAdapter, type KubernetesPort } from '../../controller/adapters/kubernetes/kubernetes-port.js';
import { podTemplateRevision } from '../../controller/adapters/kubernetes/pod-template-revision.js';
import type { PodTemplate } from '../../controller/core/observations.js';
import { getSharedWorld } from '../world/shared-world.js';
import { waitUntil } from '../world/wait-until.js';

const TEST_TIMEOUT_MS = 90_000;
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const namespace = `adapters-${randomBytes(3).toString('hex')}`;

function target(version: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', version } }, spec: { containers: [{ name: 'app', image: `registry.example/web:${version}` }] } },
    },
  };
}

async function installCanaryCrd(kubeConfig: KubeConfig): Promise<void> {
  const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
  const crd = loadYaml<V1CustomResourceDefinition>(await readFile(path.join(repoDir, 'crds', 'canary.yaml'), 'utf8'));
  await extensions.createCustomResourceDefinition({ body: crd }).catch((error: { code?: number }) => {
    if (error.code !== 409) throw error;
  });
  await waitUntil('the Canary CRD is established', async () => {
    const read = await extensions.readCustomResourceDefinition({ name: 'canaries.songbird.dev' });
    const established = read.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    return established ? { ok: true } : { ok: false, reason: JSON.stringify(read.status?.conditions) };
  }, 30_000);
}

describe('Kubernetes and Istio adapters on the local world', () => {
  let kubeConfig: KubeConfig;
  let kube: KubernetesPort;
  let router: RouterPort;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let canary: { name: string; uid: string };
  let template: PodTemplate;
  let revision: string;

  const routing = (routes: RoutingInput['routes']): RoutingInput => ({
    name: 'web',
    namespace,
    hosts: ['web'],
    gateways: ['mesh'],
    primaryHost: 'web-primary',
    canaryHost: 'web-canary',
    internalHost: 'web-internal',
    port: 80,
    internalMatch: [{ header: { name: 'x-internal', exact: 'yes' } }, { cookie: { name: 'canary', value: 'always' } }],
    routes,
    owner: canary,
  });

  const readVirtualService = async (): Promise<VirtualService> =>
    (await custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', name: 'web' })) as VirtualService;

  const weightsOf = (route: HttpRoute | undefined) => route?.route?.map((d) => [d.destination.host, d.weight]);

  beforeAll(async () => {
    const world = await getSharedWorld();
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    kube = createKubernetesAdapter(kubeConfig, { instance: 'e2e' });
    router = createIstioRouter(kubeConfig);
    apps = kubeConfig.makeApiClient(AppsV1Api);
    core = kubeConfig.makeApiClient(CoreV1Api);
    custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await installCanaryCrd(kubeConfig);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const created = (await custom.createNamespacedCustomObject({
      group: 'songbird.dev',
      version: 'v1alpha1',
      namespace,
      plural: 'canaries',
      body: { apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', metadata: { name: 'web' }, spec: { targetRef: { name: 'web' }, service: { port: 80 } } },
    })) as { metadata: { uid: string } };
    canary = { name: 'web', uid: created.metadata.uid };
    await apps.createNamespacedDeployment({ namespace, body: target('v1') });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    // The world is shared: leave nothing behind (the namespace controller removes the rest).
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
  }, TEST_TIMEOUT_MS);

  it('observes the target by its template hash and a missing primary as not existing', async () => {
    const observed = await kube.observeWorkloads(namespace, 'web');
    if (!observed.ok) throw new Error(observed.error.message);
    expect(observed.value.primary).toEqual({ exists: false, replicas: 0, available: false });
    expect(observed.value.target).toMatchObject({ exists: true, replicas: 2, selector: { app: 'web' } });
    expect(observed.value.target.revision).toMatch(/^[0-9a-f]{10}$/);
    expect(observed.value.target.revision).toBe(podTemplateRevision(observed.value.target.template));
    template = observed.value.target.template!;
    revision = observed.value.target.revision!;
  }, TEST_TIMEOUT_MS);

  it('creates the primary once, with -primary selector labels, the revision and the Canary as owner', async () => {
    expect(await kube.ensurePrimary({ namespace, canary, targetName: 'web', template, revision, replicas: 2 })).toEqual({ ok: true, value: 'created' });
    expect(await kube.ensurePrimary({ namespace, canary, targetName: 'web', template, revision, replicas: 2 })).toEqual({ ok: true, value: 'unchanged' });
    const primary = await apps.readNamespacedDeployment({ name: 'web-primary', namespace });
    expect(primary.spec?.selector.matchLabels).toEqual({ app: 'web-primary' });
    expect(primary.spec?.template.metadata?.labels).toEqual({ app: 'web-primary', version: 'v1' });
    expect(primary.metadata?.annotations?.['songbird.dev/revision']).toBe(revision);
    expect(primary.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Canary', name: 'web', uid: canary.uid, controller: true })]);
    const observed = await kube.observeWorkloads(namespace, 'web');
    expect(observed.ok && observed.value.primary).toMatchObject({ exists: true, revision, replicas: 2 });
  }, TEST_TIMEOUT_MS);

  it('updates the primary when the revision or the replicas change', async () => {
    expect(await kube.ensurePrimary({ namespace, canary, targetName: 'web', template, revision: 'bbbbbbbbbb', replicas: 3 })).toEqual({ ok: true, value: 'updated' });
    const primary = await apps.readNamespacedDeployment({ name: 'web-primary', namespace });
    expect([primary.spec?.replicas, primary.metadata?.annotations?.['songbird.dev/revision']]).toEqual([3, 'bbbbbbbbbb']);
  }, TEST_TIMEOUT_MS);

  it('reports the primary available once KWOK has run its pods', async () => {
    await waitUntil('web-primary available', async () => {
      const observed = await kube.observeWorkloads(namespace, 'web');
      return observed.ok && observed.value.primary.available ? { ok: true } : { ok: false, reason: JSON.stringify(observed) };
    }, 60_000, 500);
  }, TEST_TIMEOUT_MS);

  it('scales a Deployment, and leaves it alone when it already has that many replicas or someone rescaled it since it was observed', async () => {
    expect(await kube.scaleDeployment(namespace, 'web', 0)).toEqual({ ok: true, value: 'scaled' });
    expect(await kube.scaleDeployment(namespace, 'web', 0)).toEqual({ ok: true, value: 'unchanged' });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(0);
    expect(await kube.scaleDeployment(namespace, 'web', 3, 2)).toEqual({ ok: true, value: 'changedElsewhere' });
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas).toBe(0);
    expect(await kube.scaleDeployment(namespace, 'web', 2, 0)).toEqual({ ok: true, value: 'scaled' });
    await kube.scaleDeployment(namespace, 'web', 0);
    const missing = await kube.scaleDeployment(namespace, 'nope', 1);
    expect(!missing.ok && missing.error.code).toBe('notFound');
  }, TEST_TIMEOUT_MS);

  it('creates the four Services selecting primary and canary pods (customers\' and internal users\' Service), adopts a foreign apex Service and refuses a foreign -primary one', async () => {
    const input = { namespace, canary, serviceName: 'web', port: 80, targetPort: 8080, targetSelector: { app: 'web' } };
    expect(await kube.ensureServices(input)).toEqual({ ok: true, value: { web: 'created', 'web-primary': 'created', 'web-canary': 'created', 'web-internal': 'created' } });
    expect(await kube.ensureServices(input)).toEqual({ ok: true, value: { web: 'unchanged', 'web-primary': 'unchanged', 'web-canary': 'unchanged', 'web-internal': 'unchanged' } });
    const services = await core.listNamespacedService({ namespace });
    expect(Object.fromEntries(services.items.map((s) => [s.metadata?.name, s.spec?.selector]))).toEqual({
      web: { app: 'web-primary' },
      'web-primary': { app: 'web-primary' },
      'web-canary': { app: 'web' },
      'web-internal': { app: 'web' },
    });

    await core.createNamespacedService({ namespace, body: { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } } });
    const adopted = await kube.ensureServices({ ...input, serviceName: 'api', targetPort: undefined, targetSelector: { app: 'api' } });
    expect(adopted.ok).toBe(true);
    const api = await core.readNamespacedService({ name: 'api', namespace });
    expect(api.spec?.selector).toEqual({ app: 'api-primary' });
    expect(api.metadata?.ownerReferences ?? []).toEqual([]);
    expect(api.metadata?.annotations?.['songbird.dev/adopted-by']).toBe(canary.uid);

    await core.createNamespacedService({ namespace, body: { metadata: { name: 'shop-primary' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } } });
    const refused = await kube.ensureServices({ ...input, serviceName: 'shop', targetSelector: { app: 'shop' } });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'notOwned', retryable: false });
    expect(!refused.ok && refused.error.message).toContain(`Service ${namespace}/shop-primary`);
    expect((await core.readNamespacedService({ name: 'shop-primary', namespace })).spec?.selector).toEqual({ app: 'x' });
  }, TEST_TIMEOUT_MS);

  it('creates DestinationRules for the primary, canary and internal hosts', async () => {
    const rules = await router.ensureDestinationRules({ namespace, serviceName: 'web', owner: canary });
    expect(rules).toEqual({ ok: true, value: { 'web-primary': 'created', 'web-canary': 'created', 'web-internal': 'created' } });
    expect(await router.ensureDestinationRules({ namespace, serviceName: 'web', owner: canary })).toEqual({ ok: true, value: { 'web-primary': 'unchanged', 'web-canary': 'unchanged', 'web-internal': 'unchanged' } });
  }, TEST_TIMEOUT_MS);

  it('routes internal users, then a weight, then everyone back to the primary, keeping foreign routes in place', async () => {
    const foreign: HttpRoute = { name: 'legacy', match: [{ uri: { prefix: '/legacy' } }], route: [{ destination: { host: 'legacy' } }] };
    await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace,
      plural: 'virtualservices',
      body: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web' }, spec: { hosts: ['web'], http: [foreign] } },
    });

    const internal = await router.applyRoutes(routing({ internalToCanary: true, canaryWeight: 0 }));
    expect(internal).toEqual({ ok: true, value: { outcome: 'updated', routes: { internalToCanary: true, canaryWeight: 0 } } });
    let vs = await readVirtualService();
    expect(vs.spec.http?.map((r) => r.name)).toEqual(['legacy', 'songbird-internal', 'songbird-default']);
    expect(vs.spec.http?.[1]?.route).toEqual([{ destination: { host: 'web-internal', port: { number: 80 } }, weight: 100 }]);
    expect(vs.spec.http?.[1]?.match).toEqual([
      { headers: { 'x-internal': { exact: 'yes' } } },
      { headers: { cookie: { regex: '^(.*?;\\s*)?(canary=always)(;.*)?$' } } },
    ]);

    expect(await router.applyRoutes(routing({ internalToCanary: true, canaryWeight: 25 }))).toMatchObject({ ok: true, value: { outcome: 'updated' } });
    vs = await readVirtualService();
    expect(weightsOf(vs.spec.http?.find((r) => r.name === 'songbird-default'))).toEqual([['web-primary', 75], ['web-canary', 25]]);
    expect(await router.applyRoutes(routing({ internalToCanary: true, canaryWeight: 25 }))).toMatchObject({ ok: true, value: { outcome: 'unchanged' } });

    expect(await router.applyRoutes(routing({ internalToCanary: false, canaryWeight: 0 }))).toMatchObject({ ok: true, value: { outcome: 'updated' } });
    vs = await readVirtualService();
    expect(vs.spec.http).toEqual([foreign, expect.objectContaining({ name: 'songbird-default' })]);
    expect(weightsOf(vs.spec.http?.[1])).toEqual([['web-primary', 100], ['web-canary', 0]]);
    expect(vs.metadata.ownerReferences).toBeUndefined();
    expect(await router.getRoutes(namespace, 'web', { canaryHost: 'web-canary', internalHost: 'web-internal' })).toEqual({ ok: true, value: { internalToCanary: false, canaryWeight: 0 } });
  }, TEST_TIMEOUT_MS);

  it('records an Event on the Canary once per id', async () => {
    const event = { id: `web/${revision}/promoted`, eventType: 'Normal' as const, reason: 'Promoted', message: `${revision} is the primary now` };
    expect(await kube.recordEvent(namespace, canary, event)).toEqual({ ok: true, value: 'recorded' });
    expect(await kube.recordEvent(namespace, canary, event)).toEqual({ ok: true, value: 'alreadyRecorded' });
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.uid=${canary.uid}` });
    expect(events.items.map((e) => [e.reason, e.message, e.involvedObject.kind, e.reportingComponent])).toEqual([
      ['Promoted', `${revision} is the primary now`, 'Canary', 'songbird.dev/controller'],
    ]);
  }, TEST_TIMEOUT_MS);

  it('replaces the status through the status subresource and refuses a stale write', async () => {
    const first = await kube.writeStatus(namespace, 'web', { phase: 'Progressing', canaryWeight: 25, stageName: 'weight 25' });
    if (!first.ok) throw new Error(first.error.message);
    expect(await kube.writeStatus(namespace, 'web', { phase: 'Succeeded' }, { resourceVersion: first.value.resourceVersion })).toMatchObject({ ok: true });
    const read = await kube.getCanary(namespace, 'web');
    expect(read.ok && read.value?.status).toEqual({ phase: 'Succeeded' });

    const stale = await kube.writeStatus(namespace, 'web', { phase: 'Failed' }, { resourceVersion: first.value.resourceVersion });
    expect(!stale.ok && stale.error).toMatchObject({ code: 'conflict', retryable: true });
    const missing = await kube.writeStatus(namespace, 'gone', { phase: 'Failed' });
    expect(!missing.ok && missing.error.code).toBe('notFound');
    expect(await kube.getCanary(namespace, 'gone')).toEqual({ ok: true, value: undefined });
    const listed = await kube.listCanaries(namespace);
    expect(listed.ok && listed.value.map((c) => c.metadata.name)).toEqual(['web']);
  }, TEST_TIMEOUT_MS);

  it('reads a Secret key and names what is missing without the value', async () => {
    await core.createNamespacedSecret({ namespace, body: { metadata: { name: 'slack' }, stringData: { url: 'https://hooks.example/very-secret' } } });
    expect(await kube.readSecretKey(namespace, { name: 'slack', key: 'url' })).toEqual({ ok: true, value: 'https://hooks.example/very-secret' });
    const missing = await kube.readSecretKey(namespace, { name: 'slack', key: 'token' });
    expect(!missing.ok && missing.error.message).toBe(`Secret ${namespace}/slack has no key token`);
  }, TEST_TIMEOUT_MS);

  it('calls back for Deployments and Canaries that change', async () => {
    const seen: string[] = [];
    const deployments = kube.watchDeployments((ns, name) => seen.push(`deployment ${ns}/${name}`));
    const canaries = kube.watchCanaries((ns, name) => seen.push(`canary ${ns}/${name}`));
    try {
      await Promise.all([deployments.started, canaries.started]);
      expect(seen).toEqual(expect.arrayContaining([`deployment ${namespace}/web`, `canary ${namespace}/web`]));
      await apps.createNamespacedDeployment({ namespace, body: { ...target('v1'), metadata: { name: 'late', namespace } } });
      await waitUntil('the new Deployment is reported', async () => (seen.includes(`deployment ${namespace}/late`) ? { ok: true } : { ok: false, reason: seen.join(', ') }), 20_000);
    } finally {
      await Promise.all([deployments.stop(), canaries.stop()]);
    }
  }, TEST_TIMEOUT_MS);
});
