import { planHttpRoute, httpRouteMatchOf, type HttpRouteInput } from './http-route-plan.js';
import { holds } from './gateway-api-router.js';
import { summariseHttpRoute } from './http-route-summary.js';

const owner = { name: 'web', uid: 'uid-1' };
const input = (over: Partial<HttpRouteInput> = {}): HttpRouteInput => ({
  name: 'web',
  namespace: 'shop',
  primaryService: 'web-primary',
  canaryService: 'web-canary',
  internalService: 'web-internal',
  port: 9898,
  internalMatch: [{ header: { name: 'x-user', exact: 'internal' } }, { cookie: { name: 'user', value: 'internal' } }],
  routes: { internalToCanary: false, canaryWeight: 0 },
  owner,
  ...over,
});

describe('planHttpRoute', () => {
  it('splits everyone between <svc>-primary and <svc>-canary by weight, attached to the Service for mesh traffic', () => {
    const route = planHttpRoute(input({ routes: { internalToCanary: false, canaryWeight: 25 } }));
    expect(route.metadata).toMatchObject({ name: 'web', namespace: 'shop', ownerReferences: [expect.objectContaining({ uid: 'uid-1', controller: true })] });
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
    expect(route.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { group: '', kind: 'Service', name: 'web-primary', port: 9898, weight: 75 },
          { group: '', kind: 'Service', name: 'web-canary', port: 9898, weight: 25 },
        ],
      },
    ]);
  });

  it('sends internal users to the canary through <svc>-internal by a header and a cookie rule only while the internal stage routes them there', () => {
    const route = planHttpRoute(input({ routes: { internalToCanary: true, canaryWeight: 0 } }));
    expect(route.spec.rules).toHaveLength(2);
    expect(route.spec.rules[0]).toEqual({
      matches: [
        { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-user', value: 'internal' }] },
        { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'RegularExpression', name: 'cookie', value: '^(.*?;\\s*)?(user=internal)(;.*)?$' }] },
      ],
      backendRefs: [{ group: '', kind: 'Service', name: 'web-internal', port: 9898, weight: 100 }],
    });
  });

  it('also attaches to the spec\'s Gateway, in the Canary\'s namespace unless it names another', () => {
    expect(planHttpRoute(input({ gatewayRef: { name: 'public' } })).spec.parentRefs[1]).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'shop' });
    expect(planHttpRoute(input({ gatewayRef: { name: 'public', namespace: 'edge' } })).spec.parentRefs[1]).toMatchObject({ namespace: 'edge' });
  });
});

describe('httpRouteMatchOf', () => {
  it('turns a header prefix into a whole-value RE2 regex, since HTTPRoute has no prefix header match', () => {
    expect(httpRouteMatchOf({ header: { name: 'x-team', prefix: 'qa.' } }).headers).toEqual([{ type: 'RegularExpression', name: 'x-team', value: 'qa\\..*' }]);
  });
});

describe('holds', () => {
  it('is true when the stored object has every written field, whatever the apiserver added', () => {
    const wanted = planHttpRoute(input());
    const stored = { ...wanted, metadata: { ...wanted.metadata, resourceVersion: '7', uid: 'x' }, status: { parents: [] } };
    expect(holds(stored, wanted)).toBe(true);
  });

  it('is false when a weight differs or a rule is missing', () => {
    const wanted = planHttpRoute(input({ routes: { internalToCanary: true, canaryWeight: 50 } }));
    expect(holds(planHttpRoute(input({ routes: { internalToCanary: true, canaryWeight: 25 } })), wanted)).toBe(false);
    expect(holds(planHttpRoute(input({ routes: { internalToCanary: false, canaryWeight: 50 } })), wanted)).toBe(false);
  });
});

describe('summariseHttpRoute', () => {
  it('reads a Service parent as mesh traffic for that host and a Gateway parent as that gateway, owned when controlled by the Canary', () => {
    const summary = summariseHttpRoute(
      {
        metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z', ownerReferences: [{ uid: 'uid-1' }] },
        spec: { parentRefs: [{ group: '', kind: 'Service', name: 'web' }, { name: 'public' }] },
      },
      { ...owner, namespace: 'shop' },
    );
    expect(summary).toEqual({ name: 'web', namespace: 'shop', createdAt: '2026-01-01T00:00:00Z', relation: 'owned', hosts: ['web'], gateways: ['mesh', 'shop/public'], http: [] });
  });

  it('calls an HTTPRoute another controller owns foreign', () => {
    expect(summariseHttpRoute({ metadata: { name: 'legacy', ownerReferences: [{ uid: 'other' }] }, spec: { parentRefs: [{ name: 'public' }] } }, { ...owner, namespace: 'shop' }))
      .toMatchObject({ relation: 'foreign', hosts: [], gateways: ['shop/public'] });
  });
});
