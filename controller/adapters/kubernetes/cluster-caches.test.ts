// createClusterCaches against the HTTP fake of the apiserver (fake-apiserver.ts)
// behind a front that plays a Role in namespace "shop" (charts/songbird,
// rbac.scope=namespaced): a request outside /…/namespaces/shop/… is 403, as
// the apiserver's RBAC authorizer answers it. Watches in shop are held open.
import http from 'node:http';
import { createClusterCaches, type CachedKind, type RunningCaches } from './cluster-caches.js';
import { collectionPath, fakeApiServer, type FakeApiServer } from './fake-apiserver.js';
import type { KubernetesError } from './kubernetes-errors.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';

const ROLE_NAMESPACE = 'shop';
const ISTIO_LISTS: Record<string, string> = { destinationrules: 'DestinationRuleList', virtualservices: 'VirtualServiceList' };

/** The fake apiserver behind a Role of ROLE_NAMESPACE; `requests`: "GET <path>" or "WATCH <path>", in order. */
function roleScopedApiServer(fake: FakeApiServer) {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const watch = url.searchParams.get('watch') === 'true';
    requests.push(`${watch ? 'WATCH' : request.method} ${url.pathname}`);
    const json = (code: number, body: unknown) => void response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const inRole = url.pathname.match(/^(?:\/api\/v1|\/apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)/);
    if (inRole?.[1] !== ROLE_NAMESPACE) {
      // k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go, forbiddenMessage.
      const plural = url.pathname.split('/').pop();
      return json(403, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
        message: `${plural} is forbidden: User "system:serviceaccount:songbird-system:songbird-controller" cannot ${watch ? 'watch' : 'list'} resource "${plural}" at the cluster scope`,
      });
    }
    if (watch) return void response.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    // fake-apiserver.ts knows no Istio kinds: their lists (empty here) are answered as the apiserver would.
    const istioList = ISTIO_LISTS[inRole[2]!];
    if (istioList) return json(200, { kind: istioList, apiVersion: 'networking.istio.io/v1', metadata: { resourceVersion: '1' }, items: [] });
    fake.server.emit('request', request, response);
  });
  return { server, requests };
}

const NAMESPACED_COLLECTIONS = [
  '/apis/songbird.dev/v1alpha1/namespaces/shop/canaries',
  '/apis/apps/v1/namespaces/shop/deployments',
  '/api/v1/namespaces/shop/services',
  '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers',
  '/apis/networking.istio.io/v1/namespaces/shop/destinationrules',
  '/apis/networking.istio.io/v1/namespaces/shop/virtualservices',
];

const CLUSTER_COLLECTIONS = [
  '/apis/songbird.dev/v1alpha1/canaries',
  '/apis/apps/v1/deployments',
  '/api/v1/services',
  '/apis/autoscaling/v2/horizontalpodautoscalers',
  '/apis/networking.istio.io/v1/destinationrules',
  '/apis/networking.istio.io/v1/virtualservices',
];

describe('createClusterCaches', () => {
  let front: http.Server | undefined;
  let running: RunningCaches | undefined;

  afterEach(async () => {
    await running?.stop();
    if (front) await closeServer(front);
    running = undefined;
    front = undefined;
  });

  async function start(namespace: string | undefined) {
    const fake = fakeApiServer();
    for (const ns of ['shop', 'other']) {
      fake.put(collectionPath.deployments(ns), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: ns, name: `web-${ns}` } });
      fake.put(collectionPath.services(ns), { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name: `web-${ns}` } });
      fake.put(collectionPath.canaries(ns), { apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', metadata: { namespace: ns, name: `web-${ns}` } });
    }
    const scoped = roleScopedApiServer(fake);
    front = scoped.server;
    await listenOnLoopback(front);
    const errors: Array<[CachedKind, KubernetesError]> = [];
    const hub = createClusterCaches(loopbackKubeConfig(front), namespace === undefined ? {} : { namespace });
    running = hub.start(() => {}, { onError: (kind, error) => errors.push([kind, error]) });
    await running.started;
    return { hub, running, requests: scoped.requests, errors };
  }

  it('lists and watches only /…/namespaces/<ns>/… collections, and syncs under a Role there, when given a namespace', async () => {
    const { hub, running, requests, errors } = await start('shop');
    const deadline = Date.now() + 5_000;
    while (requests.filter((r) => r.startsWith('WATCH')).length < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(errors).toEqual([]);
    expect(running.synced()).toBe(true);
    expect(running.unsynced()).toEqual([]);
    expect(requests.filter((r) => r.startsWith('GET')).map((r) => r.slice(4)).sort()).toEqual([...NAMESPACED_COLLECTIONS].sort());
    expect(requests.filter((r) => r.startsWith('WATCH')).map((r) => r.slice(6)).sort()).toEqual([...NAMESPACED_COLLECTIONS].sort());
    expect(hub.reader('deployments')?.list('shop').map((d) => d.metadata?.name)).toEqual(['web-shop']);
    expect(hub.reader('canaries')?.get('shop', 'web-shop')?.metadata?.name).toBe('web-shop');
    expect(hub.reader('services')?.list('other')).toEqual([]);
  });

  it('lists every collection cluster-wide, and is forbidden by a namespaced Role, when given no namespace', async () => {
    const { running, requests, errors } = await start(undefined);

    expect(requests.map((r) => r.slice(4)).sort()).toEqual([...CLUSTER_COLLECTIONS].sort());
    expect(running.synced()).toBe(false);
    expect(running.unsynced().sort()).toEqual(['autoscalers', 'canaries', 'deployments', 'destinationRules', 'services', 'virtualServices']);
    expect(errors.map(([kind, error]) => [kind, error.code])).toEqual(expect.arrayContaining([['deployments', 'forbidden'], ['canaries', 'forbidden']]));
  });
});
