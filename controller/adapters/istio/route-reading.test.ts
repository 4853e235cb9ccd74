import type { VirtualService } from './istio-resources.js';
import { readRoutes, routesMatch } from './route-reading.js';
import { planVirtualService } from './virtual-service-plan.js';

const planned = (internalToCanary: boolean, canaryWeight: number): VirtualService => {
  const plan = planVirtualService(undefined, {
    name: 'web', namespace: 'shop', hosts: ['web'], gateways: ['mesh'], primaryHost: 'web-primary', canaryHost: 'web-canary', port: 80,
    internalMatch: [{ header: { name: 'x-internal', exact: '1' } }], routes: { internalToCanary, canaryWeight }, owner: { name: 'web', uid: 'u' },
  });
  if (!plan.ok) throw new Error(plan.error.message);
  return plan.value.object;
};

describe('readRoutes', () => {
  it.each([[false, 0], [true, 0], [true, 25], [false, 100]])('reads back internalToCanary=%p and weight %p from a planned VirtualService', (internalToCanary, canaryWeight) => {
    expect(readRoutes(planned(internalToCanary, canaryWeight), 'web-canary')).toEqual({ internalToCanary, canaryWeight });
  });

  it('answers undefined when the VirtualService has no Songbird route', () => {
    const vs = planned(false, 0);
    vs.spec.http = [];
    expect(readRoutes(vs, 'web-canary')).toBeUndefined();
  });
});

describe('routesMatch', () => {
  it('is false when the stored weights differ from the planned ones', () => {
    expect(routesMatch(planned(true, 5), planned(true, 25))).toBe(false);
    expect(routesMatch(planned(true, 25), planned(true, 25))).toBe(true);
  });
});
