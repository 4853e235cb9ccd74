// startInformer against an HTTP fake of the apiserver on loopback: a failed
// list is reported and retried, and objects that vanished meanwhile are reported.
import type { V1Deployment } from '@kubernetes/client-node';
import http from 'node:http';
import { startInformer, type RunningInformer } from './informer.js';
import type { KubernetesError } from './kubernetes-errors.js';
import { makeKubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { deploymentSource } from './watch-sources.js';

const deployment = (namespace: string, name: string, resourceVersion: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace, name, resourceVersion } });

/**
 * Lists answer from `lists` in turn (the last one repeats). A watch streams
 * `watchEvents` and ends (the informer watches again), or answers
 * `watchStatus` when given (a failed watch: the informer lists again).
 */
function fakeApiServer(lists: Array<[number, unknown]>, watchEvents: unknown[], watchStatus?: number) {
  const served = { lists: 0, watches: 0 };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (url.pathname !== '/apis/apps/v1/deployments') return void response.writeHead(404).end();
    if (url.searchParams.get('watch') === 'true') {
      served.watches += 1;
      if (watchStatus) return void response.writeHead(watchStatus, { 'content-type': 'application/json' }).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' });
      for (const event of watchEvents) response.write(`${JSON.stringify(event)}\n`);
      return void setTimeout(() => response.end(), 200);
    }
    const [status, body] = lists[Math.min(served.lists, lists.length - 1)]!;
    served.lists += 1;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { server, served };
}

async function until(what: string, holds: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startInformer', () => {
  let server: http.Server | undefined;
  let informer: RunningInformer | undefined;

  afterEach(async () => {
    await informer?.stop();
    if (server) await closeServer(server);
    server = undefined;
    informer = undefined;
  });

  it('reports a failed list as an error value and lists again after a backoff', async () => {
    const fake = fakeApiServer(
      [
        [500, { kind: 'Status', code: 500, message: 'etcd is down' }],
        [200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '10' }, items: [deployment('shop', 'web', '9')] }],
      ],
      [{ type: 'ADDED', object: deployment('shop', 'api', '11') }],
    );
    server = fake.server;
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    const changes: string[] = [];
    const errors: Array<[KubernetesError, number]> = [];
    informer = startInformer<V1Deployment>(kubeConfig, deploymentSource(makeKubernetesClients(kubeConfig)), (ns, name) => changes.push(`${ns}/${name}`), {
      minBackoffMs: 10,
      maxBackoffMs: 20,
      onError: (error, wait) => errors.push([error, wait]),
    });
    await until('both Deployments reported', () => changes.includes('shop/web') && changes.includes('shop/api'));
    expect(errors[0]?.[0]).toMatchObject({ code: 'server', retryable: true });
    expect(errors[0]?.[1]).toBeGreaterThanOrEqual(5);
    expect(errors[0]?.[1]).toBeLessThanOrEqual(10);
  });

  it('opens no watch when stopped while its first list is still running (the client library would watch once the list returns)', async () => {
    const fake = fakeApiServer([[200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '10' }, items: [] }]], []);
    server = fake.server;
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = deploymentSource(makeKubernetesClients(kubeConfig));
    const slowSource = { ...source, list: async () => { const list = await source.list(); await gate; return list; } };
    informer = startInformer<V1Deployment>(kubeConfig, slowSource, () => {});
    await until('the list request', () => fake.served.lists === 1);
    const stopping = informer.stop();
    release();
    await stopping;
    await informer.started;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.served.watches).toBe(0);
  });

  it('is not synced while its list fails, and is once a list succeeds (what readiness reads)', async () => {
    const fake = fakeApiServer(
      [
        [500, { kind: 'Status', code: 500, message: 'etcd is down' }],
        [200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '10' }, items: [deployment('shop', 'web', '9')] }],
      ],
      [],
    );
    server = fake.server;
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    informer = startInformer<V1Deployment>(kubeConfig, deploymentSource(makeKubernetesClients(kubeConfig)), () => {}, { minBackoffMs: 200, maxBackoffMs: 400 });
    await informer.started;
    expect(informer.synced()).toBe(false);
    await until('the second list', () => informer!.synced());
  });

  it('reports an object that disappeared while the watch was down', async () => {
    const fake = fakeApiServer(
      [
        [200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '10' }, items: [deployment('shop', 'web', '9'), deployment('shop', 'old', '8')] }],
        [200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '20' }, items: [deployment('shop', 'web', '9')] }],
      ],
      [],
      503,
    );
    server = fake.server;
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    const changes: string[] = [];
    informer = startInformer<V1Deployment>(kubeConfig, deploymentSource(makeKubernetesClients(kubeConfig)), (ns, name) => changes.push(`${ns}/${name}`), {
      minBackoffMs: 10,
      maxBackoffMs: 20,
    });
    await informer.started;
    expect(changes.sort()).toEqual(['shop/old', 'shop/web']);
    changes.length = 0;
    await until('a second list', () => fake.served.lists >= 2 && changes.includes('shop/old'));
    expect(changes).toContain('shop/old');
  });

  it('holds what it watched in a cache without managedFields, and says which changes were deletions', async () => {
    const withFields = (name: string, rv: string) => ({ ...deployment('shop', name, rv), metadata: { ...deployment('shop', name, rv).metadata, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] } });
    const fake = fakeApiServer(
      [[200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '10' }, items: [withFields('web', '9'), withFields('old', '8')] }]],
      [
        { type: 'ADDED', object: withFields('api', '11') },
        { type: 'DELETED', object: deployment('shop', 'old', '12') },
      ],
    );
    server = fake.server;
    await listenOnLoopback(server);
    const kubeConfig = loopbackKubeConfig(server);
    const changes: string[] = [];
    informer = startInformer<V1Deployment>(kubeConfig, deploymentSource(makeKubernetesClients(kubeConfig)), (ns, name, object, gone) => changes.push(`${gone ? 'gone' : 'seen'} ${ns}/${name} ${object ? 'with' : 'without'} object`));
    await until('the deletion', () => changes.includes('gone shop/old with object'));
    expect(changes).toEqual(expect.arrayContaining(['seen shop/web with object', 'seen shop/api with object']));
    expect(informer.get('shop', 'web')?.metadata?.resourceVersion).toBe('9');
    expect(informer.get('shop', 'web')?.metadata?.managedFields).toBeUndefined();
    expect(informer.get('shop', 'old')).toBeUndefined();
    expect(informer.list('shop').map((d) => d.metadata?.name).sort()).toEqual(['api', 'web']);
    expect(informer.list('elsewhere')).toEqual([]);
  });
});
