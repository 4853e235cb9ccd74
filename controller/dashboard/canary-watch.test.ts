// watchCanaries against an HTTP fake of the apiserver on loopback: the
// namespaced Canary collection is listed and watched, and a refused list is
// the source's state (with when it retries), never a throw.
import http from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from '../adapters/kubernetes/loopback-kube-config.js';
import { watchCanaries, type CanaryWatch } from './canary-watch.js';
import { canaryObject } from './fake-canaries.js';

const COLLECTION = '/apis/songbird.dev/v1alpha1/namespaces/shop/canaries';

/** Lists answer `list` ([status, body]); a watch streams `events` and stays open. Answers the paths asked. */
function fakeApiServer(list: [number, unknown], events: unknown[]) {
  const asked: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    asked.push(`${url.pathname}${url.searchParams.get('watch') === 'true' ? '?watch' : ''}`);
    if (url.pathname !== COLLECTION) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    if (url.searchParams.get('watch') === 'true') {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (const event of events) response.write(`${JSON.stringify(event)}\n`);
      return;
    }
    response.writeHead(list[0], { 'content-type': 'application/json' }).end(JSON.stringify(list[1]));
  });
  return { server, asked };
}

async function until(what: string, holds: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('watchCanaries', () => {
  let server: http.Server | undefined;
  let watch: CanaryWatch | undefined;
  afterEach(async () => {
    await watch?.stop();
    if (server) await closeServer(server);
    server = watch = undefined;
  });

  it("lists and watches the namespace's Canaries and tells listeners of each change", async () => {
    const listed = { ...canaryObject('shop', 'web'), metadata: { namespace: 'shop', name: 'web', resourceVersion: '5' } };
    const added = { ...canaryObject('shop', 'cart'), metadata: { namespace: 'shop', name: 'cart', resourceVersion: '6' } };
    const fake = fakeApiServer([200, { kind: 'CanaryList', apiVersion: 'songbird.dev/v1alpha1', metadata: { resourceVersion: '5' }, items: [listed] }], [{ type: 'ADDED', object: added }]);
    server = fake.server;
    await listenOnLoopback(server);
    watch = watchCanaries(loopbackKubeConfig(server), 'shop');
    const heard: string[] = [];
    watch.subscribe((change) => heard.push(change.name));
    await until('both Canaries', () => watch!.list().length === 2);
    expect(heard).toEqual(['web', 'cart']);
    expect(watch.state()).toEqual({ live: true, message: 'watching Canaries in namespace shop (kubeconfig context fake)' });
    expect(fake.asked).toEqual([COLLECTION, `${COLLECTION}?watch`]);
  });

  it('says what the apiserver refused and when it tries again, when the list is forbidden', async () => {
    const fake = fakeApiServer([403, { kind: 'Status', code: 403, reason: 'Forbidden', message: 'canaries.songbird.dev is forbidden: User "ann" cannot list resource "canaries"' }], []);
    server = fake.server;
    await listenOnLoopback(server);
    watch = watchCanaries(loopbackKubeConfig(server), 'shop', { minBackoffMs: 60_000 });
    await watch.started;
    const state = watch.state();
    expect(state.live).toBe(false);
    expect(state.message).toMatch(/forbidden.*trying again in \d+ s$/i);
    expect(state.message).toContain('cannot list resource');
    expect(watch.list()).toEqual([]);
  });
});
