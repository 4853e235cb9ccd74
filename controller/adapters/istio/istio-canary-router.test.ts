import { parseCanarySpec } from '../../schema/canary.js';
import { ok } from '../kubernetes/kubernetes-errors.js';
import { istioCanaryRouter } from './istio-canary-router.js';
import type { RouterPort } from './istio-router.js';
import type { DestinationRulesInput } from './destination-rule-plan.js';
import type { RoutingInput } from './virtual-service-plan.js';

const CANARY = { namespace: 'shop', name: 'podinfo', uid: 'u-1' };

const specOf = (service: Record<string, unknown>) => {
  const parsed = parseCanarySpec({ targetRef: { name: 'podinfo' }, service: { port: 9898, ...service } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec;
};

/** An Istio port that records what it was asked and answers success. */
function recordingIstio() {
  const asked: { rules: DestinationRulesInput[]; applied: RoutingInput[]; handedBack: RoutingInput[]; observed: string[] } = { rules: [], applied: [], handedBack: [], observed: [] };
  const port: RouterPort = {
    ensureDestinationRules: async (input) => (asked.rules.push(input), ok({})),
    applyRoutes: async (input) => (asked.applied.push(input), ok({ outcome: 'updated' as const, routes: input.routes })),
    getRoutes: async () => ok(undefined),
    observeVirtualServices: async (namespace) => (asked.observed.push(namespace), ok([])),
    handBackRoutes: async (input) => (asked.handedBack.push(input), ok('handedBack')),
  };
  return { port, asked };
}

describe('istioCanaryRouter', () => {
  it('names the DestinationRules and VirtualService after spec.service.name and routes customers to <svc>-primary and <svc>-canary, internal users to <svc>-internal', async () => {
    const { port, asked } = recordingIstio();
    const spec = specOf({ name: 'shop-web', hosts: ['shop.example.com'], gateways: ['shop/public'] });
    await istioCanaryRouter(port).ensureObjects(CANARY, spec);
    await istioCanaryRouter(port).setRoutes(CANARY, spec, { canaryWeight: 20, internalToCanary: false });
    expect(asked.rules).toEqual([{ namespace: 'shop', serviceName: 'shop-web', owner: CANARY }]);
    expect(asked.applied[0]).toMatchObject({
      name: 'shop-web', namespace: 'shop', hosts: ['shop-web', 'shop.example.com'], gateways: ['shop/public'],
      primaryHost: 'shop-web-primary', canaryHost: 'shop-web-canary', internalHost: 'shop-web-internal', port: 9898, routes: { canaryWeight: 20, internalToCanary: false }, owner: CANARY,
    });
  });

  it('hands back with every request to the primary when the Canary is removed', async () => {
    const { port, asked } = recordingIstio();
    await istioCanaryRouter(port).handBack(CANARY, specOf({}));
    expect(asked.handedBack[0]).toMatchObject({ name: 'podinfo', hosts: ['podinfo'], routes: { canaryWeight: 0, internalToCanary: false } });
  });
});
