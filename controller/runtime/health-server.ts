import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { DashboardHandler } from '../dashboard/dashboard-handler.js';

/**
 * The controller's one HTTP port (8080, `metrics` in config/manager/):
 * - `GET /metrics`: the registry in Prometheus's text exposition format
 *   (https://prometheus.io/docs/instrumenting/exposition_formats/);
 * - `GET /healthz`: the liveness probe, 200 `ok` while the event loop answers
 *   and `live()` holds, else 503;
 * - `GET /readyz`: the readiness probe, 200 or 503 with `ready().reason` as text.
 * Kubernetes' HTTP probes count any status from 200 to 399 as success and
 * anything else as failure
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/).
 * - `/dashboard` and below: handed to `dashboard` when given (the read-only
 *   rollout dashboard, controller/dashboard/dashboard-handler.ts), else 404.
 * Other paths answer 404, other methods than GET and HEAD 405; a probe
 * callback or a collector that throws answers 500.
 */
export interface HealthServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly registry: Registry;
  readonly live: () => boolean;
  readonly ready: () => { ok: boolean; reason: string };
  /** Serves /dashboard and below; its event streams are ended by close(). */
  readonly dashboard?: Pick<DashboardHandler, 'owns' | 'handle' | 'close'>;
}

export interface HealthServer {
  /** The port it listens on (the one picked when 0 was asked). */
  readonly port: number;
  /** Stops listening and closes open connections, idle keep-alive ones included; a second call waits for the first. */
  close(): Promise<void>;
}

/**
 * Starts listening; rejects (an Error naming host, port and the system's code,
 * e.g. EADDRINUSE, as its cause) when it cannot, as the controller cannot run
 * without its probes.
 */
export function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const { dashboard } = options;
    if (dashboard?.owns(new URL(request.url ?? '/', 'http://health').pathname)) return dashboard.handle(request, response);
    answer(options, request).then(
      ({ status, type, body }) => response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...(status === 405 ? { allow: 'GET, HEAD' } : {}) }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': TEXT }).end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(new Error(`health server cannot listen on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }));
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      let closing: Promise<void> | undefined;
      const close = (): Promise<void> => {
        options.dashboard?.close();
        return closeServer(server);
      };
      resolve({ port: (server.address() as AddressInfo).port, close: () => (closing ??= close()) });
    });
  });
}

const TEXT = 'text/plain; charset=utf-8';

type Answer = { status: number; type: string; body: string };

async function answer(options: HealthServerOptions, request: http.IncomingMessage): Promise<Answer> {
  const path = new URL(request.url ?? '/', 'http://health').pathname;
  const known = path === '/metrics' || path === '/healthz' || path === '/readyz';
  if (!known) return { status: 404, type: TEXT, body: `not found: ${path}\n` };
  if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, type: TEXT, body: `method not allowed: ${request.method}\n` };
  switch (path) {
    case '/metrics':
      return { status: 200, type: options.registry.contentType, body: await options.registry.metrics() };
    case '/healthz':
      return options.live() ? { status: 200, type: TEXT, body: 'ok\n' } : { status: 503, type: TEXT, body: 'not live\n' };
    default: {
      const { ok, reason } = options.ready();
      return { status: ok ? 200 : 503, type: TEXT, body: `${reason || (ok ? 'ready' : 'not ready')}\n` };
    }
  }
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
