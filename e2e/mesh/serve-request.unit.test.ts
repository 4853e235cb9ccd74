import { describe, expect, it } from '@jest/globals';
import { demoDeployment, demoService, demoVirtualService } from './demo-objects.js';
import { inMemoryClusterView, type ClusterObjects } from './in-memory-cluster-view.js';
import type { UserKind } from './request-outcome.js';
import { seededRandom } from './seeded-random.js';
import { serveRequest, type ServedRequest } from './serve-request.js';
import { DEFAULT_INTERNAL_IDENTITY, requestFactory } from './user-identity.js';
import type { VirtualServiceSpec } from './virtual-service-spec.js';

const ns = 'demo';
const primary = demoDeployment({ name: 'podinfo-primary', namespace: ns, labels: { app: 'podinfo-primary', version: 'v1' }, readyReplicas: 2 });
const canary = demoDeployment({ name: 'podinfo', namespace: ns, labels: { app: 'podinfo', version: 'v2' }, readyReplicas: 1 });
const services = [
  demoService('podinfo', ns, { app: 'podinfo-primary' }),
  demoService('podinfo-primary', ns, { app: 'podinfo-primary' }),
  demoService('podinfo-canary', ns, { app: 'podinfo' }),
];
const internalFirst: VirtualServiceSpec = {
  hosts: ['podinfo'],
  http: [
    { match: [{ headers: { 'x-songbird-user': { exact: 'internal' } } }], route: [{ destination: { host: 'podinfo-canary' } }] },
    { route: [{ destination: { host: 'podinfo-primary' }, weight: 100 }, { destination: { host: 'podinfo-canary' }, weight: 0 }] },
  ],
};

function serve(objects: ClusterObjects, user: UserKind, seed = 1): ServedRequest {
  const view = inMemoryClusterView(ns, objects);
  return serveRequest(view, requestFactory('podinfo', DEFAULT_INTERNAL_IDENTITY)(user), user, seededRandom(seed));
}

function target(served: ServedRequest): string {
  return served.kind === 'served' ? `${served.workload.name}:${served.outcome.status}` : `${served.kind}:${served.status}`;
}

describe('serveRequest', () => {
  it.each<[string, ClusterObjects, UserKind, string]>([
    ['the primary serves when no VirtualService exists', { services, deployments: [primary, canary] }, 'customer', 'podinfo-primary:200'],
    ['internal users reach the canary when the header route matches', { services, deployments: [primary, canary], virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] }, 'internal', 'podinfo:200'],
    ['customers reach the primary when the header route does not match', { services, deployments: [primary, canary], virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] }, 'customer', 'podinfo-primary:200'],
    ['503 when the routed Service has no ready workload', { services, deployments: [primary, { ...canary, status: { readyReplicas: 0 } }], virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] }, 'internal', 'unavailable:503'],
    ['503 when the routed Service does not exist', { services: services.slice(0, 2), deployments: [primary, canary], virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] }, 'internal', 'unavailable:503'],
    ['404 when no http route matches', { services, deployments: [primary], virtualServices: [demoVirtualService('podinfo', ns, { hosts: ['podinfo'], http: [internalFirst.http![0]!] })] }, 'customer', 'not-routed:404'],
    ['500 when the version fails every request', { services, deployments: [demoDeployment({ name: 'podinfo-primary', namespace: ns, labels: { app: 'podinfo-primary' }, env: { DEMO_ERROR_RATE: '1' }, readyReplicas: 1 })] }, 'customer', 'podinfo-primary:500'],
  ])('%s', (_name, objects, user, expected) => {
    expect(target(serve(objects, user))).toBe(expected);
  });

  it('reaches the subset workload when a DestinationRule defines the subset', () => {
    const objects: ClusterObjects = {
      services: [demoService('reviews', ns, { app: 'reviews' })],
      deployments: [
        demoDeployment({ name: 'reviews-v1', namespace: ns, labels: { app: 'reviews', version: 'v1' }, readyReplicas: 3 }),
        demoDeployment({ name: 'reviews-v2', namespace: ns, labels: { app: 'reviews', version: 'v2' }, readyReplicas: 1 }),
      ],
      destinationRules: [{ metadata: { name: 'reviews', namespace: ns }, spec: { host: 'reviews', subsets: [{ name: 'v2', labels: { version: 'v2' } }] } }],
      virtualServices: [demoVirtualService('podinfo', ns, { hosts: ['podinfo'], http: [{ route: [{ destination: { host: 'reviews.demo.svc.cluster.local', subset: 'v2' } }] }] })],
    };
    const seen = new Set(Array.from({ length: 20 }, (_, i) => target(serve(objects, 'customer', i))));
    expect([...seen]).toEqual(['reviews-v2:200']);
  });

  it('splits between workloads in proportion to ready replicas when one Service selects both', () => {
    const objects: ClusterObjects = {
      services: [demoService('podinfo', ns, { app: 'podinfo' })],
      deployments: [
        demoDeployment({ name: 'a', namespace: ns, labels: { app: 'podinfo', version: 'a' }, readyReplicas: 3 }),
        demoDeployment({ name: 'b', namespace: ns, labels: { app: 'podinfo', version: 'b' }, readyReplicas: 1 }),
      ],
    };
    const view = inMemoryClusterView(ns, objects);
    const random = seededRandom(3);
    const request = requestFactory('podinfo', {})('customer');
    const served = Array.from({ length: 4000 }, () => serveRequest(view, request, 'customer', random));
    const shareOfA = served.filter((s) => s.kind === 'served' && s.workload.name === 'a').length / served.length;
    expect(shareOfA).toBeCloseTo(0.75, 1);
  });

  it('follows the VirtualService when it changes between requests', () => {
    const view = inMemoryClusterView(ns, { services, deployments: [primary, canary] });
    const request = requestFactory('podinfo', DEFAULT_INTERNAL_IDENTITY)('internal');
    const before = serveRequest(view, request, 'internal', seededRandom(1));
    view.replace({ virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] });
    const after = serveRequest(view, request, 'internal', seededRandom(1));
    expect([target(before), target(after)]).toEqual(['podinfo-primary:200', 'podinfo:200']);
  });

  it('routes internal users by JWT claim at the gateway, and never by claim on sidecar traffic, when identity is only a JWT', () => {
    const claimRoute = { match: [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], route: [{ destination: { host: 'podinfo-canary' } }] };
    const toPrimary = { route: [{ destination: { host: 'podinfo-primary' } }] };
    const gatewayVs = demoVirtualService('podinfo-gateway', ns, { hosts: ['podinfo'], gateways: ['istio-system/public'], http: [claimRoute, toPrimary] });
    // Istio's validation refuses this one; were it stored, sidecars still could not route on the claim.
    const meshVs = demoVirtualService('podinfo', ns, { hosts: ['podinfo'], gateways: ['mesh'], http: [claimRoute, toPrimary] });
    const view = inMemoryClusterView(ns, { services, deployments: [primary, canary], virtualServices: [meshVs, gatewayVs] });
    const requestFor = requestFactory('podinfo', { jwtClaim: { name: 'groups', value: ['staff', 'internal'] } });
    const through = (gateway: string | undefined) =>
      (['internal', 'customer'] as const).map((user) => target(serveRequest(view, { ...requestFor(user), ...(gateway ? { gateway } : {}) }, user, seededRandom(1))));
    expect(through('istio-system/public')).toEqual(['podinfo:200', 'podinfo-primary:200']);
    expect(through(undefined)).toEqual(['podinfo-primary:200', 'podinfo-primary:200']);
  });

  it('answers 404 at a gateway that no VirtualService binds the host to', () => {
    const view = inMemoryClusterView(ns, { services, deployments: [primary, canary], virtualServices: [demoVirtualService('podinfo', ns, internalFirst)] });
    const request = { ...requestFactory('podinfo', DEFAULT_INTERNAL_IDENTITY)('internal'), gateway: 'istio-system/public' };
    expect(target(serveRequest(view, request, 'internal', seededRandom(1)))).toBe('not-routed:404');
  });

  it('routes internal users by cookie when identity is only a cookie', () => {
    const vs = demoVirtualService('podinfo', ns, {
      hosts: ['podinfo'],
      http: [
        { match: [{ headers: { cookie: { regex: '^(.*?;)?(songbird-user=internal)(;.*)?$' } } }], route: [{ destination: { host: 'podinfo-canary' } }] },
        { route: [{ destination: { host: 'podinfo-primary' } }] },
      ],
    });
    const view = inMemoryClusterView(ns, { services, deployments: [primary, canary], virtualServices: [vs] });
    const requestFor = requestFactory('podinfo', { cookie: { name: 'songbird-user', value: 'internal' } });
    const served = (['internal', 'customer'] as const).map((user) => target(serveRequest(view, requestFor(user), user, seededRandom(1))));
    expect(served).toEqual(['podinfo:200', 'podinfo-primary:200']);
  });

  it('runs the app with the env and image of the container the Service reaches when a sidecar is listed first', () => {
    const sidecar = { name: 'envoy', image: 'registry.local/envoy:1.30.1', ports: [{ containerPort: 15001 }], env: [{ name: 'DEMO_ERROR_RATE', value: '1' }] };
    const app = { name: 'app', image: 'registry.local/podinfo:2.0.0', ports: [{ containerPort: 9898 }], env: [{ name: 'SENTRY_DSN', value: 'http://k@sentry.local/1' }] };
    const withSidecar = { ...primary, spec: { ...primary.spec!, template: { ...primary.spec!.template, spec: { containers: [sidecar, app] } } } };
    const served = serve({ services, deployments: [withSidecar] }, 'customer');
    expect(served.kind === 'served' && [served.outcome.status, served.behaviour.sentry?.release]).toEqual([200, '2.0.0']);
  });
});
