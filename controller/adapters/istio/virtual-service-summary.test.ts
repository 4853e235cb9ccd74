import type { VirtualService } from './istio-resources.js';
import { relationTo, summariseVirtualService } from './virtual-service-summary.js';

const canary = { name: 'web', uid: 'uid-web' };
const controllerRef = (uid: string, controller = true) => [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid, controller }];

function vs(metadata: Partial<VirtualService['metadata']>, spec: VirtualService['spec'] = { hosts: ['web'] }): VirtualService {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop', ...metadata }, spec };
}

describe('relationTo', () => {
  it.each<[string, Partial<VirtualService['metadata']>, string]>([
    ['owned when a controller ownerReference has the Canary uid', { ownerReferences: controllerRef('uid-web') }, 'owned'],
    ['owned when also marked adopted by the Canary', { ownerReferences: controllerRef('uid-web'), annotations: { 'songbird.dev/adopted-by': 'uid-web' } }, 'owned'],
    ['adopted when songbird.dev/adopted-by is the Canary uid', { annotations: { 'songbird.dev/adopted-by': 'uid-web' } }, 'adopted'],
    ['foreign when the ownerReference to the Canary is not a controller one', { ownerReferences: controllerRef('uid-web', false) }, 'foreign'],
    ['foreign when the controller is another Canary', { ownerReferences: controllerRef('uid-other') }, 'foreign'],
    ['foreign when adopted by another Canary', { annotations: { 'songbird.dev/adopted-by': 'uid-other' } }, 'foreign'],
    ['foreign when it carries no marks', {}, 'foreign'],
  ])('is %s', (_title, metadata, relation) => {
    expect(relationTo(vs(metadata).metadata, canary)).toBe(relation);
  });
});

describe('summariseVirtualService', () => {
  it('keeps the name, creation time, hosts, gateways and each route name and match as written when all are present', () => {
    const match = [{ uri: { prefix: '/' } }, { headers: { 'x-user': { exact: 'a' } }, ignoreUriCase: true }];
    const summary = summariseVirtualService(
      vs(
        { creationTimestamp: '2026-03-01T10:00:00Z' },
        { hosts: ['web', 'web.example.com'], gateways: ['mesh', 'istio-system/public'], http: [{ name: 'catch-all', match, route: [{ destination: { host: 'old' } }] }, { route: [{ destination: { host: 'web' } }], match: [] }] },
      ),
      canary,
    );
    expect(summary).toEqual({
      name: 'web',
      namespace: 'shop',
      createdAt: '2026-03-01T10:00:00Z',
      relation: 'foreign',
      hosts: ['web', 'web.example.com'],
      gateways: ['mesh', 'istio-system/public'],
      http: [{ name: 'catch-all', match }, { match: [] }],
    });
  });

  it('has no gateways and no routes when spec.gateways and spec.http are absent', () => {
    const summary = summariseVirtualService(vs({}, { hosts: ['web'], tcp: [{ route: [] }] }), canary);
    expect([summary.gateways, summary.http, summary.createdAt]).toEqual([[], [], '']);
  });

  it('reads fields in an unexpected shape as absent rather than failing when the stored object is odd', () => {
    const odd = { ...vs({}), spec: { hosts: 'web', gateways: [7, 'mesh'], http: [null, { name: 3, match: 'x' }] } } as unknown as VirtualService;
    expect(summariseVirtualService(odd, canary)).toMatchObject({ hosts: [], gateways: ['mesh'], http: [{}, {}] });
  });
});
