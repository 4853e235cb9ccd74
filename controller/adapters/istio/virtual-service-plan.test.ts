import type { Routes } from '../../core/actions.js';
import type { InternalMatch } from '../../schema/canary-spec.js';
import type { HttpRoute, VirtualService } from './istio-resources.js';
import { planVirtualService, type RoutingInput } from './virtual-service-plan.js';

const owner = { name: 'web', uid: 'uid-web' };
const internalMatch: InternalMatch[] = [{ header: { name: 'X-Songbird-Internal', exact: 'true' } }];

function input(routes: Routes, overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    name: 'web',
    namespace: 'shop',
    hosts: ['web'],
    gateways: ['mesh'],
    primaryHost: 'web-primary',
    canaryHost: 'web-canary',
    internalHost: 'web-internal',
    port: 8080,
    internalMatch,
    routes,
    owner,
    ...overrides,
  };
}

const to = (host: string, weight: number) => ({ destination: { host, port: { number: 8080 } }, weight });
const defaultRoute = (w: number): HttpRoute => ({ name: 'songbird-default', route: [to('web-primary', 100 - w), to('web-canary', w)] });
const internalRoute: HttpRoute = {
  name: 'songbird-internal',
  match: [{ headers: { 'x-songbird-internal': { exact: 'true' } } }],
  route: [to('web-internal', 100)],
};
const foreignA: HttpRoute = { name: 'legacy-api', match: [{ uri: { prefix: '/v0' } }], route: [{ destination: { host: 'legacy' } }] };
const foreignB: HttpRoute = { name: 'maintenance', match: [{ uri: { exact: '/down' } }], directResponse: { status: 503 } } as HttpRoute;

function existing(http: HttpRoute[], ownedBy?: string): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'web',
      namespace: 'shop',
      resourceVersion: '42',
      ...(ownedBy ? { ownerReferences: [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid: ownedBy, controller: true }] } : {}),
    },
    spec: { hosts: ['web'], gateways: ['mesh'], http },
  };
}

function plannedHttp(before: VirtualService | undefined, routes: Routes, overrides: Partial<RoutingInput> = {}): HttpRoute[] {
  const plan = planVirtualService(before, input(routes, overrides));
  if (!plan.ok) throw new Error(plan.error.message);
  return plan.value.object.spec.http ?? [];
}

describe('planVirtualService', () => {
  it.each<[string, VirtualService | undefined, Routes, HttpRoute[]]>([
    ['all traffic goes to the primary when no stage runs', undefined, { internalToCanary: false, canaryWeight: 0 }, [defaultRoute(0)]],
    ['internal users go to the canary, everyone else to the primary, in the internal stage', undefined, { internalToCanary: true, canaryWeight: 0 }, [internalRoute, defaultRoute(0)]],
    ['a quarter of customers go to the canary when the weight is 25', existing([internalRoute, defaultRoute(0)], 'uid-web'), { internalToCanary: true, canaryWeight: 25 }, [internalRoute, defaultRoute(25)]],
    ['the internal route goes away when internal users no longer go to the canary', existing([internalRoute, defaultRoute(50)], 'uid-web'), { internalToCanary: false, canaryWeight: 0 }, [defaultRoute(0)]],
    ['foreign routes keep their places and order around Songbird routes', existing([foreignA, defaultRoute(0), foreignB]), { internalToCanary: true, canaryWeight: 25 }, [foreignA, internalRoute, defaultRoute(25), foreignB]],
    ['Songbird routes go after all foreign routes when first added', existing([foreignB, foreignA]), { internalToCanary: false, canaryWeight: 5 }, [foreignB, foreignA, defaultRoute(5)]],
    ['the internal route takes its old place between foreign routes', existing([internalRoute, foreignA, defaultRoute(5), foreignB]), { internalToCanary: true, canaryWeight: 50 }, [internalRoute, foreignA, defaultRoute(50), foreignB]],
    ['an internal route found after the default route is moved before it', existing([defaultRoute(5), foreignA, internalRoute]), { internalToCanary: true, canaryWeight: 5 }, [internalRoute, defaultRoute(5), foreignA]],
    ['stale songbird-* routes disappear, foreign ones stay', existing([foreignA, { name: 'songbird-old', route: [to('web-canary', 100)] }, defaultRoute(0)]), { internalToCanary: false, canaryWeight: 100 }, [foreignA, defaultRoute(100)]],
  ])('%s', (_title, before, routes, expected) => {
    expect(plannedHttp(before, routes)).toEqual(expected);
  });

  it('has no internal route when the Canary has no internal match, even if asked to route internal users', () => {
    expect(plannedHttp(undefined, { internalToCanary: true, canaryWeight: 0 }, { internalMatch: undefined })).toEqual([defaultRoute(0)]);
  });

  it('gives destination weights that sum to 100 for every weight', () => {
    for (const weight of [0, 1, 5, 25, 50, 99, 100]) {
      const fallback = plannedHttp(undefined, { internalToCanary: false, canaryWeight: weight }).find((r) => r.name === 'songbird-default')!;
      expect(fallback.route!.reduce((sum, d) => sum + (d.weight ?? 0), 0)).toBe(100);
    }
  });

  it('creates an owned VirtualService with the hosts and gateways when there is none', () => {
    const plan = planVirtualService(undefined, input({ internalToCanary: false, canaryWeight: 0 }, { hosts: ['web', 'web.example.com'], gateways: ['mesh', 'istio-system/public'] }));
    expect(plan.ok && plan.value.action).toBe('create');
    const vs = plan.ok ? plan.value.object : undefined;
    expect(vs?.apiVersion).toBe('networking.istio.io/v1');
    expect(vs?.metadata).toMatchObject({ name: 'web', namespace: 'shop', ownerReferences: [{ kind: 'Canary', uid: 'uid-web', controller: true }] });
    expect(vs?.spec).toMatchObject({ hosts: ['web', 'web.example.com'], gateways: ['mesh', 'istio-system/public'] });
  });

  it('replaces with the existing resourceVersion and keeps foreign fields when the weight changes', () => {
    const before = existing([defaultRoute(5)], 'uid-web');
    before.spec.tcp = [{ route: [{ destination: { host: 'db' } }] }];
    const plan = planVirtualService(before, input({ internalToCanary: false, canaryWeight: 25 }));
    expect(plan.ok && plan.value.action).toBe('replace');
    expect(plan.ok && plan.value.object.metadata.resourceVersion).toBe('42');
    expect(plan.ok && plan.value.object.spec.tcp).toEqual(before.spec.tcp);
  });

  it('plans nothing when the routes are already set', () => {
    const plan = planVirtualService(existing([foreignA, internalRoute, defaultRoute(25)], 'uid-web'), input({ internalToCanary: true, canaryWeight: 25 }));
    expect(plan.ok && plan.value.action).toBe('none');
  });

  it('adds missing hosts to a VirtualService it does not own without removing any', () => {
    const before = existing([foreignA]);
    before.spec.hosts = ['web.example.com'];
    const plan = planVirtualService(before, input({ internalToCanary: false, canaryWeight: 0 }));
    expect(plan.ok && plan.value.object.spec.hosts).toEqual(['web.example.com', 'web']);
    expect(plan.ok && plan.value.object.metadata.ownerReferences).toBeUndefined();
  });

  it('sets exactly the spec hosts on a VirtualService it owns', () => {
    const before = existing([defaultRoute(0)], 'uid-web');
    before.spec.hosts = ['web', 'old.example.com'];
    const plan = planVirtualService(before, input({ internalToCanary: false, canaryWeight: 0 }));
    expect(plan.ok && plan.value.object.spec.hosts).toEqual(['web']);
  });

  it('adopts a VirtualService it does not own on the first write: adopted-by is the Canary uid and original-spec the spec before', () => {
    const before = existing([foreignA]);
    before.metadata.annotations = { team: 'payments' };
    const plan = planVirtualService(before, input({ internalToCanary: false, canaryWeight: 0 }));
    expect(plan.ok && plan.value.action).toBe('replace');
    const annotations = plan.ok ? plan.value.object.metadata.annotations : undefined;
    expect(annotations).toEqual({ team: 'payments', 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': expect.any(String) });
    expect(JSON.parse(annotations!['songbird.dev/original-spec']!)).toEqual({ hosts: ['web'], gateways: ['mesh'], http: [foreignA] });
    expect(plan.ok && plan.value.object.metadata.ownerReferences).toBeUndefined();
  });

  it('never overwrites the recorded original spec when routes change later', () => {
    const adopted = existing([foreignA, defaultRoute(5)]);
    adopted.metadata.annotations = { 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': '{"hosts":["web"],"http":[]}' };
    const plan = planVirtualService(adopted, input({ internalToCanary: false, canaryWeight: 50 }));
    expect(plan.ok && plan.value.object.metadata.annotations).toEqual(adopted.metadata.annotations);
  });

  it('leaves the marks of another Canary that adopted it first as they are', () => {
    const adopted = existing([defaultRoute(5)]);
    adopted.metadata.annotations = { 'songbird.dev/adopted-by': 'uid-other', 'songbird.dev/original-spec': '{}' };
    const plan = planVirtualService(adopted, input({ internalToCanary: false, canaryWeight: 5 }));
    expect(plan.ok && plan.value).toMatchObject({ action: 'none', object: { metadata: { annotations: adopted.metadata.annotations } } });
  });

  it('writes the adoption marks even when the routes are already as wanted', () => {
    const plan = planVirtualService(existing([defaultRoute(25)]), input({ internalToCanary: false, canaryWeight: 25 }));
    expect(plan.ok && plan.value.action).toBe('replace');
    expect(plan.ok && plan.value.object.metadata.annotations?.['songbird.dev/adopted-by']).toBe('uid-web');
  });

  it('does not mark a VirtualService it owns as adopted', () => {
    const plan = planVirtualService(existing([defaultRoute(0)], 'uid-web'), input({ internalToCanary: false, canaryWeight: 5 }));
    expect(plan.ok && plan.value.object.metadata.annotations).toBeUndefined();
  });

  it.each([-1, 101, 12.5])('refuses the weight %p', (weight) => {
    const plan = planVirtualService(undefined, input({ internalToCanary: false, canaryWeight: weight }));
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.error).toMatchObject({ code: 'invalid', retryable: false });
  });
});
