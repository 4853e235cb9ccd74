// ensureServices against a loopback fake of the apiserver's Services: owned
// Services created, the apex Service GitOps already ships adopted (selector
// only, annotations once), what cannot be adopted refused with its name.
import type { ServicesInput } from './canary-services.js';
import { ensureServices } from './ensure-services.js';
import { collectionPath, startFakeApiServer, type FakeApiServer, type Json } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { ADOPTED_BY_ANNOTATION, ORIGINAL_SPEC_ANNOTATION } from './owner-reference.js';

const SERVICES = collectionPath.services('shop');
const input: ServicesInput = { namespace: 'shop', canary: { name: 'web', uid: 'uid-web' }, serviceName: 'web', port: 80, targetSelector: { app: 'web' } };

/** A Service as GitOps ships it, as the apiserver stores it (clusterIP allocated). */
function shippedService(spec: Json = {}, metadata: Json = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { 'argocd.argoproj.io/tracking-id': 'shop:/Service:shop/web' }, ...metadata },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 },
      ],
      ...spec,
    },
  };
}

describe('ensureServices', () => {
  let fake: FakeApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => ({ fake, clients, close } = await startFakeApiServer()));
  afterEach(() => close());

  const web = () => fake.get(SERVICES, 'web')!;
  const writes = () => fake.requests.filter((r) => r.method !== 'GET');

  it('creates the four Services owned by the Canary when none exists', async () => {
    expect(await ensureServices(clients, input)).toEqual({ ok: true, value: { web: 'created', 'web-primary': 'created', 'web-canary': 'created', 'web-internal': 'created' } });
    expect(fake.get(SERVICES, 'web-internal')!.spec.selector).toEqual(fake.get(SERVICES, 'web-canary')!.spec.selector);
    expect(fake.get(SERVICES, 'web-internal')!.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: 'uid-web', controller: true })]);
    expect(web().spec.selector).toEqual({ app: 'web-primary' });
    expect(web().metadata.ownerReferences).toEqual([expect.objectContaining({ uid: 'uid-web' })]);
  });

  it('adopts the apex Service (selector to the primary; type, ports and labels kept; annotations added; no ownerReference) when GitOps already ships it', async () => {
    const shipped = fake.put(SERVICES, shippedService());
    expect(await ensureServices(clients, input)).toEqual({ ok: true, value: { web: 'updated', 'web-primary': 'created', 'web-canary': 'created', 'web-internal': 'created' } });
    expect(web().spec).toEqual({ ...shipped.spec, selector: { app: 'web-primary' } });
    expect(web().metadata.ownerReferences).toBeUndefined();
    expect(web().metadata.labels).toEqual({ app: 'web' });
    const annotations = web().metadata.annotations;
    expect(annotations['argocd.argoproj.io/tracking-id']).toBe('shop:/Service:shop/web');
    expect(annotations[ADOPTED_BY_ANNOTATION]).toBe('uid-web');
    const { clusterIP: _ip, clusterIPs: _ips, ipFamilies: _families, ipFamilyPolicy: _policy, ...recordable } = shipped.spec;
    expect(JSON.parse(annotations[ORIGINAL_SPEC_ANNOTATION])).toEqual(recordable);
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    expect(patch?.contentType).toBe('application/json-patch+json');
    expect((patch?.body as Json[])[0]).toEqual({ op: 'test', path: '/metadata/resourceVersion', value: shipped.metadata.resourceVersion });
  });

  it('writes nothing to the apex Service when it is adopted and selects the primary', async () => {
    fake.put(SERVICES, shippedService());
    await ensureServices(clients, input);
    const before = writes().length;
    expect(await ensureServices(clients, input)).toEqual({ ok: true, value: { web: 'unchanged', 'web-primary': 'unchanged', 'web-canary': 'unchanged', 'web-internal': 'unchanged' } });
    expect(writes()).toHaveLength(before);
  });

  it('sets the selector again but keeps the first original-spec when GitOps put the shipped selector back', async () => {
    fake.put(SERVICES, shippedService());
    await ensureServices(clients, input);
    const recorded = web().metadata.annotations[ORIGINAL_SPEC_ANNOTATION];
    fake.put(SERVICES, { ...web(), spec: { ...web().spec, selector: { app: 'web' } } });
    expect(await ensureServices(clients, input)).toMatchObject({ ok: true, value: { web: 'updated' } });
    expect(web().spec.selector).toEqual({ app: 'web-primary' });
    expect(web().metadata.annotations[ORIGINAL_SPEC_ANNOTATION]).toBe(recorded);
    expect((fake.requests.filter((r) => r.method === 'PATCH').at(-1)?.body as Json[]).map((op) => op.path)).toEqual(['/metadata/resourceVersion', '/spec/selector']);
  });

  it('refuses with invalid naming the Service and its ports, and writes nothing, when none of its ports is spec.service.port', async () => {
    fake.put(SERVICES, shippedService({ ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }] }));
    const outcome = await ensureServices(clients, input);
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'invalid', retryable: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/Service shop\/web exposes 8080\/TCP \(http\) -> 8080; none is spec\.service\.port 80/);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['another Canary adopted it', shippedService({}, { annotations: { [ADOPTED_BY_ANNOTATION]: 'uid-other' } }), 'notOwned', /adopted by another Canary/],
    ['another controller owns it', shippedService({}, { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'App', name: 'web', uid: 'u1', controller: true }] }), 'notOwned', /controlled by App web/],
    ['it is an ExternalName Service', shippedService({ type: 'ExternalName', externalName: 'web.example.com', selector: undefined }), 'invalid', /ExternalName/],
  ])('refuses and writes nothing when %s', async (_when, service, code, message) => {
    fake.put(SERVICES, service);
    const outcome = await ensureServices(clients, input);
    expect(!outcome.ok && outcome.error.code).toBe(code);
    expect(!outcome.ok && outcome.error.message).toMatch(message);
    expect(writes()).toEqual([]);
  });

  it.each([
    ['a name', 'http'],
    ['a number', 8080],
  ])('gives web-primary, web-canary and web-internal the adopted port\'s targetPort (%s) when the Canary sets no targetPort', async (_kind, targetPort) => {
    fake.put(SERVICES, shippedService({ ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort }] }));
    expect(await ensureServices(clients, input)).toMatchObject({ ok: true });
    for (const name of ['web-primary', 'web-canary', 'web-internal']) {
      expect(fake.get(SERVICES, name)!.spec.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 80, targetPort }]);
    }
    expect(web().spec.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP', targetPort }]);
  });

  it('moves web-primary and web-canary to the adopted port\'s targetPort when they were created with another one', async () => {
    await ensureServices(clients, { ...input, serviceName: 'other' });
    fake.put(SERVICES, shippedService());
    for (const name of ['web-primary', 'web-canary']) fake.put(SERVICES, { ...fake.get(SERVICES, 'other-primary')!, metadata: { ...fake.get(SERVICES, 'other-primary')!.metadata, name } });
    expect(await ensureServices(clients, input)).toMatchObject({ ok: true, value: { 'web-primary': 'updated', 'web-canary': 'updated' } });
    expect(fake.get(SERVICES, 'web-canary')!.spec.ports[0].targetPort).toBe('http');
  });

  it('takes the port itself as the adopted targetPort when the shipped port has none', async () => {
    fake.put(SERVICES, shippedService({ ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }));
    expect(await ensureServices(clients, { ...input, targetPort: 80 })).toMatchObject({ ok: true });
    expect(fake.get(SERVICES, 'web-primary')!.spec.ports[0].targetPort).toBe(80);
  });

  it('refuses with invalid naming the Service, its port and both targetPorts, and writes nothing, when spec.service.targetPort differs from the adopted port\'s', async () => {
    fake.put(SERVICES, shippedService());
    const outcome = await ensureServices(clients, { ...input, targetPort: 8080 });
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'invalid', retryable: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/Service shop\/web sends its port 80 to targetPort http, but spec\.service\.targetPort is 8080/);
    expect(writes()).toEqual([]);
  });

  it('adopts the Service when spec.service.targetPort equals the adopted port\'s', async () => {
    fake.put(SERVICES, shippedService({ ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] }));
    expect(await ensureServices(clients, { ...input, targetPort: 8080 })).toMatchObject({ ok: true, value: { web: 'updated' } });
  });

  it('says to remove both adoption annotations when the Service is adopted by a Canary uid that is not this one (that Canary may be gone)', async () => {
    fake.put(SERVICES, shippedService({}, { annotations: { [ADOPTED_BY_ANNOTATION]: 'uid-gone', [ORIGINAL_SPEC_ANNOTATION]: '{}' } }));
    const outcome = await ensureServices(clients, input);
    expect(!outcome.ok && outcome.error.code).toBe('notOwned');
    expect(!outcome.ok && outcome.error.message).toMatch(/if that Canary no longer exists, remove the annotations songbird\.dev\/adopted-by and songbird\.dev\/original-spec from the Service/);
  });

  it('refuses with notOwned naming web-internal, and writes nothing, when a Service of that name is not the Canary\'s', async () => {
    fake.put(SERVICES, shippedService({}, { name: 'web-internal' }));
    const outcome = await ensureServices(clients, input);
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'notOwned', retryable: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/^Service shop\/web-internal already exists and does not belong to Canary shop\/web/);
    expect(writes()).toEqual([]);
  });

  it('still refuses with notOwned a web-primary the Canary does not own, and leaves the shipped apex Service as it is', async () => {
    fake.put(SERVICES, shippedService({}, { name: 'web-primary' }));
    const apex = fake.put(SERVICES, shippedService());
    const outcome = await ensureServices(clients, input);
    expect(!outcome.ok && outcome.error.code).toBe('notOwned');
    expect(fake.get(SERVICES, 'web-primary')!.spec.selector).toEqual({ app: 'web' });
    expect(web()).toEqual(apex);
  });

  it('reads again and keeps the other writer\'s change when the apex Service changed between its read and the adoption patch', async () => {
    fake.put(SERVICES, shippedService());
    let raced = false;
    fake.beforeHandling = (request) => {
      if (request.method !== 'PATCH' || raced) return;
      raced = true;
      fake.put(SERVICES, shippedService({}, { labels: { app: 'web', team: 'shop' } }));
    };
    expect(await ensureServices(clients, input)).toMatchObject({ ok: true, value: { web: 'updated' } });
    expect(web().metadata.labels).toEqual({ app: 'web', team: 'shop' });
    expect(web().spec.selector).toEqual({ app: 'web-primary' });
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });
});
