import type { VirtualService } from './istio-resources.js';
import { readRoutes, routesMatch } from './route-reading.js';
import { planVirtualService } from './virtual-service-plan.js';

const planned = (internalToCanary: boolean, canaryWeight: number): VirtualService => {
  const plan = planVirtualService(undefined, {
    name: 'web', namespace: 'shop', hosts: ['web'], gateways: ['mesh'], primaryHost: 'web-primary', canaryHost: 'web-canary', internalHost: 'web-internal', port: 80,
    internalMatch: [{ header: { name: 'x-internal', exact: '1' } }], routes: { internalToCanary, canaryWeight }, owner: { name: 'web', uid: 'u' },
  });
  if (!plan.ok) throw new Error(plan.error.message);
  return plan.value.object;
};

const HOSTS = { canaryHost: 'web-canary', internalHost: 'web-internal' };

describe('readRoutes', () => {
  it.each([[false, 0], [true, 0], [true, 25], [false, 100]])('reads back internalToCanary=%p and weight %p from a planned VirtualService', (internalToCanary, canaryWeight) => {
    expect(readRoutes(planned(internalToCanary, canaryWeight), HOSTS)).toEqual({ internalToCanary, canaryWeight });
  });

  it('reads internal users as not yet on the canary when the internal route still leads to <svc>-canary (written before <svc>-internal)', () => {
    const vs = planned(true, 0);
    const internal = vs.spec.http!.find((r) => r.name === 'songbird-internal')!;
    expect(internal.route).toEqual([{ destination: { host: 'web-internal', port: { number: 80 } }, weight: 100 }]);
    internal.route = [{ destination: { host: 'web-canary', port: { number: 80 } }, weight: 100 }];
    expect(readRoutes(vs, HOSTS)).toEqual({ internalToCanary: false, canaryWeight: 0 });
  });

  it('answers undefined when the VirtualService has no Songbird route', () => {
    const vs = planned(false, 0);
    vs.spec.http = [];
    expect(readRoutes(vs, HOSTS)).toBeUndefined();
  });
});

describe('routesMatch', () => {
  it('is false when the stored weights differ from the planned ones', () => {
    expect(routesMatch(planned(true, 5), planned(true, 25))).toBe(false);
    expect(routesMatch(planned(true, 25), planned(true, 25))).toBe(true);
  });
});
