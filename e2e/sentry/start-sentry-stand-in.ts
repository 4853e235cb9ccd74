// A Sentry stand-in on loopback: SDK envelope ingestion plus the REST
// endpoints Songbird's Sentry adapter reads and writes, with a bearer token,
// rate-limit headers, Link pagination and injectable faults.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { ApiAnswer, ApiContext } from './api-request.js';
import { createFaults, faultBodies, type FaultControl } from './fault-injection.js';
import { ingestEnvelope, publicKeyOf } from './ingest-endpoint.js';
import { createIngestStore, type StandInProject, type StoredDeploy, type StoredEvent, type StoredIssue, type StoredRelease, type StoredSessions } from './ingest-store.js';
import { routeApi } from './rest-api.js';

export type { SentryFault } from './fault-injection.js';
export type { StandInProject, StoredDeploy, StoredEvent, StoredIssue, StoredRelease, StoredSessions } from './ingest-store.js';

export interface SentryStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly organization?: string;
  readonly projects?: readonly StandInProject[];
  readonly token?: string;
  readonly publicKey?: string;
  /** Largest page the issues endpoint answers, so tests see several pages. Default 100. */
  readonly pageSize?: number;
}

export interface SentryStandIn {
  readonly url: string;
  readonly organization: string;
  readonly projects: readonly StandInProject[];
  readonly token: string;
  readonly publicKey: string;
  dsnFor(projectId: string): string;
  readonly faults: FaultControl;
  issues(): StoredIssue[];
  events(): StoredEvent[];
  sessions(): StoredSessions[];
  releases(): StoredRelease[];
  deploys(): StoredDeploy[];
  stop(): Promise<void>;
}

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = (req.headers['content-encoding'] ?? '').toLowerCase();
  const decode = decoders[encoding];
  return decode ? decode(raw) : raw;
}

function send(res: ServerResponse, answer: ApiAnswer, extraHeaders: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'Content-Type': 'application/json', ...extraHeaders, ...answer.headers });
  res.end(body);
}

export async function startSentryStandIn(options: SentryStandInOptions = {}): Promise<SentryStandIn> {
  const organization = options.organization ?? 'acme';
  const projects = options.projects ?? [{ id: '1', slug: 'shop' }];
  const token = options.token ?? `sntrys_standin_${randomBytes(16).toString('hex')}`;
  const publicKey = options.publicKey ?? randomBytes(16).toString('hex');
  const faults = createFaults();
  const timers = new Set<NodeJS.Timeout>();
  let url = '';
  const store = createIngestStore({ organization, projects, baseUrl: () => url });
  const ctx: ApiContext = { store, organization, pageSize: options.pageSize ?? 100 };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function rateLimitHeaders(remaining: number | undefined): Record<string, string> {
    return {
      'X-Sentry-Rate-Limit-Limit': '40',
      'X-Sentry-Rate-Limit-Remaining': String(remaining ?? 39),
      'X-Sentry-Rate-Limit-Reset': String(Math.ceil(Date.now() / 1000) + 1),
      'X-Sentry-Rate-Limit-ConcurrentLimit': '25',
      'X-Sentry-Rate-Limit-ConcurrentRemaining': '24',
    };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, requestUrl: URL): Promise<void> {
    const fault = faults.take();
    if (fault?.delayMs) await delay(fault.delayMs);
    const headers = rateLimitHeaders(fault?.remaining);
    if (fault?.status) {
      const extra: Record<string, string> = fault.status === 429 && fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      return send(res, { status: fault.status, body: faultBodies[fault.status] }, { ...headers, ...extra });
    }
    const auth = req.headers['authorization'];
    if (!auth) return send(res, { status: 401, body: { detail: 'Authentication credentials were not provided.' } }, headers);
    if (auth !== `Bearer ${token}`) return send(res, { status: 401, body: faultBodies[401] }, headers);
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, { status: 400, body: { detail: 'JSON parse error' } }, headers);
      }
    }
    const segments = requestUrl.pathname.slice('/api/0/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    const answer = routeApi(ctx, { method: req.method ?? 'GET', url: requestUrl, query: requestUrl.searchParams, body }, segments, new Date());
    send(res, answer, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    if (requestUrl.pathname.startsWith('/api/0/')) return handleApi(req, res, requestUrl);
    const ingest = /^\/api\/(\d+)\/envelope\/?$/.exec(requestUrl.pathname);
    if (ingest && req.method === 'POST') {
      if (publicKeyOf(req.headers['x-sentry-auth'] as string | undefined, requestUrl.searchParams) !== publicKey) {
        return send(res, { status: 401, body: { detail: 'missing authorization information' } });
      }
      return send(res, ingestEnvelope(store, ingest[1] ?? '', await readBody(req)));
    }
    send(res, { status: 404, body: { detail: 'The requested resource does not exist' } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, { status: 500, body: { detail: `stand-in failure: ${String(error)}` } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url, organization, projects, token, publicKey, faults: { set: faults.set, clear: faults.clear },
    dsnFor: (projectId: string) => `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    issues: store.issues, events: store.events, sessions: store.sessions, releases: store.releases, deploys: store.deploys,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
