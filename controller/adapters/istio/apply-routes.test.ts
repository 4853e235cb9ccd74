// applyRoutes against an HTTP fake of the apiserver on loopback that stores
// VirtualServices by name: a 409 on the write is retried once with a fresh
// read, a write that does not stick is reported as not verified, a Canary that
// serves mesh and a gateway gets two VirtualServices kept in step, and a
// gateway VirtualService the Canary no longer needs is deleted.
import http from 'node:http';
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from '../kubernetes/loopback-kube-config.js';
import { applyRoutes } from './apply-routes.js';
import type { HttpRoute, VirtualService } from './istio-resources.js';
import type { RoutingInput } from './virtual-service-plan.js';

const COLLECTION = '/apis/networking.istio.io/v1/namespaces/shop/virtualservices';

interface FakeOptions {
  /** Writes answered 409 (and not stored) before one is accepted. */
  conflicts: number;
  /** Accepted writes are answered but silently not stored (a webhook undoing them). */
  dropWrites: boolean;
}

function fakeIstio(initial: readonly VirtualService[], options: FakeOptions) {
  const state = { stored: new Map(initial.map((vs) => [vs.metadata.name, vs])), writes: 0, conflicts: options.conflicts, deletes: [] as string[] };
  let version = 100;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const reply = (status: number, payload: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const notFound = () => reply(404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
      const url = request.url ?? '';
      if (request.method === 'POST' && url === COLLECTION) {
        const sent = JSON.parse(body) as VirtualService;
        const created = { ...sent, metadata: { ...sent.metadata, uid: `uid-${sent.metadata.name}`, resourceVersion: String((version += 1)) } };
        if (!options.dropWrites) state.stored.set(sent.metadata.name, created);
        return reply(201, created);
      }
      if (!url.startsWith(`${COLLECTION}/`)) return notFound();
      const name = url.slice(COLLECTION.length + 1);
      const current = state.stored.get(name);
      if (request.method === 'GET') return current ? reply(200, current) : notFound();
      if (request.method === 'DELETE') {
        if (!current) return notFound();
        state.stored.delete(name);
        state.deletes.push(name);
        return reply(200, { kind: 'Status', status: 'Success' });
      }
      if (request.method !== 'PUT' || !current) return reply(405, {});
      state.writes += 1;
      const sent = JSON.parse(body) as VirtualService;
      if (state.conflicts > 0 || sent.metadata.resourceVersion !== current.metadata.resourceVersion) {
        state.conflicts -= 1;
        // Someone else wrote meanwhile: a new resourceVersion.
        state.stored.set(name, { ...current, metadata: { ...current.metadata, resourceVersion: String((version += 1)) } });
        return reply(409, { kind: 'Status', code: 409, reason: 'Conflict', message: 'the object has been modified; please apply your changes to the latest version and try again' });
      }
      const next = { ...sent, metadata: { ...sent.metadata, resourceVersion: String((version += 1)) } };
      if (!options.dropWrites) state.stored.set(name, next);
      return reply(200, next);
    });
  });
  return { server, state };
}

const owner = { name: 'web', uid: 'uid-web' };
const ownedBy = [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid: 'uid-web', controller: true }];

const existing: VirtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: '5' },
  spec: { hosts: ['web'], http: [{ name: 'legacy', route: [{ destination: { host: 'legacy' } }] }] },
};

const input: RoutingInput = {
  name: 'web',
  namespace: 'shop',
  hosts: ['web'],
  gateways: ['mesh'],
  primaryHost: 'web-primary',
  canaryHost: 'web-canary',
  internalHost: 'web-internal',
  port: 80,
  internalMatch: undefined,
  routes: { internalToCanary: false, canaryWeight: 25 },
  owner,
};

const meshAndGateway: RoutingInput = {
  ...input,
  hosts: ['web', 'web.example.com'],
  gateways: ['mesh', 'istio-system/public'],
  internalMatch: [{ header: { name: 'x-songbird-user', exact: 'internal' } }, { jwtClaim: { name: 'groups', exact: 'internal' } }],
  routes: { internalToCanary: true, canaryWeight: 5 },
};

const claimHeaders = (vs: VirtualService | undefined): string[] =>
  (vs?.spec.http ?? []).flatMap((route: HttpRoute) => (route.match ?? []).flatMap((m) => Object.keys(m.headers ?? {}))).filter((h) => h.startsWith('@request.auth.claims.'));
const weights = (vs: VirtualService | undefined) => vs?.spec.http?.find((r) => r.name === 'songbird-default')?.route?.map((d) => d.weight);

describe('applyRoutes', () => {
  let server: http.Server | undefined;

  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  async function run(initial: readonly VirtualService[], options: FakeOptions, routing: RoutingInput = input) {
    const fake = fakeIstio(initial, options);
    server = fake.server;
    await listenOnLoopback(server);
    const result = await applyRoutes(makeKubernetesClients(loopbackKubeConfig(server)), routing);
    return { result, state: fake.state };
  }

  it('writes again after one conflict and verifies the stored weights', async () => {
    const { result, state } = await run([existing], { conflicts: 1, dropWrites: false });
    expect(result).toMatchObject({ ok: true, value: { outcome: 'updated', routes: { internalToCanary: false, canaryWeight: 25 } } });
    expect(state.stored.get('web')?.spec.http?.map((r) => r.name)).toEqual(['legacy', 'songbird-default']);
  });

  it('gives up with a retryable conflict after a second conflict', async () => {
    const { result } = await run([existing], { conflicts: 2, dropWrites: false });
    expect(!result.ok && result.error).toMatchObject({ code: 'conflict', retryable: true, status: 409 });
  });

  it('reports the routes as not verified when the write did not stick', async () => {
    const { result } = await run([existing], { conflicts: 0, dropWrites: true });
    expect(!result.ok && result.error).toMatchObject({ code: 'notVerified', retryable: true });
    expect(!result.ok && result.error.message).toContain('wanted canary weight 25 %');
  });

  it('writes a mesh VirtualService without claims and a gateway-only one with them when the Canary serves both', async () => {
    const { result, state } = await run([], { conflicts: 0, dropWrites: false }, meshAndGateway);
    expect(result).toEqual({ ok: true, value: { outcome: 'created', routes: { internalToCanary: true, canaryWeight: 5 } } });
    const mesh = state.stored.get('web');
    const gateway = state.stored.get('web-gateway');
    expect([mesh?.spec.gateways, gateway?.spec.gateways]).toEqual([['mesh'], ['istio-system/public']]);
    expect([claimHeaders(mesh), claimHeaders(gateway)]).toEqual([[], ['@request.auth.claims.groups']]);
    expect([weights(mesh), weights(gateway)]).toEqual([[95, 5], [95, 5]]);
  });

  it('moves both VirtualServices to the next weight and hands all traffic back to the primary together', async () => {
    const first = await run([], { conflicts: 0, dropWrites: false }, meshAndGateway);
    const stored = [...first.state.stored.values()];
    await closeServer(server!);
    const next = await run(stored, { conflicts: 0, dropWrites: false }, { ...meshAndGateway, routes: { internalToCanary: true, canaryWeight: 50 } });
    expect([weights(next.state.stored.get('web')), weights(next.state.stored.get('web-gateway'))]).toEqual([[50, 50], [50, 50]]);
    const after = [...next.state.stored.values()];
    await closeServer(server!);
    const back = await run(after, { conflicts: 0, dropWrites: false }, { ...meshAndGateway, routes: { internalToCanary: false, canaryWeight: 0 } });
    expect(back.result).toEqual({ ok: true, value: { outcome: 'updated', routes: { internalToCanary: false, canaryWeight: 0 } } });
    const internalRoutes = ['web', 'web-gateway'].map((name) => back.state.stored.get(name)?.spec.http?.some((r) => r.name === 'songbird-internal'));
    expect([internalRoutes, weights(back.state.stored.get('web')), weights(back.state.stored.get('web-gateway'))]).toEqual([[false, false], [100, 0], [100, 0]]);
  });

  it('deletes its gateway VirtualService when the Canary serves only the mesh again, and leaves a foreign one alone', async () => {
    const owned: VirtualService = { ...existing, metadata: { name: 'web-gateway', namespace: 'shop', uid: 'uid-web-gateway', resourceVersion: '7', ownerReferences: ownedBy }, spec: { hosts: ['web'], gateways: ['istio-system/public'], http: [] } };
    const removed = await run([owned], { conflicts: 0, dropWrites: false });
    expect(removed.state.deletes).toEqual(['web-gateway']);
    expect([removed.result.ok && removed.result.value.outcome, [...removed.state.stored.keys()]]).toEqual(['created', ['web']]);
    await closeServer(server!);
    const foreign = await run([{ ...owned, metadata: { ...owned.metadata, ownerReferences: [] } }], { conflicts: 0, dropWrites: false });
    expect(foreign.state.deletes).toEqual([]);
  });

  it('gives an adopted gateway VirtualService back as it was when the Canary serves only the mesh again', async () => {
    const users: VirtualService = { ...existing, metadata: { name: 'web-gateway', namespace: 'shop', uid: 'uid-users', resourceVersion: '7' }, spec: { hosts: ['web.example.com'], gateways: ['istio-system/public'], http: [{ name: 'legacy', route: [{ destination: { host: 'legacy' } }] }] } };
    const rollout = await run([users], { conflicts: 0, dropWrites: false }, meshAndGateway);
    expect(rollout.state.stored.get('web-gateway')?.metadata.annotations?.['songbird.dev/adopted-by']).toBe('uid-web');
    const during = [...rollout.state.stored.values()];
    await closeServer(server!);
    const meshOnly = await run(during, { conflicts: 0, dropWrites: false }, { ...meshAndGateway, gateways: ['mesh'], internalMatch: [meshAndGateway.internalMatch![0]!] });
    const back = meshOnly.state.stored.get('web-gateway');
    expect([back?.spec, back?.metadata.annotations, meshOnly.state.deletes]).toEqual([users.spec, undefined, []]);
  });

  it('refuses, before writing anything, a JWT claim match when the Canary serves only the mesh', async () => {
    const { result, state } = await run([], { conflicts: 0, dropWrites: false }, { ...meshAndGateway, gateways: ['mesh'] });
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid', retryable: false });
    expect(!result.ok && result.error.message).toContain('spec.stages.internal.match[1].jwtClaim');
    expect(state.stored.size).toBe(0);
  });
});
