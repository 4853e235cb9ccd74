// cachedClients over the loopback fake apiserver, with an in-memory cache that
// a test moves by hand: what the cache holds is read without a request; a write
// goes to the apiserver and the written object is read fresh until its cached
// copy moves on; a stale cache never makes a write win over newer data.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cachedClients } from './cached-clients.js';
import type { CachedKind, ClusterCaches, ObjectCache } from './cluster-caches.js';
import { ensureServices } from './ensure-services.js';
import { collectionPath, startFakeApiServer, type FakeApiServer, type Json } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { readOptional } from './read-optional.js';

const SERVICES = collectionPath.services('shop');
const DEPLOYMENTS = collectionPath.deployments('shop');
const input = { namespace: 'shop', canary: { name: 'web', uid: 'uid-web' }, serviceName: 'web', port: 80, targetSelector: { app: 'web' } };

/** A cache that holds copies of what the fake stores, refreshed only when the test says so. */
function mirror(fake: FakeApiServer, synced = true) {
  const held = new Map<CachedKind, Map<string, KubernetesObject>>();
  const collections: Partial<Record<CachedKind, string>> = { services: SERVICES, deployments: DEPLOYMENTS };
  const refresh = () => {
    for (const [kind, collection] of Object.entries(collections) as Array<[CachedKind, string]>) {
      const objects = new Map<string, KubernetesObject>();
      for (const [key, object] of fake.objects) if (key.startsWith(`${collection}/`)) objects.set(`shop/${object.metadata.name}`, structuredClone(object) as KubernetesObject);
      held.set(kind, objects);
    }
  };
  refresh();
  const caches: ClusterCaches = {
    reader(kind): ObjectCache | undefined {
      if (!synced || !held.has(kind)) return undefined;
      const objects = held.get(kind)!;
      return { get: (ns, name) => objects.get(`${ns}/${name}`), list: (ns) => [...objects.values()].filter((o) => o.metadata?.namespace === ns) };
    },
  };
  return { caches, refresh };
}

describe('cachedClients', () => {
  let fake: FakeApiServer;
  let direct: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => ({ fake, clients: direct, close } = await startFakeApiServer()));
  afterEach(async () => close());

  it('ensureServices that finds nothing to change makes no request when the cache holds the Services', async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    const { caches } = mirror(fake);
    fake.requests.length = 0;
    const again = await ensureServices(cachedClients(direct, caches), input);
    expect(again.ok).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('reads from the apiserver while the cache is not synced', async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    const { caches } = mirror(fake, false);
    fake.requests.length = 0;
    expect((await ensureServices(cachedClients(direct, caches), input)).ok).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an object absent from the cache is absent (404 -> undefined), with no request', async () => {
    const { caches } = mirror(fake);
    fake.requests.length = 0;
    const read = await readOptional('read', () => cachedClients(direct, caches).services.read('shop', 'nothing-here'));
    expect(read).toEqual({ ok: true, value: undefined });
    expect(fake.requests).toEqual([]);
  });

  it('after a write, the object is read fresh until its cached copy moves on, then from the cache again', async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    const { caches, refresh } = mirror(fake);
    const clients = cachedClients(direct, caches);
    const moved = { ...input, port: 8080 };
    fake.requests.length = 0;
    expect((await ensureServices(clients, moved)).ok).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBeGreaterThan(0);
    fake.requests.length = 0;
    // The cache has not seen the writes yet: planning from it would write them again.
    expect((await ensureServices(clients, moved)).ok).toBe(true);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(fake.requests.length).toBeGreaterThan(0);
    refresh();
    fake.requests.length = 0;
    expect((await ensureServices(clients, moved)).ok).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('a write planned from a stale cached copy loses to a 409 and is made again over a fresh read: newer data is never overwritten', async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    const { caches } = mirror(fake);
    const clients = cachedClients(direct, caches);
    // Someone labels web-primary after the cache was filled: Songbird's copy is stale.
    const stored = fake.get(SERVICES, 'web-primary') as Json;
    fake.put(SERVICES, { ...stored, metadata: { ...stored.metadata, labels: { ...stored.metadata.labels, team: 'shop' }, resourceVersion: undefined } });
    const moved = { ...input, port: 8080 };
    let result = await ensureServices(clients, moved);
    if (!result.ok) {
      expect(result.error.code).toBe('conflict');
      result = await ensureServices(clients, moved);
    }
    expect(result.ok).toBe(true);
    expect(fake.requests.some((r) => r.method === 'PUT')).toBe(true);
    const after = fake.get(SERVICES, 'web-primary') as Json;
    expect(after.metadata.labels.team).toBe('shop');
    expect(after.spec.ports.map((p: Json) => p.port)).toEqual([8080]);
  });

  it('after two writes in a row, a cache that has caught up with only the first is not read: the second write is seen', async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    // A cache of the Service "web" that the test moves by hand, as its watch would.
    let cached = structuredClone(fake.get(SERVICES, 'web')) as KubernetesObject;
    const caches: ClusterCaches = {
      reader: (kind) => (kind === 'services' ? { get: (ns, name) => (ns === 'shop' && name === 'web' ? cached : undefined), list: () => [cached] } : undefined),
    };
    const clients = cachedClients(direct, caches);
    const label = async (team: string) => {
      const current = await clients.services.read('shop', 'web');
      return clients.services.replace('shop', 'web', { ...current, metadata: { ...current.metadata, labels: { ...current.metadata?.labels, team } } });
    };
    await label('first');
    const afterFirst = structuredClone(fake.get(SERVICES, 'web')) as KubernetesObject;
    await label('second');
    cached = afterFirst; // the watch has delivered the first write; the second is on its way
    expect((await clients.services.read('shop', 'web')).metadata?.labels?.team).toBe('second');
    cached = structuredClone(fake.get(SERVICES, 'web')) as KubernetesObject; // and now the second
    fake.requests.length = 0;
    expect((await clients.services.read('shop', 'web')).metadata?.labels?.team).toBe('second');
    expect(fake.requests).toEqual([]);
  });

  it("a cached copy that moved past Songbird's write (another writer's later change, e.g. a Deployment's status) is read from the cache at once", async () => {
    expect((await ensureServices(direct, input)).ok).toBe(true);
    let cached = structuredClone(fake.get(SERVICES, 'web')) as KubernetesObject;
    const caches: ClusterCaches = {
      reader: (kind) => (kind === 'services' ? { get: (ns, name) => (ns === 'shop' && name === 'web' ? cached : undefined), list: () => [cached] } : undefined),
    };
    const clients = cachedClients(direct, caches);
    const current = await clients.services.read('shop', 'web');
    await clients.services.replace('shop', 'web', { ...current, metadata: { ...current.metadata, labels: { ...current.metadata?.labels, team: 'songbird' } } });
    // Someone else writes after Songbird; the watch delivers only that later version.
    const stored = fake.get(SERVICES, 'web') as Json;
    fake.put(SERVICES, { ...stored, metadata: { ...stored.metadata, labels: { ...stored.metadata.labels, owner: 'gitops' }, resourceVersion: undefined } });
    cached = structuredClone(fake.get(SERVICES, 'web')) as KubernetesObject;
    fake.requests.length = 0;
    expect((await clients.services.read('shop', 'web')).metadata?.labels).toMatchObject({ team: 'songbird', owner: 'gitops' });
    expect(fake.requests).toEqual([]);
  });
});
