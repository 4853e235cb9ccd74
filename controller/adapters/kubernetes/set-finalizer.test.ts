// setFinalizer against a loopback fake of the apiserver's Canaries.
import { collectionPath, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { FINALIZER } from './owner-reference.js';
import { setFinalizer } from './set-finalizer.js';

const CANARIES = collectionPath.canaries('shop');
const canary = (finalizers?: string[]) => ({
  apiVersion: 'songbird.dev/v1alpha1',
  kind: 'Canary',
  metadata: { name: 'web', namespace: 'shop', ...(finalizers ? { finalizers } : {}) },
  spec: { targetRef: { name: 'web' } },
});

describe('setFinalizer', () => {
  let fake: FakeApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => ({ fake, clients, close } = await startFakeApiServer()));
  afterEach(() => close());

  const finalizers = () => fake.get(CANARIES, 'web')?.metadata.finalizers;

  it('adds the finalizer with a JSON patch that tests the resourceVersion when the Canary has none', async () => {
    const stored = fake.put(CANARIES, canary());
    expect(await setFinalizer(clients, 'shop', 'web', true)).toEqual({ ok: true, value: 'added' });
    expect(finalizers()).toEqual([FINALIZER]);
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    expect(patch?.contentType).toBe('application/json-patch+json');
    expect(patch?.body).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: stored.metadata.resourceVersion },
      { op: 'add', path: '/metadata/finalizers', value: [FINALIZER] },
    ]);
  });

  it('keeps the finalizers of others when it adds and removes its own', async () => {
    fake.put(CANARIES, canary(['example.com/keep']));
    await setFinalizer(clients, 'shop', 'web', true);
    expect(finalizers()).toEqual(['example.com/keep', FINALIZER]);
    expect(await setFinalizer(clients, 'shop', 'web', false)).toEqual({ ok: true, value: 'removed' });
    expect(finalizers()).toEqual(['example.com/keep']);
  });

  it.each([
    ['present and asked present', [FINALIZER], true],
    ['absent and asked absent', ['example.com/keep'], false],
  ])('writes nothing and answers unchanged when the finalizer is %s', async (_when, list, present) => {
    fake.put(CANARIES, canary(list));
    expect(await setFinalizer(clients, 'shop', 'web', present)).toEqual({ ok: true, value: 'unchanged' });
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('answers unchanged when the Canary is gone', async () => {
    expect(await setFinalizer(clients, 'shop', 'web', false)).toEqual({ ok: true, value: 'unchanged' });
  });

  it('lets garbage collection go on when it removes the last finalizer of a Canary being deleted', async () => {
    fake.put(CANARIES, canary([FINALIZER]));
    await clients.custom.deleteNamespacedCustomObject({ group: 'songbird.dev', version: 'v1alpha1', plural: 'canaries', namespace: 'shop', name: 'web' });
    expect(fake.get(CANARIES, 'web')?.metadata.deletionTimestamp).toBeDefined();
    expect(await setFinalizer(clients, 'shop', 'web', false)).toEqual({ ok: true, value: 'removed' });
    expect(fake.get(CANARIES, 'web')).toBeUndefined();
  });

  it('reads again and keeps the other writer\'s finalizer when the Canary changed between its read and its patch', async () => {
    fake.put(CANARIES, canary());
    let raced = false;
    fake.beforeHandling = (request) => {
      if (request.method !== 'PATCH' || raced) return;
      raced = true;
      fake.put(CANARIES, canary(['example.com/other']));
    };
    expect(await setFinalizer(clients, 'shop', 'web', true)).toEqual({ ok: true, value: 'added' });
    expect(finalizers()).toEqual(['example.com/other', FINALIZER]);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });

  it('fails with invalid, without a second patch, when the apiserver refuses a new finalizer on a Canary being deleted', async () => {
    fake.put(CANARIES, { ...canary(['example.com/keep']), metadata: { ...canary(['example.com/keep']).metadata, deletionTimestamp: '2026-11-29T10:00:00Z' } });
    const added = await setFinalizer(clients, 'shop', 'web', true);
    expect(!added.ok && added.error).toMatchObject({ code: 'invalid', message: expect.stringContaining('no new finalizers') });
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
