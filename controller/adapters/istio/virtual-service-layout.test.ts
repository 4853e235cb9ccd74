import type { Routes } from '../../core/actions.js';
import type { InternalMatch } from '../../schema/canary-spec.js';
import type { HttpRoute, VirtualService } from './istio-resources.js';
import { virtualServiceLayout } from './virtual-service-layout.js';
import { planVirtualService, type RoutingInput } from './virtual-service-plan.js';

const header: InternalMatch = { header: { name: 'x-songbird-user', exact: 'internal' } };
const cookie: InternalMatch = { cookie: { name: 'songbird-user', value: 'internal' } };
const claim: InternalMatch = { jwtClaim: { name: 'groups', exact: 'internal' } };
const headerAndClaim: InternalMatch = { header: { name: 'x-team', prefix: 'plat' }, jwtClaim: { name: 'groups', exact: 'internal' } };

function routing(gateways: string[], internalMatch: InternalMatch[], routes: Routes = { internalToCanary: true, canaryWeight: 0 }): RoutingInput {
  return {
    name: 'web', namespace: 'shop', hosts: ['web', 'web.example.com'], gateways, primaryHost: 'web-primary', canaryHost: 'web-canary', internalHost: 'web-internal',
    port: 80, internalMatch, routes, owner: { name: 'web', uid: 'uid-web' },
  };
}

const summary = (input: RoutingInput) => {
  const layout = virtualServiceLayout(input);
  if (!layout.ok) throw new Error(layout.error.message);
  return { bindings: layout.value.bindings.map((b) => [b.name, b.gateways, b.internalMatch?.length]), retired: layout.value.retired };
};

const claimKeys = (vs: VirtualService): string[] =>
  (vs.spec.http ?? []).flatMap((route: HttpRoute) => (route.match ?? []).flatMap((m) => Object.keys(m.headers ?? {}))).filter((h) => h.startsWith('@request.auth.claims.'));

describe('virtualServiceLayout', () => {
  it('writes one VirtualService as given when the Canary serves only the mesh', () => {
    expect(summary(routing(['mesh'], [header, cookie]))).toEqual({ bindings: [['web', ['mesh'], 2]], retired: ['web-gateway'] });
  });

  it('binds the one VirtualService to the gateways, claims included, when the Canary serves no mesh', () => {
    expect(summary(routing(['istio-system/public'], [header, claim]))).toEqual({ bindings: [['web', ['istio-system/public'], 2]], retired: ['web-gateway'] });
  });

  it('splits mesh and gateway traffic into <svc> (mesh, no claim entries) and <svc>-gateway (every entry) when the Canary serves both', () => {
    expect(summary(routing(['mesh', 'istio-system/public', 'shop/partners'], [header, claim, cookie, headerAndClaim]))).toEqual({
      bindings: [['web', ['mesh'], 2], ['web-gateway', ['istio-system/public', 'shop/partners'], 4]],
      retired: [],
    });
  });

  it.each([[['mesh']], [[]]])('refuses a JWT claim match, naming the entry, when the gateways are %j', (gateways) => {
    const layout = virtualServiceLayout(routing(gateways, [header, claim]));
    expect(!layout.ok && layout.error).toMatchObject({ code: 'invalid', retryable: false });
    expect(!layout.ok && layout.error.message).toMatch(/^spec\.stages\.internal\.match\[1\]\.jwtClaim: Istio routes on JWT claims only at a gateway/);
  });

  // Every stage the core asks for: internal, each weight, promoted and rolled back (both: everything to the primary).
  const stages: Array<[string, Routes]> = [
    ['internal', { internalToCanary: true, canaryWeight: 0 }],
    ['weight 5', { internalToCanary: true, canaryWeight: 5 }],
    ['weight 25', { internalToCanary: true, canaryWeight: 25 }],
    ['weight 50', { internalToCanary: true, canaryWeight: 50 }],
    ['promoted', { internalToCanary: false, canaryWeight: 0 }],
    ['rolled back', { internalToCanary: false, canaryWeight: 0 }],
  ];

  it.each(stages)('keeps both VirtualServices in step, claims only on the gateway one, at stage %s', (_stage, routes) => {
    const layout = virtualServiceLayout(routing(['mesh', 'istio-system/public'], [header, claim], routes));
    if (!layout.ok) throw new Error(layout.error.message);
    const planned = layout.value.bindings.map((binding) => {
      const plan = planVirtualService(undefined, binding);
      if (!plan.ok) throw new Error(plan.error.message);
      return plan.value.object;
    });
    const [mesh, gateway] = planned as [VirtualService, VirtualService];
    const defaults = planned.map((vs) => vs.spec.http?.find((r) => r.name === 'songbird-default'));
    expect(defaults[0]).toEqual(defaults[1]);
    expect(claimKeys(mesh)).toEqual([]);
    expect(claimKeys(gateway)).toEqual(routes.internalToCanary ? ['@request.auth.claims.groups'] : []);
    expect(planned.map((vs) => vs.spec.http?.some((r) => r.name === 'songbird-internal'))).toEqual([routes.internalToCanary, routes.internalToCanary]);
  });
});

describe('planVirtualService and JWT claims', () => {
  it('refuses claim matches on a VirtualService that also serves the mesh, as Istio would', () => {
    const plan = planVirtualService(undefined, routing(['mesh', 'istio-system/public'], [claim]));
    expect(!plan.ok && plan.error).toMatchObject({ code: 'invalid', retryable: false });
    expect(!plan.ok && plan.error.message).toContain('VirtualService shop/web serves mesh traffic');
  });

  it('refuses claim matches when a foreign VirtualService it merges into is bound to the mesh', () => {
    const foreign: VirtualService = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web-gateway', namespace: 'shop', resourceVersion: '3' },
      spec: { hosts: ['web'], gateways: ['mesh'], http: [{ name: 'legacy', route: [{ destination: { host: 'legacy' } }] }] },
    };
    const plan = planVirtualService(foreign, { ...routing(['istio-system/public'], [claim]), name: 'web-gateway' });
    expect(!plan.ok && plan.error.code).toBe('invalid');
  });

  it('accepts the routes without an internal route on a mesh VirtualService, so traffic can always go back to the primary', () => {
    const plan = planVirtualService(undefined, routing(['mesh'], [claim], { internalToCanary: false, canaryWeight: 0 }));
    expect(plan.ok).toBe(true);
  });
});
