import { HANDED_BACK_ROUTE, planHandBack, replaceSongbirdRoutes, type HandBackInput } from './hand-back-plan.js';
import type { HttpRoute, VirtualService } from './istio-resources.js';

const input: HandBackInput = { name: 'web', port: 8080, owner: { name: 'web', uid: 'uid-web' } };
const ownerRef = { apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true };
const songbirdLabels = { 'app.kubernetes.io/managed-by': 'songbird', 'songbird.dev/canary': 'web' };

const handedBack: HttpRoute = { name: HANDED_BACK_ROUTE, route: [{ destination: { host: 'web', port: { number: 8080 } } }] };
const internal: HttpRoute = { name: 'songbird-internal', match: [{ headers: { 'x-user': { exact: 'internal' } } }], route: [{ destination: { host: 'web-internal' }, weight: 100 }] };
const fallback: HttpRoute = { name: 'songbird-default', route: [{ destination: { host: 'web-primary' }, weight: 50 }, { destination: { host: 'web-canary' }, weight: 50 }] };
const foreign: HttpRoute = { name: 'admin', match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'admin' } }] };

function vs(name: string, metadata: Partial<VirtualService['metadata']>, spec: VirtualService['spec']): VirtualService {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'shop', resourceVersion: '9', ...metadata }, spec };
}

const originalSpec = { hosts: ['web'], gateways: ['mesh'], http: [{ name: 'all', route: [{ destination: { host: 'web' } }] }] };
const adopted = (extra: Record<string, string> = {}) =>
  vs('web', { annotations: { 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': JSON.stringify(originalSpec), ...extra } }, {
    hosts: ['web', 'web.example.com'],
    gateways: ['mesh'],
    http: [...originalSpec.http, internal, fallback],
  });

describe('planHandBack', () => {
  it('restores the recorded spec and removes both marks, keeping other annotations, when the VirtualService was adopted', () => {
    const plan = planHandBack(adopted({ team: 'payments' }), input);
    expect(plan?.action).toBe('replace');
    expect(plan?.object.spec).toEqual(originalSpec);
    expect(plan?.object.metadata).toEqual({ name: 'web', namespace: 'shop', resourceVersion: '9', annotations: { team: 'payments' } });
  });

  it('drops the annotations field when only the marks were there', () => {
    expect(planHandBack(adopted(), input)?.object.metadata.annotations).toBeUndefined();
  });

  it('replaces Songbird routes by the handed-back route and removes the marks when the recorded spec is unreadable', () => {
    const plan = planHandBack(adopted({ 'songbird.dev/original-spec': 'not json' }), input);
    expect(plan?.object.spec.http).toEqual([...originalSpec.http, handedBack]);
    expect(plan?.object.metadata.annotations).toBeUndefined();
  });

  it('keeps routes the user added after adoption in their order, and drops only Songbird\'s, when it hands the adopted VirtualService back', () => {
    const addedLater: HttpRoute = { name: 'v2-api', match: [{ uri: { prefix: '/v2' } }], route: [{ destination: { host: 'web-v2' } }] };
    const now = adopted();
    now.spec.http = [addedLater, internal, ...originalSpec.http, fallback, { ...foreign, name: 'tail' }];
    expect(planHandBack(now, input)?.object.spec.http).toEqual([addedLater, ...originalSpec.http, { ...foreign, name: 'tail' }]);
  });

  it('puts hosts and gateways back as recorded (no gateways when the record had none) and keeps other fields as they are now', () => {
    const recorded = { hosts: ['web'], http: originalSpec.http };
    const now = vs('web', { annotations: { 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': JSON.stringify(recorded) } }, {
      hosts: ['web', 'web.example.com'],
      gateways: ['mesh', 'istio-system/public'],
      exportTo: ['.'],
      http: [...originalSpec.http, fallback],
    });
    expect(planHandBack(now, input)?.object.spec).toEqual({ hosts: ['web'], exportTo: ['.'], http: originalSpec.http });
  });

  it('uses the recorded http when only Songbird\'s routes are left in the adopted VirtualService', () => {
    const now = adopted();
    now.spec.http = [internal, fallback];
    expect(planHandBack(now, input)?.object.spec.http).toEqual(originalSpec.http);
  });

  it.each([
    ['has no hosts', '{"http":"x"}'],
    ['has empty hosts', '{"hosts":[],"http":[]}'],
    ['has hosts that are not strings', '{"hosts":[1]}'],
    ['has an empty host', '{"hosts":[""]}'],
    ['has hosts that are a string', '{"hosts":"web"}'],
    ['has gateways that are not a string array', '{"hosts":["web"],"gateways":"mesh"}'],
    ['has http that is not an array of routes', '{"hosts":["web"],"http":["x"]}'],
    ['is JSON null', 'null'],
    ['is a JSON array', '[{"hosts":["web"]}]'],
  ])('replaces Songbird\'s routes by the handed-back route and removes the marks when the recorded spec %s', (_what, recorded) => {
    const plan = planHandBack(adopted({ 'songbird.dev/original-spec': recorded }), input);
    expect(plan?.object.spec).toEqual({ hosts: ['web', 'web.example.com'], gateways: ['mesh'], http: [...originalSpec.http, handedBack] });
    expect(plan?.object.metadata.annotations).toBeUndefined();
  });

  it('routes everything to the apex Service and keeps the ownerReference and labels when the owned VirtualService serves only the mesh', () => {
    const owned = vs('web', { ownerReferences: [ownerRef], labels: songbirdLabels }, { hosts: ['web'], gateways: ['mesh'], http: [internal, fallback] });
    const plan = planHandBack(owned, input);
    expect(plan?.object.spec).toEqual({ hosts: ['web'], gateways: ['mesh'], http: [handedBack] });
    expect(plan?.object.metadata).toEqual(owned.metadata);
  });

  it('releases the owned gateway VirtualService (no ownerReference to the Canary, no Songbird labels) so it outlives the Canary', () => {
    const otherRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'uid-x' };
    const owned = vs('web-gateway', { ownerReferences: [ownerRef, otherRef], labels: { ...songbirdLabels, app: 'web' } }, { hosts: ['web', 'web.example.com'], gateways: ['istio-system/public'], http: [internal, fallback] });
    const plan = planHandBack(owned, input);
    expect(plan?.object.spec.http).toEqual([handedBack]);
    expect(plan?.object.metadata).toEqual({ name: 'web-gateway', namespace: 'shop', resourceVersion: '9', ownerReferences: [otherRef], labels: { app: 'web' } });
  });

  it('releases an owned VirtualService named <svc> too when it is bound to a gateway (a Canary that serves no mesh)', () => {
    const owned = vs('web', { ownerReferences: [ownerRef], labels: songbirdLabels }, { hosts: ['web.example.com'], gateways: ['istio-system/public'], http: [fallback] });
    const metadata = planHandBack(owned, input)?.object.metadata;
    expect([metadata?.ownerReferences, metadata?.labels]).toEqual([undefined, undefined]);
  });

  it('plans nothing when the owned mesh VirtualService is already handed back', () => {
    const done = vs('web', { ownerReferences: [ownerRef], labels: songbirdLabels }, { hosts: ['web'], gateways: ['mesh'], http: [handedBack] });
    expect(planHandBack(done, input)?.action).toBe('none');
  });

  it.each<[string, VirtualService | undefined]>([
    ['absent', undefined],
    ['foreign', vs('web', {}, { hosts: ['web'], http: [fallback] })],
    ['owned by another Canary', vs('web', { ownerReferences: [{ ...ownerRef, uid: 'uid-other' }] }, { hosts: ['web'], http: [fallback] })],
    ['adopted by another Canary', vs('web', { annotations: { 'songbird.dev/adopted-by': 'uid-other', 'songbird.dev/original-spec': '{}' } }, { hosts: ['web'], http: [fallback] })],
  ])('has nothing to do when the VirtualService is %s', (_title, existing) => {
    expect(planHandBack(existing, input)).toBeUndefined();
  });
});

describe('replaceSongbirdRoutes', () => {
  it.each<[string, HttpRoute[], HttpRoute[]]>([
    ['takes the place of songbird-default, foreign routes around it kept', [foreign, internal, fallback, { ...foreign, name: 'after' }], [foreign, handedBack, { ...foreign, name: 'after' }]],
    ['takes the place of the first Songbird route when there is no default', [internal, foreign], [handedBack, foreign]],
    ['goes last when there is no Songbird route', [foreign], [foreign, handedBack]],
    ['is the only route when there was none', [], [handedBack]],
  ])('%s', (_title, http, expected) => {
    expect(replaceSongbirdRoutes(http, handedBack)).toEqual(expected);
  });
});
