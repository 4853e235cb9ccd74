// releaseService against a loopback fake of the apiserver's Services: an
// adopted apex Service goes back as it was, an owned one becomes the user's
// and selects the target's pods, anything else is left alone.
import type { ServicesInput } from './canary-services.js';
import { ensureServices } from './ensure-services.js';
import { collectionPath, startFakeApiServer, type FakeApiServer, type Json } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { ADOPTED_BY_ANNOTATION, ORIGINAL_SPEC_ANNOTATION } from './owner-reference.js';
import { releaseService } from './release-service.js';

const SERVICES = collectionPath.services('shop');
const input: ServicesInput = { namespace: 'shop', canary: { name: 'web', uid: 'uid-web' }, serviceName: 'web', port: 80, targetSelector: { app: 'web' } };
const shipped = (spec: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'shop' } },
  spec: { type: 'NodePort', clusterIP: '10.96.0.20', selector: { app: 'web', tier: 'front' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 }], ...spec },
});

describe('releaseService', () => {
  let fake: FakeApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => ({ fake, clients, close } = await startFakeApiServer()));
  afterEach(() => close());

  const web = () => fake.get(SERVICES, 'web')!;
  const writes = () => fake.requests.filter((r) => r.method !== 'GET');

  it('restores the selector, keeps the ports as they are now and removes both annotations when the Canary adopted the Service', async () => {
    const before = fake.put(SERVICES, shipped());
    await ensureServices(clients, input);
    const gitPorts = [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30081 }];
    fake.put(SERVICES, { ...web(), spec: { ...web().spec, ports: gitPorts } });
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'restored' });
    expect(web().spec).toEqual({ ...before.spec, ports: gitPorts });
    expect(web().metadata.annotations).toEqual({ team: 'shop' });
    expect(web().metadata.labels).toEqual({ app: 'web' });
    expect(web().metadata.ownerReferences).toBeUndefined();
  });

  it('removes the selector when the adopted Service had none', async () => {
    fake.put(SERVICES, shipped({ selector: undefined }));
    await ensureServices(clients, input);
    expect(web().spec.selector).toEqual({ app: 'web-primary' });
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'restored' });
    expect(web().spec).not.toHaveProperty('selector');
  });

  it('keeps a port Git added after adoption when it hands the adopted Service back', async () => {
    fake.put(SERVICES, shipped());
    await ensureServices(clients, input);
    const ports = [...web().spec.ports, { name: 'grpc', port: 9090, protocol: 'TCP', targetPort: 9090 }];
    fake.put(SERVICES, { ...web(), spec: { ...web().spec, ports } });
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'restored' });
    expect(web().spec.ports).toEqual(ports);
    expect(web().spec.selector).toEqual({ app: 'web', tier: 'front' });
  });

  it.each([
    ['not JSON', '{broken'],
    ['JSON null', 'null'],
    ['a JSON array', '[{"selector":{"app":"web"}}]'],
    ['a selector that is a string', '{"selector":"web"}'],
    ['a selector that is null', '{"selector":null}'],
    ['a selector that is an array', '{"selector":["app"]}'],
    ['a selector with a value that is not a string', '{"selector":{"app":5}}'],
    ['a selector with a key the apiserver refuses', '{"selector":{"bad key!":"web"}}'],
    ['a selector with a value the apiserver refuses', '{"selector":{"app":"web front"}}'],
  ])('hands the adopted Service to the target pods (the target selector) when its original-spec is %s', async (_what, recorded) => {
    fake.put(SERVICES, shipped());
    await ensureServices(clients, input);
    fake.put(SERVICES, { ...web(), metadata: { ...web().metadata, annotations: { ...web().metadata.annotations, [ORIGINAL_SPEC_ANNOTATION]: recorded } } });
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'released' });
    expect(web().spec.selector).toEqual({ app: 'web' });
    expect(web().metadata.annotations).toEqual({ team: 'shop' });
  });

  it('restores a selector whose keys have a DNS prefix when original-spec recorded one', async () => {
    fake.put(SERVICES, shipped({ selector: { 'app.kubernetes.io/name': 'web', tier: '' } }));
    await ensureServices(clients, input);
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'restored' });
    expect(web().spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', tier: '' });
  });

  it('makes the owned Service the user\'s, selecting the target pods, when the Canary created it', async () => {
    await ensureServices(clients, input);
    fake.put(SERVICES, { ...web(), metadata: { ...web().metadata, labels: { ...web().metadata.labels, team: 'shop' } } });
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'released' });
    expect(web().spec.selector).toEqual({ app: 'web' });
    expect(web().spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(web().metadata).not.toHaveProperty('ownerReferences');
    expect(web().metadata.labels).toEqual({ team: 'shop' });
  });

  it('keeps the ownerReferences of others when it releases an owned Service', async () => {
    await ensureServices(clients, input);
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'keep', uid: 'uid-keep' };
    fake.put(SERVICES, { ...web(), metadata: { ...web().metadata, ownerReferences: [...web().metadata.ownerReferences, other] } });
    await releaseService(clients, input);
    expect(web().metadata.ownerReferences).toEqual([other]);
  });

  it.each([
    ['there is no Service', undefined],
    ['the Service is neither owned nor adopted by the Canary', shipped()],
    ['another Canary adopted the Service', { ...shipped(), metadata: { ...shipped().metadata, annotations: { [ADOPTED_BY_ANNOTATION]: 'uid-other' } } }],
  ])('answers absent and writes nothing when %s', async (_when, service) => {
    if (service) fake.put(SERVICES, service);
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'absent' });
    expect(writes()).toEqual([]);
  });

  it('answers absent and writes nothing when the Service was handed back already', async () => {
    fake.put(SERVICES, shipped());
    await ensureServices(clients, input);
    await releaseService(clients, input);
    const before = writes().length;
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'absent' });
    expect(writes()).toHaveLength(before);
  });

  it('reads again when the Service changed between its read and the hand-back patch', async () => {
    fake.put(SERVICES, shipped());
    await ensureServices(clients, input);
    let raced = false;
    fake.beforeHandling = (request) => {
      if (request.method !== 'PATCH' || raced) return;
      raced = true;
      fake.put(SERVICES, { ...web(), metadata: { ...web().metadata, labels: { app: 'web', team: 'shop' } } });
    };
    expect(await releaseService(clients, input)).toEqual({ ok: true, value: 'restored' });
    expect(web().metadata.labels).toEqual({ app: 'web', team: 'shop' });
    expect(web().spec.selector).toEqual({ app: 'web', tier: 'front' });
  });

  it('fails with invalid when an owned Service must select the target and the target has no matchLabels', async () => {
    await ensureServices(clients, input);
    const outcome = await releaseService(clients, { ...input, targetSelector: {} });
    expect(!outcome.ok && outcome.error.code).toBe('invalid');
  });
});
