import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CanaryIndex } from './canary-index.js';

const canary = (namespace: string, name: string, uid: string, target: string, service?: string): KubernetesObject =>
  ({ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', metadata: { namespace, name, uid }, spec: { targetRef: { name: target }, ...(service ? { service: { name: service } } : {}) } }) as KubernetesObject;
const ownedBy = (uid: string, name: string, namespace = 'shop') =>
  ({ metadata: { namespace, name, ownerReferences: [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'x', uid, controller: true }] } }) as KubernetesObject;
const plain = (name: string, namespace = 'shop', extra: object = {}) => ({ metadata: { namespace, name }, ...extra }) as KubernetesObject;

function shop(): CanaryIndex {
  const index = new CanaryIndex();
  index.canaryChanged('shop', 'checkout', canary('shop', 'checkout', 'uid-1', 'checkout'), false);
  index.canaryChanged('shop', 'cart', canary('shop', 'cart', 'uid-2', 'cart-v2', 'cart'), false);
  index.canaryChanged('other', 'checkout', canary('other', 'checkout', 'uid-3', 'checkout'), false);
  return index;
}

describe('an event enqueues only the Canary it concerns', () => {
  it('a target Deployment event reaches the Canary that targets it, not the others of its namespace', () => {
    expect(shop().concerned('deployments', 'shop', 'checkout', plain('checkout'))).toEqual(['shop/checkout']);
    expect(shop().concerned('deployments', 'shop', 'cart-v2', plain('cart-v2'))).toEqual(['shop/cart']);
  });

  it('a primary reaches its owner by ownerReference, and by name when it has none yet', () => {
    expect(shop().concerned('deployments', 'shop', 'checkout-primary', ownedBy('uid-1', 'checkout-primary'))).toEqual(['shop/checkout']);
    expect(shop().concerned('deployments', 'shop', 'cart-v2-primary', undefined)).toEqual(['shop/cart']);
  });

  it('a Deployment no Canary targets or owns reaches none', () => {
    expect(shop().concerned('deployments', 'shop', 'payments', plain('payments'))).toEqual([]);
    expect(shop().concerned('deployments', 'elsewhere', 'checkout', plain('checkout', 'elsewhere'))).toEqual([]);
  });

  it('Services and DestinationRules reach the Canary by its service name and suffixes, an adopted Service by its annotation', () => {
    const index = shop();
    expect(index.concerned('services', 'shop', 'cart-canary', plain('cart-canary'))).toEqual(['shop/cart']);
    expect(index.concerned('services', 'shop', 'cart-internal', plain('cart-internal'))).toEqual(['shop/cart']);
    expect(index.concerned('destinationRules', 'shop', 'cart-internal', plain('cart-internal'))).toEqual(['shop/cart']);
    expect(index.concerned('destinationRules', 'shop', 'checkout-primary', plain('checkout-primary'))).toEqual(['shop/checkout']);
    const adopted = plain('storefront', 'shop', {});
    (adopted.metadata as { annotations?: Record<string, string> }).annotations = { 'songbird.dev/adopted-by': 'uid-2' };
    expect(index.concerned('services', 'shop', 'storefront', adopted)).toEqual(['shop/cart']);
  });

  it('an HPA reaches the Canary whose target it scales', () => {
    const hpa = plain('web-hpa', 'shop', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'checkout' } } });
    expect(shop().concerned('autoscalers', 'shop', 'web-hpa', hpa)).toEqual(['shop/checkout']);
  });

  it("a VirtualService no Canary owns reaches every Canary of its namespace (it may claim their hosts), an owned one only its owner", () => {
    expect(shop().concerned('virtualServices', 'shop', 'someone-elses', plain('someone-elses')).sort()).toEqual(['shop/cart', 'shop/checkout']);
    expect(shop().concerned('virtualServices', 'shop', 'cart-gateway', ownedBy('uid-2', 'cart-gateway'))).toEqual(['shop/cart']);
  });

  it('a deleted Canary leaves the index; a changed target moves it', () => {
    const index = shop();
    index.canaryChanged('shop', 'checkout', canary('shop', 'checkout', 'uid-1', 'checkout'), true);
    expect(index.concerned('deployments', 'shop', 'checkout', plain('checkout'))).toEqual([]);
    expect(index.concerned('deployments', 'shop', 'checkout-primary', ownedBy('uid-1', 'checkout-primary'))).toEqual([]);
    expect(index.keys().sort()).toEqual(['other/checkout', 'shop/cart']);
    index.canaryChanged('shop', 'cart', canary('shop', 'cart', 'uid-2', 'cart-v3', 'cart'), false);
    expect(index.concerned('deployments', 'shop', 'cart-v2', plain('cart-v2'))).toEqual([]);
    expect(index.concerned('deployments', 'shop', 'cart-v3', plain('cart-v3'))).toEqual(['shop/cart']);
  });

  it('a Canary with a malformed spec is still known by name and uid, and never throws', () => {
    const index = new CanaryIndex();
    const broken = { metadata: { namespace: 'shop', name: 'odd', uid: 'uid-9' }, spec: { targetRef: 42, service: 'x' } } as unknown as KubernetesObject;
    expect(index.canaryChanged('shop', 'odd', broken, false)).toEqual(['shop/odd']);
    expect(index.keys()).toEqual(['shop/odd']);
    expect(index.concerned('deployments', 'shop', 'odd-primary', ownedBy('uid-9', 'odd-primary'))).toEqual(['shop/odd']);
  });

  it("does not wake a Canary for its own status write within a phase, and wakes it for a phase change, a spec edit, an annotation or a deletion", () => {
    const index = new CanaryIndex();
    const at = (status: object, metadata: object = {}, target = 'checkout') =>
      ({ ...canary('shop', 'checkout', 'uid-1', target), status, metadata: { namespace: 'shop', name: 'checkout', uid: 'uid-1', generation: 1, ...metadata } }) as KubernetesObject;
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Progressing', stageIndex: 0 }), false)).toEqual(['shop/checkout']);
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Progressing', stageIndex: 1, lastAnalysisAt: 'now' }), false)).toEqual([]);
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Promoting' }), false)).toEqual(['shop/checkout']);
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Promoting' }, { generation: 2 }, 'checkout-v2'), false)).toEqual(['shop/checkout']);
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Promoting' }, { generation: 2, annotations: { 'songbird.dev/paused': 'true' } }, 'checkout-v2'), false)).toEqual(['shop/checkout']);
    expect(index.canaryChanged('shop', 'checkout', undefined, true)).toEqual(['shop/checkout']);
    expect(index.canaryChanged('shop', 'checkout', at({ phase: 'Promoting' }), false)).toEqual(['shop/checkout']);
  });
});
