// A Sentry stand-in on loopback: SDK envelope ingestion plus the REST
// endpoints Songbird's Sentry adapter reads and writes, with a bearer token and
// its scopes, Sentry's rate limits and headers, Link pagination and injectable
// faults. Every rule it enforces is listed in README.md with its source.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { ApiAnswer, ApiContext } from './api-request.js';
import { allowed, permissionDenied, scopesOfToken } from './auth-scopes.js';
import { createFaults, faultBodies, type FaultControl, type SentryFault } from './fault-injection.js';
import { ingestEnvelope, publicKeyOf } from './ingest-endpoint.js';
import type { StoredTransaction } from './transactions.js';
import { createIngestStore, type StandInProject, type StoredDeploy, type StoredEvent, type StoredIssue, type StoredRelease, type StoredSessions } from './ingest-store.js';
import { CONCURRENT_LIMIT, concurrentMessage, createRateLimiter, fixedWindowMessage, LIMIT, rateLimitHeaders, WINDOW_SECONDS } from './rate-limit.js';
import { routeApi } from './rest-api.js';

export type { SentryFault } from './fault-injection.js';
export type { StoredTransaction } from './transactions.js';
export type { StandInProject, StoredDeploy, StoredEvent, StoredIssue, StoredRelease, StoredSessions } from './ingest-store.js';

export interface SentryStandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly organization?: string;
  readonly projects?: readonly StandInProject[];
  /**
   * The API token. Default: a user token (`sntryu_…`). An organization auth
   * token (`sntrys_…`) carries only `org:ci`, as in Sentry.
   */
  readonly token?: string;
  /** Scopes of `token` (not for `sntrys_` tokens). Default: org:read, event:read, project:read, project:releases. */
  readonly scopes?: readonly string[];
  readonly publicKey?: string;
  /** Largest page the issues endpoint answers, so tests see several pages. Default 100. */
  readonly pageSize?: number;
}

export interface SentryStandIn {
  readonly url: string;
  readonly organization: string;
  readonly projects: readonly StandInProject[];
  readonly token: string;
  readonly scopes: readonly string[];
  readonly publicKey: string;
  dsnFor(projectId: string): string;
  readonly faults: FaultControl;
  issues(): StoredIssue[];
  events(): StoredEvent[];
  /** Transaction events, as stored (transactions.ts). */
  transactions(): StoredTransaction[];
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

/** Sentry answers firstSeen/lastSeen null when it has no seen stats for the issue under the filter. */
function withoutSeen(answer: ApiAnswer): ApiAnswer {
  if (answer.status !== 200 || !Array.isArray(answer.body)) return answer;
  return { ...answer, body: answer.body.map((issue: Record<string, unknown>) => ({ ...issue, firstSeen: null, lastSeen: null })) };
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
  const token = options.token ?? `sntryu_${randomBytes(32).toString('hex')}`;
  const scopes = scopesOfToken(token, options.scopes);
  const limiter = createRateLimiter();
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

  function faultAnswer(fault: SentryFault, headers: Record<string, string>): { answer: ApiAnswer; headers: Record<string, string> } | undefined {
    if (fault.status === 429) {
      const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? WINDOW_SECONDS);
      const limited = rateLimitHeaders(LIMIT, fault.remaining ?? 0, reset, fault.concurrent ? 0 : CONCURRENT_LIMIT - 1);
      const body = fault.concurrent ? concurrentMessage(CONCURRENT_LIMIT) : fixedWindowMessage(LIMIT, WINDOW_SECONDS);
      return { answer: { status: 429, body }, headers: limited };
    }
    if (fault.status) return { answer: { status: fault.status, body: faultBodies[fault.status] }, headers };
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, requestUrl: URL): Promise<void> {
    const segments = requestUrl.pathname.slice('/api/0/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const route = routeApi(ctx, method, segments);
    const auth = req.headers['authorization'];
    const verdict = limiter.take(`${auth ?? 'anonymous'} ${method} ${'endpoint' in route ? route.endpoint : requestUrl.pathname}`, Date.now());
    try {
      const fault = faults.take();
      if (fault?.delayMs) await delay(fault.delayMs);
      const headers = fault?.remaining === undefined ? verdict.headers : { ...verdict.headers, 'X-Sentry-Rate-Limit-Remaining': String(fault.remaining) };
      const faulted = fault ? faultAnswer(fault, headers) : undefined;
      if (faulted) return send(res, faulted.answer, faulted.headers);
      if (verdict.limited) return send(res, { status: 429, body: fixedWindowMessage(LIMIT, WINDOW_SECONDS) }, headers);
      if (!auth) return send(res, { status: 401, body: { detail: 'Authentication credentials were not provided.' } }, headers);
      if (auth !== `Bearer ${token}`) return send(res, { status: 401, body: faultBodies[401] }, headers);
      if (!('endpoint' in route)) return send(res, route.answer, headers);
      if (!allowed(route.endpoint, scopes)) return send(res, permissionDenied, headers);
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return send(res, { status: 400, body: { detail: 'JSON parse error - Expecting value: line 1 column 1 (char 0)' } }, headers);
        }
      }
      const answer = route.handle(ctx, { method, url: requestUrl, query: requestUrl.searchParams, body }, new Date());
      send(res, fault?.nullSeen && route.endpoint === 'issues' ? withoutSeen(answer) : answer, headers);
    } finally {
      verdict.done();
    }
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
    url, organization, projects, token, scopes, publicKey, faults: { set: faults.set, clear: faults.clear },
    dsnFor: (projectId: string) => `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    issues: store.issues, events: store.events, transactions: store.transactions, sessions: store.sessions, releases: store.releases, deploys: store.deploys,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
