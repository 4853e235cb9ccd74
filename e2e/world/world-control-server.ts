// A tiny HTTP server on loopback, run by the process that owns a world, so
// that other processes (jest test files) can steer its Prometheus:
//   POST /scrape-targets {"targets": ["127.0.0.1:9100"]}
//   POST /prometheus/stop
//   POST /prometheus/start
//   POST /stop            (stops the world, then this server; used by the global teardown)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { World } from './world.js';

export interface WorldControlServer {
  readonly url: string;
  close(): Promise<void>;
}

type Route = (body: string) => Promise<void>;

function routes(world: World): Record<string, Route> {
  return {
    '/scrape-targets': async (body) => {
      const { targets } = JSON.parse(body || '{}') as { targets?: unknown };
      if (!Array.isArray(targets) || !targets.every((target) => typeof target === 'string')) {
        throw new Error('expected {"targets": ["host:port", ...]}');
      }
      await world.setScrapeTargets(targets);
    },
    '/prometheus/stop': () => world.stopPrometheus(),
    '/prometheus/start': () => world.startPrometheus(),
    '/stop': () => world.stop(),
  };
}

export async function startWorldControlServer(world: World): Promise<WorldControlServer> {
  const table = routes(world);
  const server = http.createServer((request, response) => {
    const route = request.method === 'POST' ? table[request.url ?? ''] : undefined;
    if (!route) {
      response.writeHead(404).end('unknown route\n');
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      route(Buffer.concat(chunks).toString('utf8')).then(
        () => response.writeHead(204).end(() => request.url === '/stop' && void close()),
        (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
      );
    });
  });
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close,
  };
}

/** Client side: POST to a control server; throws with the server's message on failure. */
export async function postControl(controlUrl: string, route: string, body?: unknown): Promise<void> {
  const response = await fetch(`${controlUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`world control ${route} answered ${response.status}: ${await response.text()}`);
}
