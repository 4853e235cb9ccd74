import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createCanaryFeed, type CanaryFeed, type SourceState } from './canary-source.js';
import { acceptedHost, createDashboardHandler, type DashboardHandler } from './dashboard-handler.js';
import { canaryObject, progressingStatus } from './fake-canaries.js';

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(port: number, path: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

type SseEvent = { event: string; data: unknown };

/** An EventSource's reading of /dashboard/api/events: events as they arrive. */
function openEvents(port: number): Promise<{ events: SseEvent[]; next: (event: string) => Promise<SseEvent>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiting: Array<{ event: string; resolve: (e: SseEvent) => void; from: number }> = [];
    let buffer = '';
    const req = http.get({ host: '127.0.0.1', port, path: '/dashboard/api/events' }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
        for (const w of [...waiting]) {
          const found = events.slice(w.from).find((e) => e.event === w.event);
          if (found) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(found);
          }
        }
      });
      let read = 0;
      resolve({
        events,
        next: (event) =>
          new Promise((done, fail) => {
            const from = read;
            const found = events.slice(from).find((e) => e.event === event);
            read = events.length;
            if (found) return done(found);
            waiting.push({ event, from, resolve: done });
            setTimeout(() => fail(new Error(`no ${event} event within 3 s; got ${JSON.stringify(events.map((e) => e.event))}`)), 3_000).unref();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => (error.message === 'socket hang up' ? undefined : reject(error)));
  });
}

let assetsDir: string;
beforeAll(() => {
  assetsDir = mkdtempSync(join(tmpdir(), 'dashboard-assets-'));
  mkdirSync(join(assetsDir, 'assets'));
  writeFileSync(join(assetsDir, 'index.html'), '<!doctype html><title>Songbird rollouts</title>');
  writeFileSync(join(assetsDir, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => rmSync(assetsDir, { recursive: true, force: true }));

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => { s.closeAllConnections(); s.close(done); })));
});

async function serve(options: { state?: () => SourceState; assetsDir?: string; heartbeatMs?: number; acceptHosts?: string[] } = {}): Promise<{ port: number; feed: CanaryFeed; handler: DashboardHandler }> {
  const feed = createCanaryFeed({ state: options.state ?? (() => ({ live: true, message: 'watching' })) });
  feed.changed('shop', 'web', canaryObject('shop', 'web'), false);
  const handler = createDashboardHandler({
    source: feed,
    assetsDir: options.assetsDir ?? assetsDir,
    coalesceMs: 20,
    heartbeatMs: options.heartbeatMs ?? 50,
    ...(options.acceptHosts ? { acceptHosts: options.acceptHosts } : {}),
  });
  const server = http.createServer((req, res) => (handler.owns(new URL(req.url ?? '/', 'http://x').pathname) ? handler.handle(req, res) : res.writeHead(418).end()));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, feed, handler };
}

describe('the dashboard handler', () => {
  it('answers every Canary as JSON with its source state, without the outbox, when /dashboard/api/canaries is read', async () => {
    const { port } = await serve();
    const reply = await request(port, '/dashboard/api/canaries');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(reply.body) as { source: SourceState; canaries: Array<{ name: string; status: Record<string, unknown> }> };
    expect(body.source).toEqual({ live: true, message: 'watching' });
    expect(body.canaries.map((c) => c.name)).toEqual(['web']);
    expect(body.canaries[0]?.status).toMatchObject({ phase: 'Progressing', canaryWeight: 50 });
    expect(body.canaries[0]?.status).not.toHaveProperty('outbox');
  });

  it('answers one Canary by namespace and name, a dotted name included', async () => {
    const { port, feed } = await serve();
    feed.changed('shop', 'web.v2', canaryObject('shop', 'web.v2'), false);
    const reply = await request(port, '/dashboard/api/canaries/shop/web.v2');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ namespace: 'shop', name: 'web.v2' });
  });

  it.each([
    ['an unknown Canary', '/dashboard/api/canaries/shop/nope', /no Canary shop\/nope in the dashboard's source \(watching\)/],
    ['a path with too many parts', '/dashboard/api/canaries/shop/web/x', /NAMESPACE\/NAME/],
    ['a malformed escape', '/dashboard/api/canaries/shop/%E0%A4%A', /NAMESPACE\/NAME/],
    ['an unknown API', '/dashboard/api/secrets', /no such dashboard API/],
    ['an unknown file', '/dashboard/assets/nope.js', /not found/],
    ['a way out of the folder', '/dashboard/assets%2F..%2F..%2Fpackage.json', /not found/],
  ])('answers 404 for %s', async (_what, path, message) => {
    const { port } = await serve();
    const reply = await request(port, path);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatch(message);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s with 405 and changes nothing, as it is read-only', async (method) => {
    const { port, feed } = await serve();
    for (const path of ['/dashboard/', '/dashboard/api/canaries', '/dashboard/api/canaries/shop/web', '/dashboard/api/events']) {
      const reply = await request(port, path, method);
      expect([path, reply.status, reply.headers.allow]).toEqual([path, 405, 'GET, HEAD']);
    }
    expect(feed.list()).toHaveLength(1);
  });

  it('serves the built page with a content security policy, and hashed assets as immutable', async () => {
    const { port } = await serve();
    const page = await request(port, '/dashboard/');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>Songbird rollouts</title>' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    const asset = await request(port, '/dashboard/assets/index-abc123.js');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('redirects /dashboard to /dashboard/ so the page finds its relative assets', async () => {
    const { port } = await serve();
    expect(await request(port, '/dashboard?x=1')).toMatchObject({ status: 308, headers: { location: '/dashboard/?x=1' } });
  });

  it('answers 503 naming npm run build for the page, and still serves the API, when the front-end is not built', async () => {
    const { port } = await serve({ assetsDir: join(assetsDir, 'missing') });
    const page = await request(port, '/dashboard/');
    expect(page.status).toBe(503);
    expect(page.body).toContain('run npm run build');
    expect((await request(port, '/dashboard/api/canaries')).status).toBe(200);
  });

  it('answers HEAD with headers and no body', async () => {
    const { port } = await serve();
    expect(await request(port, '/dashboard/api/canaries', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});

describe('the dashboard event stream', () => {
  it('sends a snapshot first, then each changed Canary and each removed one', async () => {
    const { port, feed } = await serve();
    const stream = await openEvents(port);
    const snapshot = (await stream.next('snapshot')).data as { canaries: Array<{ name: string }> };
    expect(snapshot.canaries.map((c) => c.name)).toEqual(['web']);
    feed.changed('shop', 'api', canaryObject('shop', 'api', { ...progressingStatus(), phase: 'Failed', reason: 'rolled back' }), false);
    expect((await stream.next('canary')).data).toMatchObject({ name: 'api', status: { phase: 'Failed', reason: 'rolled back' } });
    feed.changed('shop', 'api', undefined, true);
    expect((await stream.next('removed')).data).toEqual({ namespace: 'shop', name: 'api' });
    stream.close();
  });

  it('sends only the latest of changes to one Canary made within the coalescing window', async () => {
    const { port, feed } = await serve();
    const stream = await openEvents(port);
    await stream.next('snapshot');
    for (const weight of [10, 20, 30]) feed.changed('shop', 'web', canaryObject('shop', 'web', { ...progressingStatus(), canaryWeight: weight }), false);
    expect((await stream.next('canary')).data).toMatchObject({ status: { canaryWeight: 30 } });
    await new Promise((done) => setTimeout(done, 100));
    expect(stream.events.filter((e) => e.event === 'canary')).toHaveLength(1);
    stream.close();
  });

  it('tells the page when the source stops being live', async () => {
    let state: SourceState = { live: true, message: 'watching' };
    const { port } = await serve({ state: () => state });
    const stream = await openEvents(port);
    await stream.next('snapshot');
    state = { live: false, message: 'the Canary watch failed; retrying in 2 s' };
    expect((await stream.next('source')).data).toEqual(state);
    stream.close();
  });

  it('forgets a stream when its client goes, and ends open streams on close()', async () => {
    const { port, handler } = await serve();
    const first = await openEvents(port);
    const second = await openEvents(port);
    await Promise.all([first.next('snapshot'), second.next('snapshot')]);
    expect(handler.streams()).toBe(2);
    first.close();
    for (let i = 0; i < 50 && handler.streams() > 1; i++) await new Promise((done) => setTimeout(done, 10));
    expect(handler.streams()).toBe(1);
    handler.close();
    expect(handler.streams()).toBe(0);
    second.close();
  });
});

describe('the dashboard Host check (DNS rebinding)', () => {
  it.each(['/dashboard/api/canaries', '/dashboard/api/events', '/dashboard/'])('answers 403 naming the Host and SONGBIRD_DASHBOARD_HOSTS when %s is asked for as attacker.example.com', async (path) => {
    const { port, handler } = await serve();
    const reply = await request(port, path, 'GET', { host: `attacker.example.com:${port}` });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain(`"attacker.example.com:${port}"`);
    expect(reply.body).toContain('SONGBIRD_DASHBOARD_HOSTS');
    expect(reply.body).not.toContain('podinfo');
    expect(handler.streams()).toBe(0);
  });

  it('serves a name listed in acceptHosts, exactly or under a *. entry, and no other', async () => {
    const { port } = await serve({ acceptHosts: ['songbird.example.com', '*.dash.example.org'] });
    expect((await request(port, '/dashboard/api/canaries', 'GET', { host: 'songbird.example.com' })).status).toBe(200);
    expect((await request(port, '/dashboard/api/canaries', 'GET', { host: `eu.dash.example.org:${port}` })).status).toBe(200);
    expect((await request(port, '/dashboard/api/canaries', 'GET', { host: 'dash.example.org' })).status).toBe(403);
    expect((await request(port, '/dashboard/api/canaries', 'GET', { host: 'songbird.example.com.evil.net' })).status).toBe(403);
  });

  it.each([
    ['localhost with a port', 'localhost:8080'],
    ['an IPv4 address', '127.0.0.1:8080'],
    ['an IPv6 address in brackets', '[::1]:8080'],
    ['a single-label Service name', 'songbird-controller:8080'],
    ['a Service name with its namespace and .svc', 'songbird-controller.songbird.svc:8080'],
    ['a full in-cluster Service name, any case, trailing dot', 'Songbird-Controller.songbird.svc.cluster.local.'],
  ])('accepts %s', (_what, host) => {
    expect(acceptedHost(host)).toBe(true);
  });

  it.each([
    ['a public name', 'attacker.example.com'],
    ['a name that merely contains .svc', 'songbird.svc.attacker.example.com'],
    ['a name ending svc without the dot', 'evilsvc.com'],
    ['an IPv6 address without brackets', '::1'],
    ['no Host at all', undefined],
    ['an empty Host', ''],
  ])('refuses %s', (_what, host) => {
    expect(acceptedHost(host)).toBe(false);
  });
});
