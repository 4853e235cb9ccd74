// applyRoutes against an HTTP fake of the apiserver on loopback that stores
// one VirtualService: a 409 on the write is retried once with a fresh read,
// and a write that does not stick is reported as not verified.
import http from 'node:http';
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from '../kubernetes/loopback-kube-config.js';
import { applyRoutes } from './apply-routes.js';
import type { VirtualService } from './istio-resources.js';
import type { RoutingInput } from './virtual-service-plan.js';

const PATH = '/apis/networking.istio.io/v1/namespaces/shop/virtualservices/web';

interface FakeOptions {
  /** Writes answered 409 (and not stored) before one is accepted. */
  conflicts: number;
  /** Accepted writes are answered but silently not stored (a webhook undoing them). */
  dropWrites: boolean;
}

function fakeIstio(stored: VirtualService, options: FakeOptions) {
  const state = { stored, writes: 0, conflicts: options.conflicts };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const reply = (status: number, payload: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (request.url !== PATH) return reply(404, { kind: 'Status', code: 404, message: 'not found' });
      if (request.method === 'GET') return reply(200, state.stored);
      if (request.method !== 'PUT') return reply(405, {});
      state.writes += 1;
      const sent = JSON.parse(body) as VirtualService;
      if (state.conflicts > 0 || sent.metadata.resourceVersion !== state.stored.metadata.resourceVersion) {
        state.conflicts -= 1;
        // Someone else wrote meanwhile: a new resourceVersion.
        state.stored = { ...state.stored, metadata: { ...state.stored.metadata, resourceVersion: String(Number(state.stored.metadata.resourceVersion) + 1) } };
        return reply(409, { kind: 'Status', code: 409, reason: 'Conflict', message: 'the object has been modified; please apply your changes to the latest version and try again' });
      }
      const next = { ...sent, metadata: { ...sent.metadata, resourceVersion: String(Number(sent.metadata.resourceVersion) + 1) } };
      if (!options.dropWrites) state.stored = next;
      return reply(200, next);
    });
  });
  return { server, state };
}

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
  port: 80,
  internalMatch: undefined,
  routes: { internalToCanary: false, canaryWeight: 25 },
  owner: { name: 'web', uid: 'uid-web' },
};

describe('applyRoutes', () => {
  let server: http.Server | undefined;

  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  async function run(options: FakeOptions) {
    const fake = fakeIstio(existing, options);
    server = fake.server;
    await listenOnLoopback(server);
    const result = await applyRoutes(makeKubernetesClients(loopbackKubeConfig(server)), input);
    return { result, state: fake.state };
  }

  it('writes again after one conflict and verifies the stored weights', async () => {
    const { result, state } = await run({ conflicts: 1, dropWrites: false });
    expect(result).toEqual({ ok: true, value: { outcome: 'updated', routes: { internalToCanary: false, canaryWeight: 25 } } });
    expect(state.stored.spec.http?.map((r) => r.name)).toEqual(['legacy', 'songbird-default']);
  });

  it('gives up with a retryable conflict after a second conflict', async () => {
    const { result } = await run({ conflicts: 2, dropWrites: false });
    expect(!result.ok && result.error).toMatchObject({ code: 'conflict', retryable: true, status: 409 });
  });

  it('reports the routes as not verified when the write did not stick', async () => {
    const { result } = await run({ conflicts: 0, dropWrites: true });
    expect(!result.ok && result.error).toMatchObject({ code: 'notVerified', retryable: true });
    expect(!result.ok && result.error.message).toContain('wanted canary weight 25 %');
  });
});
