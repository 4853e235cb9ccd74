import { describe, expect, it } from '@jest/globals';
import type { HttpRouteObject } from './cluster-view.js';
import { demoDeployment, demoService } from './demo-objects.js';
import { routeByHttpRoutes, httpRoutesFor } from './http-route-routing.js';
import type { HttpRouteSpec } from './http-route-spec.js';
import { inMemoryClusterView } from './in-memory-cluster-view.js';
import type { MeshRequest } from './mesh-request.js';
import { seededRandom } from './seeded-random.js';
import { serveRequest } from './serve-request.js';
import { DEFAULT_INTERNAL_IDENTITY, requestFactory } from './user-identity.js';

const ns = 'demo';
const route = (name: string, spec: HttpRouteSpec, createdAt = '2026-01-01T00:00:00Z'): HttpRouteObject => ({ metadata: { name, namespace: ns, creationTimestamp: new Date(createdAt) }, spec });
const backend = (name: string, weight?: number) => ({ group: '', kind: 'Service', name, port: 9898, ...(weight !== undefined ? { weight } : {}) });
const toService = [{ group: '', kind: 'Service', name: 'podinfo' }];
const every = { path: { type: 'PathPrefix' as const, value: '/' } };
// As the Gateway API router writes it during the internal stage at weight 25.
const canaryRoute = route('podinfo', {
  parentRefs: toService,
  rules: [
    {
      matches: [
        { ...every, headers: [{ type: 'Exact', name: 'x-songbird-user', value: 'internal' }] },
        { ...every, headers: [{ type: 'RegularExpression', name: 'cookie', value: '^(.*?;\\s*)?(songbird-user=internal)(;.*)?$' }] },
      ],
      backendRefs: [backend('podinfo-canary', 100)],
    },
    { matches: [every], backendRefs: [backend('podinfo-primary', 75), backend('podinfo-canary', 25)] },
  ],
});
const request = (over: Partial<MeshRequest> = {}): MeshRequest => ({ host: 'podinfo', headers: {}, ...over });
const hostOf = (routes: HttpRouteObject[], req: MeshRequest, seed = 1): string => {
  const decision = routeByHttpRoutes(routes, req, seededRandom(seed), ns);
  return decision.kind === 'destination' ? decision.destination.host : `${decision.kind}:${decision.kind === 'no-route' ? 404 : decision.status}`;
};

describe('Gateway API routing in the mesh stand-in', () => {
  it('attaches a Service parentRef to mesh traffic for that Service and a Gateway parentRef only to that gateway\'s traffic', () => {
    const atGateway = route('edge', { parentRefs: [{ name: 'public' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [backend('podinfo-primary')] }] });
    expect(httpRoutesFor([canaryRoute, atGateway], request(), ns).map((r) => r.metadata.name)).toEqual(['podinfo']);
    expect(httpRoutesFor([canaryRoute, atGateway], request({ host: 'podinfo.demo.svc.cluster.local' }), ns).map((r) => r.metadata.name)).toEqual(['podinfo']);
    expect(httpRoutesFor([canaryRoute, atGateway], request({ host: 'shop.example.com', gateway: 'demo/public' }), ns).map((r) => r.metadata.name)).toEqual(['edge']);
    expect(httpRoutesFor([canaryRoute, atGateway], request({ host: 'other.example.com', gateway: 'demo/public' }), ns)).toEqual([]);
  });

  it('sends internal users (header or cookie) to the canary: more header matches outrank the catch-all rule', () => {
    expect(hostOf([canaryRoute], request({ headers: { 'X-Songbird-User': 'internal' } }))).toBe('podinfo-canary');
    expect(hostOf([canaryRoute], request({ cookies: { theme: 'dark', 'songbird-user': 'internal' } }))).toBe('podinfo-canary');
    // Exact header values are case-sensitive: this user is not internal, so the weighted rule (75/25) decides.
    const seen = new Set(Array.from({ length: 30 }, (_, i) => hostOf([canaryRoute], request({ headers: { 'x-songbird-user': 'Internal' } }), i)));
    expect([...seen].sort()).toEqual(['podinfo-canary', 'podinfo-primary']);
  });

  it('splits everyone else by weight (75/25 over 4,000 requests within 3 points)', () => {
    const random = seededRandom(7);
    let canary = 0;
    for (let i = 0; i < 4_000; i += 1) {
      const d = routeByHttpRoutes([canaryRoute], request(), random, ns);
      if (d.kind === 'destination' && d.destination.host === 'podinfo-canary') canary += 1;
    }
    expect(Math.abs(canary / 4_000 - 0.25)).toBeLessThan(0.03);
  });

  it('answers 500 when every backend of the matched rule weighs 0, and 404 when no rule matches', () => {
    expect(hostOf([route('r', { parentRefs: toService, rules: [{ backendRefs: [backend('podinfo-primary', 0)] }] })], request())).toBe('direct-response:500');
    expect(hostOf([route('r', { parentRefs: toService, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [backend('podinfo-primary')] }] })], request({ path: '/apis' }))).toBe('no-route:404');
  });

  it('matches PathPrefix by path element and prefers the longer prefix, then the older route on a tie', () => {
    const api = route('api', { parentRefs: toService, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api/' } }], backendRefs: [backend('api')] }] }, '2026-02-01T00:00:00Z');
    const all = route('all', { parentRefs: toService, rules: [{ backendRefs: [backend('all')] }] }, '2026-03-01T00:00:00Z');
    const older = route('older', { parentRefs: toService, rules: [{ backendRefs: [backend('older')] }] }, '2026-01-01T00:00:00Z');
    expect(hostOf([all, api], request({ path: '/api/v1' }))).toBe('api');
    expect(hostOf([all, api], request({ path: '/api' }))).toBe('api');
    expect(hostOf([all, api], request({ path: '/apix' }))).toBe('all');
    expect(hostOf([all, older], request())).toBe('older');
  });

  it('serves mesh traffic by the HTTPRoute, reaching the canary workload for internal users and never a Service it does not name', () => {
    const view = inMemoryClusterView(ns, {
      httpRoutes: [canaryRoute],
      services: [demoService('podinfo', ns, { app: 'podinfo-primary' }), demoService('podinfo-primary', ns, { app: 'podinfo-primary' }), demoService('podinfo-canary', ns, { app: 'podinfo' })],
      deployments: [
        demoDeployment({ name: 'podinfo-primary', namespace: ns, labels: { app: 'podinfo-primary' }, readyReplicas: 2 }),
        demoDeployment({ name: 'podinfo', namespace: ns, labels: { app: 'podinfo' }, readyReplicas: 1 }),
      ],
    });
    const make = requestFactory('podinfo', DEFAULT_INTERNAL_IDENTITY);
    const internal = serveRequest(view, make('internal'), 'internal', seededRandom(2));
    expect(internal.kind === 'served' && internal.workload.name).toBe('podinfo');
    const seen = new Set(Array.from({ length: 40 }, (_, i) => serveRequest(view, make('customer'), 'customer', seededRandom(i))).map((s) => (s.kind === 'served' ? s.service.name : s.kind)));
    expect([...seen].sort()).toEqual(['podinfo-canary', 'podinfo-primary']);
  });
});
