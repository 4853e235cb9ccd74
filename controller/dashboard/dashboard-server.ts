// The dashboard on a port of its own, for `songbird dashboard`: the handler
// (dashboard-handler.ts) under /dashboard/, `/` redirecting there, 404 else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanarySource } from './canary-source.js';
import { createDashboardHandler, DASHBOARD_PATH, type DashboardHandler } from './dashboard-handler.js';

export interface DashboardServerOptions {
  /** e.g. 127.0.0.1; the dashboard has no login, so anyone who reaches the address sees every Canary of the source. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Makes the source once the port is taken (e.g. starts a Canary watch), so
   * a port that cannot be had starts nothing that would need stopping.
   */
  readonly openSource: () => CanarySource;
  /** The built front-end; default dist/dashboard-web (static-assets.ts). */
  readonly assetsDir?: string;
}

export interface DashboardServer {
  readonly port: number;
  /** The page's address, e.g. http://127.0.0.1:8090/dashboard/. */
  readonly url: string;
  /** Ends the event streams and stops listening; a second call waits for the first. */
  close(): Promise<void>;
}

/**
 * Starts listening, then opens the source; rejects with an Error naming host,
 * port and the system's code (e.g. EADDRINUSE) as its cause when it cannot
 * listen, having opened nothing.
 */
export function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  let handler: DashboardHandler | undefined;
  const server = http.createServer((request, response) => {
    if (!handler) return void response.writeHead(503).end();
    const path = new URL(request.url ?? '/', 'http://dashboard').pathname;
    if (handler.owns(path)) return handler.handle(request, response);
    if (path === '/') return void response.writeHead(302, { location: `${DASHBOARD_PATH}/` }).end();
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path} (the dashboard is at ${DASHBOARD_PATH}/)\n`);
  });
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(new Error(`cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`, { cause: error }));
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      const opened = createDashboardHandler({ source: options.openSource(), ...(options.assetsDir ? { assetsDir: options.assetsDir } : {}) });
      handler = opened;
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `http://${host}:${port}${DASHBOARD_PATH}/`,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            opened.close();
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          })),
      });
    });
  });
}
