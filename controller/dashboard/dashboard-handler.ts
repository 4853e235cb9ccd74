// The dashboard's HTTP handler, read-only, under /dashboard/:
// - GET /dashboard/                       the page (the built front-end, static-assets.ts)
// - GET /dashboard/api/canaries           {source, canaries}: every Canary (canary-view.ts)
// - GET /dashboard/api/canaries/NS/NAME   one Canary, 404 when the source has none of that name
// - GET /dashboard/api/events             server-sent events: `snapshot` {source, canaries} first,
//                                         then `canary` (one changed Canary), `removed` {namespace, name},
//                                         `source` (the source's state changed)
// Other methods than GET and HEAD answer 405 (nothing here changes anything),
// unknown paths 404. It has no login of its own: it is meant to sit behind
// `kubectl port-forward` or the cluster's authenticating proxy.
// A request whose Host is not one of acceptedHost's answers 403 first: a page
// on attacker.example.com whose name is rebound to 127.0.0.1 would otherwise
// read the API as its own origin (DNS rebinding; kubectl proxy guards itself
// the same way with --accept-hosts).
import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardCanariesOf, dashboardCanaryOf } from './canary-view.js';
import type { CanaryChange, CanarySource } from './canary-source.js';
import { SSE_HEARTBEAT, sseEvent, sseRetry } from './event-stream.js';
import { defaultAssetsDir, readStaticAssets, type StaticAssets } from './static-assets.js';

export const DASHBOARD_PATH = '/dashboard';

export interface DashboardHandlerOptions {
  readonly source: CanarySource;
  /** The built front-end; default defaultAssetsDir() (dist/dashboard-web). */
  readonly assetsDir?: string;
  /** Heartbeat and source-state check of each event stream, ms; default 10 000. */
  readonly heartbeatMs?: number;
  /** Changes within this many ms are sent together, the latest of each Canary only; default 100. */
  readonly coalesceMs?: number;
  /** A stream whose client has not read this many bytes is ended (EventSource reconnects and gets a snapshot); default 8 MiB. */
  readonly maxBufferedBytes?: number;
  /** Host names served beside the built-in ones (acceptedHost): exact names, or `*.example.com` for the names under it; lower case (SONGBIRD_DASHBOARD_HOSTS). */
  readonly acceptHosts?: readonly string[];
}

const SINGLE_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The setting that widens the accepted hosts, named in the 403 answer. */
export const ACCEPT_HOSTS_SETTING = 'SONGBIRD_DASHBOARD_HOSTS';

/** The name in a Host header without its port, lower case, without a trailing dot; `[::1]:8080` → `::1`; undefined when there is none. */
export function hostNameOf(header: string | undefined): string | undefined {
  const host = header?.trim().toLowerCase();
  if (!host) return undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 1 && /^(:\d*)?$/.test(host.slice(end + 1)) ? host.slice(1, end) : undefined;
  }
  const name = host.replace(/:\d*$/, '').replace(/\.$/, '');
  return name === '' || name.includes(':') ? undefined : name;
}

/**
 * Whether the dashboard answers a request with this Host header: `localhost`,
 * an IP address (v4, or v6 in brackets), a single-label name (a Service in
 * the same namespace), a name ending `.svc` or `.svc.cluster.local` (an
 * in-cluster Service), or one of `extra` (exact, or `*.example.com` for the
 * names under example.com). A missing Host is refused.
 */
export function acceptedHost(header: string | undefined, extra: readonly string[] = []): boolean {
  const name = hostNameOf(header);
  if (name === undefined) return false;
  // hostNameOf yields an IPv6 address only from brackets (a bare one loses its last group as a "port" and keeps a ':').
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || SINGLE_LABEL.test(name) || name.endsWith('.svc') || name.endsWith('.svc.cluster.local')) return true;
  return extra.some((entry) => (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry));
}

export interface DashboardHandler {
  /** True for /dashboard and every path under it: the caller hands those requests to `handle`. */
  owns(path: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Event streams open now (tests, and a shutdown that waits for none). */
  streams(): number;
  /** Ends every event stream (the server is stopping). */
  close(): void;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
// The page loads only its own files and talks only to this server; Chart.js draws on canvas.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Builds the handler; reads the front-end on the first page request (so a controller without it still serves the API). */
export function createDashboardHandler(options: DashboardHandlerOptions): DashboardHandler {
  const closers = new Set<() => void>();
  let assets: StaticAssets | undefined;
  const readAssets = (): StaticAssets => {
    const read = assets ?? readStaticAssets(options.assetsDir ?? defaultAssetsDir());
    if (read.ok) assets = read; // a missing build is read again next time
    return read;
  };

  return {
    owns: (path) => path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`),
    streams: () => closers.size,
    close: () => [...closers].forEach((close) => close()),
    handle(request, response) {
      if (!acceptedHost(request.headers.host, options.acceptHosts)) {
        const host = request.headers.host ?? '(none)';
        return send(response, request, 403, TEXT, `the dashboard does not answer Host ${JSON.stringify(host)}: it answers localhost, IP addresses, single-label names and names ending .svc or .svc.cluster.local; list other names in ${ACCEPT_HOSTS_SETTING} (comma-separated; this guards against DNS rebinding)\n`);
      }
      const url = new URL(request.url ?? '/', 'http://dashboard');
      const path = url.pathname;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return send(response, request, 405, TEXT, `method not allowed: ${request.method}; the dashboard is read-only\n`, { allow: 'GET, HEAD' });
      }
      if (path === DASHBOARD_PATH) return send(response, request, 308, TEXT, 'moved to /dashboard/\n', { location: `${DASHBOARD_PATH}/${url.search}` });
      const rest = path.slice(DASHBOARD_PATH.length + 1);
      if (rest === 'api/canaries') {
        return sendJson(response, request, 200, { source: options.source.state(), canaries: dashboardCanariesOf(options.source.list()) });
      }
      if (rest.startsWith('api/canaries/')) return oneCanary(options.source, rest.slice('api/canaries/'.length), request, response);
      if (rest === 'api/events') {
        if (request.method === 'HEAD') return send(response, request, 200, 'text/event-stream', '');
        return openStream(options, request, response, closers);
      }
      if (rest.startsWith('api/') || rest === 'api') return sendJson(response, request, 404, { error: `no such dashboard API: ${path}` });
      const read = readAssets();
      if (!read.ok) return send(response, request, 503, TEXT, `${read.message}\n`);
      const file = read.get(rest === '' ? 'index.html' : rest);
      if (!file) return send(response, request, 404, TEXT, `not found: ${path}\n`);
      return send(response, request, 200, file.type, file.body, { 'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store' });
    },
  };
}

function oneCanary(source: CanarySource, rest: string, request: IncomingMessage, response: ServerResponse): void {
  const parts = rest.split('/');
  let names: string[];
  try {
    names = parts.map(decodeURIComponent);
  } catch {
    names = [];
  }
  const [namespace, name] = names;
  if (names.length !== 2 || !namespace || !name) {
    return sendJson(response, request, 404, { error: `ask for /dashboard/api/canaries/NAMESPACE/NAME, not /dashboard/api/canaries/${rest}` });
  }
  const found = source.list().find((object) => object.metadata?.namespace === namespace && object.metadata?.name === name);
  if (!found) return sendJson(response, request, 404, { error: `no Canary ${namespace}/${name} in the dashboard's source (${source.state().message})` });
  return sendJson(response, request, 200, dashboardCanaryOf(found));
}

/** One event stream: a snapshot, then the changes (coalesced), a heartbeat and any change of the source's state. */
function openStream(options: DashboardHandlerOptions, request: IncomingMessage, response: ServerResponse, closers: Set<() => void>): void {
  const { source } = options;
  const coalesceMs = options.coalesceMs ?? 100;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx-based proxies would otherwise hold the events back
    ...SECURITY_HEADERS,
  });
  let state = source.state();
  const pending = new Map<string, CanaryChange>();
  let flushTimer: NodeJS.Timeout | undefined;
  const write = (text: string): void => {
    if (response.writableLength > maxBuffered) return close();
    response.write(text);
  };
  const flush = (): void => {
    flushTimer = undefined;
    for (const change of pending.values()) {
      write(change.object ? sseEvent('canary', dashboardCanaryOf(change.object)) : sseEvent('removed', { namespace: change.namespace, name: change.name }));
    }
    pending.clear();
  };
  const unsubscribe = source.subscribe((change) => {
    pending.set(`${change.namespace}/${change.name}`, change);
    flushTimer ??= setTimeout(flush, coalesceMs);
  });
  const heartbeat = setInterval(() => {
    const now = source.state();
    if (now.live !== state.live || now.message !== state.message) write(sseEvent('source', (state = now)));
    else write(SSE_HEARTBEAT);
  }, options.heartbeatMs ?? 10_000);
  const close = (): void => {
    if (!closers.delete(close)) return;
    unsubscribe();
    clearInterval(heartbeat);
    if (flushTimer) clearTimeout(flushTimer);
    response.end();
  };
  closers.add(close);
  request.on('close', close);
  response.on('error', close);
  write(sseRetry(2_000));
  write(sseEvent('snapshot', { source: state, canaries: dashboardCanariesOf(source.list()) }));
}

function sendJson(response: ServerResponse, request: IncomingMessage, status: number, value: unknown): void {
  send(response, request, status, JSON_TYPE, `${JSON.stringify(value)}\n`);
}

function send(response: ServerResponse, request: IncomingMessage, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...headers });
  response.end(request.method === 'HEAD' ? undefined : body);
}
