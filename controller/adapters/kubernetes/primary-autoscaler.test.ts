// observeAutoscaler and ensurePrimaryAutoscaler against a loopback fake of the
// apiserver's autoscaling/v2 HorizontalPodAutoscalers.
import { collectionPath, startFakeApiServer, type FakeApiServer, type Json } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { ensurePrimaryAutoscaler, observeAutoscaler } from './primary-autoscaler.js';

const HPAS = collectionPath.autoscalers('shop');
const canary = { name: 'web', uid: 'uid-web' };
const behavior = { scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };

function hpa(name: string, target: { apiVersion?: string; kind?: string; name: string }, spec: Json = {}): Json {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', ...target },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior,
      ...spec,
    },
  };
}

describe('observeAutoscaler and ensurePrimaryAutoscaler', () => {
  let fake: FakeApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => ({ fake, clients, close } = await startFakeApiServer()));
  afterEach(() => close());

  const writes = () => fake.requests.filter((r) => r.method !== 'GET');

  it('observes the HPA that scales the target with its min and max when there is one', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    fake.put(HPAS, hpa('other', { name: 'other' }));
    expect(await observeAutoscaler(clients, 'shop', 'web')).toEqual({ ok: true, value: { name: 'web-cpu', minReplicas: 2, maxReplicas: 6 } });
  });

  it('observes minReplicas 1 when the HPA leaves it unset', async () => {
    const stored = hpa('web-cpu', { name: 'web' });
    delete stored.spec.minReplicas;
    fake.put(HPAS, stored);
    const observed = await observeAutoscaler(clients, 'shop', 'web');
    expect(observed.ok && observed.value?.minReplicas).toBe(1);
  });

  it.each([
    ['it scales a StatefulSet of that name', { kind: 'StatefulSet', name: 'web' }],
    ['it scales a Deployment of another API group', { apiVersion: 'example.com/v1', name: 'web' }],
    ['it is Songbird\'s own web-primary', { name: 'web-primary' }],
  ])('observes no autoscaler when the only HPA is one where %s', async (_when, target) => {
    fake.put(HPAS, hpa(target.name === 'web-primary' ? 'web-primary' : 'web-cpu', target));
    expect(await observeAutoscaler(clients, 'shop', 'web')).toEqual({ ok: true, value: undefined });
  });

  it('creates web-primary as the target HPA aimed at the primary, owned by the Canary, when asked present', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true })).toEqual({ ok: true, value: 'created' });
    const created = fake.get(HPAS, 'web-primary')!;
    expect(created.spec).toEqual({ ...hpa('x', { name: 'web-primary' }).spec });
    expect(created.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'songbird', 'songbird.dev/canary': 'web' });
    expect(created.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Canary', uid: 'uid-web', controller: true })]);
  });

  it('writes nothing when web-primary already has the target HPA spec', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true });
    const before = writes().length;
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true })).toEqual({ ok: true, value: 'unchanged' });
    expect(writes()).toHaveLength(before);
  });

  it('updates web-primary, conditioned on its resourceVersion, when Git changed the target HPA max', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true });
    const version = fake.get(HPAS, 'web-primary')!.metadata.resourceVersion;
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }, { maxReplicas: 10 }));
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true })).toEqual({ ok: true, value: 'updated' });
    expect(fake.get(HPAS, 'web-primary')!.spec).toMatchObject({ maxReplicas: 10, scaleTargetRef: { name: 'web-primary' }, behavior });
    expect((fake.requests.find((r) => r.method === 'PUT')?.body as Json).metadata.resourceVersion).toBe(version);
  });

  it('refuses with notOwned and writes nothing when web-primary exists and is not the Canary\'s', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    fake.put(HPAS, hpa('web-primary', { name: 'web-primary' }));
    const outcome = await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true });
    expect(!outcome.ok && outcome.error.code).toBe('notOwned');
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: false })).toEqual({ ok: true, value: 'unchanged' });
    expect(writes()).toEqual([]);
    expect(fake.get(HPAS, 'web-primary')).toBeDefined();
  });

  it('fails with a retryable notFound when asked present and the target has no HPA', async () => {
    const outcome = await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true });
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'notFound', retryable: true });
  });

  it('deletes the Canary\'s web-primary with a uid precondition when asked absent, and leaves the target HPA', async () => {
    fake.put(HPAS, hpa('web-cpu', { name: 'web' }));
    await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: true });
    const uid = fake.get(HPAS, 'web-primary')!.metadata.uid;
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: false })).toEqual({ ok: true, value: 'deleted' });
    expect(fake.get(HPAS, 'web-primary')).toBeUndefined();
    expect(fake.get(HPAS, 'web-cpu')).toBeDefined();
    expect(fake.requests.find((r) => r.method === 'DELETE')?.body).toMatchObject({ preconditions: { uid } });
    expect(await ensurePrimaryAutoscaler(clients, { namespace: 'shop', canary, targetName: 'web', present: false })).toEqual({ ok: true, value: 'unchanged' });
  });
});
