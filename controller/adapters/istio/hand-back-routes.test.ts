// handBackRoutes against an HTTP fake of the apiserver on loopback
// (fake-virtual-services-apiserver.ts): owned VirtualServices route to the
// apex Service, the gateway one is released, an adopted one comes back as it
// was before applyRoutes adopted it, and writes race, vanish or are refused.
import type http from 'node:http';
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from '../kubernetes/loopback-kube-config.js';
import { applyRoutes } from './apply-routes.js';
import { fakeVirtualServicesApiServer, type FakeVirtualServicesOptions } from './fake-virtual-services-apiserver.js';
import { handBackRoutes } from './hand-back-routes.js';
import type { VirtualService } from './istio-resources.js';
import type { RoutingInput } from './virtual-service-plan.js';

const input: RoutingInput = {
  name: 'web',
  namespace: 'shop',
  hosts: ['web', 'web.example.com'],
  gateways: ['mesh', 'istio-system/public'],
  primaryHost: 'web-primary',
  canaryHost: 'web-canary',
  internalHost: 'web-internal',
  port: 8080,
  internalMatch: [{ header: { name: 'x-songbird-user', exact: 'internal' } }],
  routes: { internalToCanary: true, canaryWeight: 50 },
  owner: { name: 'web', uid: 'uid-web' },
};
const handedBack = [{ name: 'songbird-handed-back', route: [{ destination: { host: 'web', port: { number: 8080 } } }] }];

const usersOwn: VirtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-users', resourceVersion: '3', annotations: { 'argocd.argoproj.io/tracking-id': 'shop:networking.istio.io/VirtualService:shop/web' } },
  spec: { hosts: ['web'], http: [{ name: 'retries', retries: { attempts: 3 }, route: [{ destination: { host: 'web' } }] }] },
};

describe('handBackRoutes', () => {
  let server: http.Server | undefined;

  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  async function start(initial: readonly VirtualService[], options: FakeVirtualServicesOptions = {}) {
    const fake = fakeVirtualServicesApiServer(initial, options);
    server = fake.server;
    await listenOnLoopback(server);
    return { ...fake, clients: makeKubernetesClients(loopbackKubeConfig(server)) };
  }

  /** The VirtualServices applyRoutes leaves for `routing`, starting from `initial`. */
  async function afterRollout(initial: readonly VirtualService[], routing: RoutingInput = input): Promise<VirtualService[]> {
    const fake = await start(initial);
    const applied = await applyRoutes(fake.clients, routing);
    if (!applied.ok) throw new Error(applied.error.message);
    await closeServer(fake.server);
    server = undefined;
    return [...fake.stored.values()];
  }

  it('routes the owned mesh VirtualService to the apex Service and keeps it owned, and releases the gateway one, when the Canary serves both', async () => {
    const { stored, clients } = await start(await afterRollout([]));
    expect(await handBackRoutes(clients, input)).toEqual({ ok: true, value: 'handedBack' });
    const mesh = stored.get('web')!;
    const gateway = stored.get('web-gateway')!;
    expect([mesh.spec.http, gateway.spec.http]).toEqual([handedBack, handedBack]);
    expect([mesh.spec.gateways, gateway.spec.gateways]).toEqual([['mesh'], ['istio-system/public']]);
    expect(mesh.metadata.ownerReferences?.map((ref) => ref.uid)).toEqual(['uid-web']);
    expect(mesh.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'songbird', 'songbird.dev/canary': 'web' });
    expect([gateway.metadata.ownerReferences, gateway.metadata.labels]).toEqual([undefined, undefined]);
  });

  it('writes nothing when called again after a hand-back', async () => {
    const first = await start(await afterRollout([]));
    await handBackRoutes(first.clients, input);
    const handed = [...first.stored.values()];
    await closeServer(first.server);
    const again = await start(handed);
    expect(await handBackRoutes(again.clients, input)).toEqual({ ok: true, value: 'handedBack' });
    expect(again.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  it('gives back the user VirtualService exactly as it was before Songbird adopted it', async () => {
    const during = await afterRollout([usersOwn], { ...input, gateways: ['mesh'] });
    const adopted = during.find((vs) => vs.metadata.name === 'web')!;
    expect([adopted.metadata.annotations?.['songbird.dev/adopted-by'], adopted.metadata.ownerReferences]).toEqual(['uid-web', undefined]);
    expect(adopted.spec.http?.map((r) => r.name)).toEqual(['retries', 'songbird-internal', 'songbird-default']);

    const { stored, clients } = await start(during);
    expect(await handBackRoutes(clients, { ...input, gateways: ['mesh'] })).toEqual({ ok: true, value: 'handedBack' });
    const back = stored.get('web')!;
    expect([back.spec, back.metadata.annotations, back.metadata.uid]).toEqual([usersOwn.spec, usersOwn.metadata.annotations, 'uid-users']);
  });

  it('keeps a route the user added to the adopted VirtualService mid-rollout, in its place, when it hands it back', async () => {
    const during = await afterRollout([usersOwn], { ...input, gateways: ['mesh'] });
    const adopted = during.find((vs) => vs.metadata.name === 'web')!;
    const addedLater = { name: 'v2-api', match: [{ uri: { prefix: '/v2' } }], route: [{ destination: { host: 'web-v2' } }] };
    const edited = { ...adopted, spec: { ...adopted.spec, http: [addedLater, ...(adopted.spec.http ?? [])] } };
    const { stored, clients } = await start(during.map((vs) => (vs.metadata.name === 'web' ? edited : vs)));
    expect(await handBackRoutes(clients, { ...input, gateways: ['mesh'] })).toEqual({ ok: true, value: 'handedBack' });
    expect(stored.get('web')!.spec).toEqual({ ...usersOwn.spec, http: [addedLater, ...usersOwn.spec.http!] });
  });

  it('keeps the first recorded spec through later weights, so the hand-back restores the one from before the first write', async () => {
    const first = await afterRollout([usersOwn], { ...input, gateways: ['mesh'], routes: { internalToCanary: true, canaryWeight: 0 } });
    const later = await afterRollout(first, { ...input, gateways: ['mesh'], routes: { internalToCanary: false, canaryWeight: 100 } });
    const { stored, clients } = await start(later);
    await handBackRoutes(clients, { ...input, gateways: ['mesh'] });
    expect(stored.get('web')!.spec).toEqual(usersOwn.spec);
  });

  it('leaves a foreign VirtualService with a layout name untouched', async () => {
    const foreignGateway = { ...usersOwn, metadata: { ...usersOwn.metadata, name: 'web-gateway' } };
    const { stored, clients, requests } = await start([foreignGateway]);
    expect(await handBackRoutes(clients, input)).toEqual({ ok: true, value: 'handedBack' });
    expect([stored.get('web-gateway'), requests]).toEqual([foreignGateway, ['GET web', 'GET web-gateway']]);
  });

  it('writes again after one conflict', async () => {
    const { stored, clients } = await start(await afterRollout([]), { conflicts: 1 });
    expect(await handBackRoutes(clients, input)).toEqual({ ok: true, value: 'handedBack' });
    expect(stored.get('web')!.spec.http).toEqual(handedBack);
  });

  it('gives up with a retryable conflict after a second conflict', async () => {
    const { clients } = await start(await afterRollout([]), { conflicts: 2 });
    const result = await handBackRoutes(clients, input);
    expect(!result.ok && result.error).toMatchObject({ code: 'conflict', retryable: true, status: 409 });
  });

  it('reports the hand-back as not verified when the write did not stick', async () => {
    const { clients } = await start(await afterRollout([]), { dropWrites: true });
    const result = await handBackRoutes(clients, input);
    expect(!result.ok && result.error).toMatchObject({ code: 'notVerified', retryable: true, message: expect.stringContaining('VirtualService shop/web was not handed back') });
  });

  it('returns the webhook refusal as an invalid error when the apiserver refuses the write', async () => {
    const { clients } = await start(await afterRollout([]), { refuse: () => 'admission webhook "validation.istio.io" denied the request' });
    const result = await handBackRoutes(clients, input);
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid', retryable: false, status: 422, message: expect.stringContaining('validation.istio.io') });
  });

  it('hands back nothing and succeeds when no VirtualService of the layout exists', async () => {
    const { clients, requests } = await start([]);
    expect(await handBackRoutes(clients, input)).toEqual({ ok: true, value: 'handedBack' });
    expect(requests).toEqual(['GET web', 'GET web-gateway']);
  });
});
