import http from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createMetrics } from './metrics.js';
import { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.js';

type Reply = { status: number; type: string | undefined; body: string };

function get(port: number, path: string, method = 'GET', agent?: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    request.on('error', reject);
    request.end();
  });
}

const started: HealthServer[] = [];

async function start(overrides: Partial<HealthServerOptions> = {}): Promise<HealthServer> {
  const server = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    registry: createMetrics().registry,
    live: () => true,
    ready: () => ({ ok: true, reason: 'leader: informers synced' }),
    ...overrides,
  });
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('startHealthServer', () => {
  it('serves the registry in the text exposition format when /metrics is scraped', async () => {
    const metrics = createMetrics();
    metrics.setLeader(true);
    const { port } = await start({ registry: metrics.registry });
    const reply = await get(port, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.type).toBe(metrics.registry.contentType);
    expect(reply.body).toContain('# TYPE songbird_leader gauge\nsongbird_leader 1\n');
  });

  it('answers 200 ok when /healthz is probed and the controller is live', async () => {
    const { port } = await start();
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
  });

  it('answers 503 when /healthz is probed and live() is false', async () => {
    const { port } = await start({ live: () => false });
    expect((await get(port, '/healthz')).status).toBe(503);
  });

  it('answers 200 with the reason when /readyz is probed and ready', async () => {
    const { port } = await start();
    expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: 'leader: informers synced\n' });
  });

  it('answers 503 with the reason when /readyz is probed before the informers synced', async () => {
    const { port } = await start({ ready: () => ({ ok: false, reason: 'informers not synced: canaries' }) });
    expect(await get(port, '/readyz')).toMatchObject({ status: 503, body: 'informers not synced: canaries\n' });
  });

  it('follows the callbacks when readiness changes while it runs', async () => {
    let ok = false;
    const { port } = await start({ ready: () => ({ ok, reason: ok ? 'ready' : 'starting' }) });
    expect((await get(port, '/readyz')).status).toBe(503);
    ok = true;
    expect((await get(port, '/readyz')).status).toBe(200);
  });

  it('answers 500 when a probe callback throws', async () => {
    const { port } = await start({ live: () => { throw new Error('bug'); } });
    expect(await get(port, '/healthz')).toMatchObject({ status: 500, body: 'internal error: bug\n' });
  });

  it('answers 404 when the path is unknown and 405 when the method is not GET or HEAD', async () => {
    const { port } = await start();
    expect((await get(port, '/')).status).toBe(404);
    expect((await get(port, '/healthz', 'POST')).status).toBe(405);
    expect(await get(port, '/healthz', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('closes with a keep-alive connection open and refuses connections afterwards', async () => {
    const server = await start();
    const agent = new http.Agent({ keepAlive: true });
    expect((await get(server.port, '/healthz', 'GET', agent)).status).toBe(200);
    await server.close();
    await server.close();
    await expect(get(server.port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('rejects naming the port when the port is taken', async () => {
    const { port } = await start();
    await expect(start({ port })).rejects.toThrow(`health server cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
  });
});

describe('startHealthServer with the dashboard', () => {
  it('hands /dashboard paths to the dashboard and keeps /metrics and 404 for the rest when one is given', async () => {
    const seen: string[] = [];
    let closed = 0;
    const dashboard = {
      owns: (path: string) => path === '/dashboard' || path.startsWith('/dashboard/'),
      handle: (request: http.IncomingMessage, response: http.ServerResponse) => {
        seen.push(`${request.method} ${request.url}`);
        response.writeHead(200, { 'content-type': 'text/plain' }).end('dashboard');
      },
      close: () => void closed++,
    };
    const server = await start({ dashboard });
    expect(await get(server.port, '/dashboard/api/canaries')).toMatchObject({ status: 200, body: 'dashboard' });
    expect(await get(server.port, '/dashboard/api/canaries', 'POST')).toMatchObject({ status: 200 }); // the dashboard answers its own methods
    expect((await get(server.port, '/metrics')).status).toBe(200);
    expect((await get(server.port, '/dashboards')).status).toBe(404);
    expect(seen).toEqual(['GET /dashboard/api/canaries', 'POST /dashboard/api/canaries']);
    await server.close();
    expect(closed).toBe(1);
  });

  it('answers 404 for /dashboard when no dashboard is given', async () => {
    const { port } = await start();
    expect((await get(port, '/dashboard/')).status).toBe(404);
  });
});
