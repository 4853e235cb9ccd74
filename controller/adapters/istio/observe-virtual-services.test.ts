// observeVirtualServices against an HTTP fake of the apiserver on loopback.
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from '../kubernetes/loopback-kube-config.js';
import { fakeVirtualServicesApiServer, type FakeVirtualServicesOptions } from './fake-virtual-services-apiserver.js';
import type { VirtualService } from './istio-resources.js';
import { observeVirtualServices } from './observe-virtual-services.js';

const canary = { name: 'web', uid: 'uid-web' };

const vs = (name: string, metadata: Partial<VirtualService['metadata']>, spec: VirtualService['spec']): VirtualService => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'shop', creationTimestamp: `2026-01-0${name.length % 9}T00:00:00Z`, resourceVersion: '3', ...metadata },
  spec,
});

const ours = vs('web', { ownerReferences: [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid: 'uid-web', controller: true }] }, {
  hosts: ['web'],
  gateways: ['mesh'],
  http: [{ name: 'songbird-default', route: [{ destination: { host: 'web-primary' }, weight: 100 }] }],
});
const adopted = vs('web-gateway', { annotations: { 'songbird.dev/adopted-by': 'uid-web', 'songbird.dev/original-spec': '{}' } }, { hosts: ['web.example.com'], gateways: ['istio-system/public'], http: [] });
const older = vs('legacy-web', {}, { hosts: ['web.shop.svc.cluster.local'], http: [{ name: 'everything', route: [{ destination: { host: 'legacy' } }] }] });

describe('observeVirtualServices', () => {
  let server: import('node:http').Server | undefined;

  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  async function observe(initial: readonly VirtualService[], options: FakeVirtualServicesOptions = {}) {
    const fake = fakeVirtualServicesApiServer(initial, options);
    server = fake.server;
    await listenOnLoopback(server);
    return observeVirtualServices(makeKubernetesClients(loopbackKubeConfig(server)), 'shop', canary);
  }

  it('summarises every VirtualService of the namespace with its relation to the Canary when owned, adopted and foreign ones are there', async () => {
    const result = await observe([ours, adopted, older]);
    expect(result).toEqual({
      ok: true,
      value: [
        { name: 'web', namespace: 'shop', createdAt: ours.metadata.creationTimestamp, relation: 'owned', hosts: ['web'], gateways: ['mesh'], http: [{ name: 'songbird-default' }] },
        { name: 'web-gateway', namespace: 'shop', createdAt: adopted.metadata.creationTimestamp, relation: 'adopted', hosts: ['web.example.com'], gateways: ['istio-system/public'], http: [] },
        { name: 'legacy-web', namespace: 'shop', createdAt: older.metadata.creationTimestamp, relation: 'foreign', hosts: ['web.shop.svc.cluster.local'], gateways: [], http: [{ name: 'everything' }] },
      ],
    });
  });

  it('is an empty list when the namespace has no VirtualService', async () => {
    expect(await observe([])).toEqual({ ok: true, value: [] });
  });

  it('is a badResponse when the answer has no items array', async () => {
    const result = await observe([], { listBody: { kind: 'VirtualServiceList' } });
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', retryable: false, message: expect.stringContaining('no items array') });
  });

  it('is a badResponse naming the item when one has no metadata.name', async () => {
    const result = await observe([], { listBody: { items: [ours, { spec: {} }] } });
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', message: expect.stringContaining('items[1]') });
  });

  it('is a retryable network error when the apiserver cannot be reached', async () => {
    const fake = fakeVirtualServicesApiServer([]);
    await listenOnLoopback(fake.server);
    const kubeConfig = loopbackKubeConfig(fake.server);
    await closeServer(fake.server);
    const result = await observeVirtualServices(makeKubernetesClients(kubeConfig), 'shop', canary);
    expect(!result.ok && result.error).toMatchObject({ code: 'network', retryable: true });
  });
});
