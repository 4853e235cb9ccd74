import type { V1Service } from '@kubernetes/client-node';
import { planCanaryServices, serviceIsCurrent } from './canary-services.js';

const input = { namespace: 'shop', canary: { name: 'web', uid: 'uid-web' }, serviceName: 'web', port: 80, targetPort: 8080, targetSelector: { app: 'web' } };

describe('planCanaryServices', () => {
  const planned = planCanaryServices(input);
  const services = planned.ok ? planned.value : [];

  it('plans <svc> and <svc>-primary on the primary pods and <svc>-canary and <svc>-internal on the target pods', () => {
    expect(services.map((s) => [s.metadata?.name, s.spec?.selector])).toEqual([
      ['web', { app: 'web-primary' }],
      ['web-primary', { app: 'web-primary' }],
      ['web-canary', { app: 'web' }],
      ['web-internal', { app: 'web' }],
    ]);
  });

  it('plans owned ClusterIP Services with an http port', () => {
    expect(services).toHaveLength(4);
    for (const service of services) {
      expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
      expect(service.metadata?.ownerReferences).toEqual([expect.objectContaining({ uid: 'uid-web', controller: true })]);
    }
  });

  it('refuses to plan Services without the target selector (they would select nothing or everything)', () => {
    const planned = planCanaryServices({ ...input, targetSelector: {} });
    expect(!planned.ok && planned.error.code).toBe('invalid');
  });

  it('uses the port as target port when none is given', () => {
    const plain = planCanaryServices({ ...input, targetPort: undefined });
    expect(plain.ok && plain.value[0]!.spec?.ports?.[0]?.targetPort).toBe(80);
  });
});

describe('serviceIsCurrent', () => {
  const planned = planCanaryServices(input);
  const desired = planned.ok ? planned.value[0]! : ({} as V1Service);
  const stored = (selector: Record<string, string>, targetPort: number): V1Service => ({
    metadata: { name: 'web' },
    spec: { type: 'ClusterIP', clusterIP: '10.0.0.9', selector, ports: [{ name: 'http', port: 80, targetPort, protocol: 'TCP' }] },
  });

  it.each([
    ['the stored Service matches', stored({ app: 'web-primary' }, 8080), true],
    ['the selector has an extra key', stored({ app: 'web-primary', x: 'y' }, 8080), false],
    ['the target port differs', stored({ app: 'web-primary' }, 9090), false],
  ])('is right when %s', (_when, service, expected) => {
    expect(serviceIsCurrent(service, desired)).toBe(expected);
  });
});
