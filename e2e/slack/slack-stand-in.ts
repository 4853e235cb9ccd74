// A stand-in for Slack's incoming webhooks on loopback: records every message
// posted to /services/<team>/<bot>/<token>, answers `ok` with 200 like Slack,
// or the failure a test injects, with Slack's own error bodies.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWebhookPayload } from './webhook-payload.js';

export interface SlackStandInMessage {
  /** e.g. /services/T0/B0/<secret>: which webhook it was posted to. */
  readonly path: string;
  readonly body: { readonly text: string; readonly blocks: unknown[] };
  readonly receivedAt: Date;
}

export interface SlackStandInOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Token of the default webhook; default random. */
  readonly secret?: string;
  /** Called for each message Slack would have posted. */
  readonly onMessage?: (message: SlackStandInMessage) => void;
  /** Retry-After sent with an injected 429. Default 1. */
  readonly retryAfterSeconds?: number;
}

export interface SlackStandIn {
  /** The default webhook URL: http://127.0.0.1:<port>/services/T0/B0/<secret>. */
  readonly url: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** No argument: `url`. A path starting with "/" is used as is; anything else is a token under /services/T0/B0/. */
  webhookUrl(path?: string): string;
  /** Messages answered 200, oldest first (copies). */
  messages(): SlackStandInMessage[];
  /** Every POST received, including the ones answered with an error. */
  attempts(): number;
  /** Answer the next `count` posts (all, when omitted) with `status`; null answers normally again. */
  failWith(status: number | null, count?: number): void;
  /** Resolves once at least `count` messages were recorded; rejects after timeoutMs (default 5 000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SlackStandInMessage[]>;
  stop(): Promise<void>;
}

/** What Slack answers for each failure (api.slack.com/messaging/webhooks#handling_errors). */
const SLACK_ERROR_BODIES: Record<number, string> = {
  400: 'invalid_payload',
  403: 'action_prohibited',
  404: 'no_service',
  410: 'channel_is_archived',
  429: 'rate_limited',
  500: 'rollup_error',
  503: 'service_unavailable',
};

const WEBHOOK_PATH = /^\/services\/[^/]+\/[^/]+\/[^/]+$/;
const MAX_BODY_BYTES = 1024 * 1024;

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const secret = options.secret ?? randomBytes(12).toString('hex');
  const recorded: SlackStandInMessage[] = [];
  const waiters = new Set<{ wake(): void; abort(): void }>();
  let posts = 0;
  let failure: { status: number; remaining: number } | null = null;

  function answer(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(body);
  }

  function injectedFailure(): number | undefined {
    if (!failure || failure.remaining <= 0) return undefined;
    failure.remaining -= 1;
    const { status } = failure;
    if (failure.remaining <= 0) failure = null;
    return status;
  }

  function receive(path: string, raw: string, res: http.ServerResponse): void {
    posts += 1;
    const injected = injectedFailure();
    if (injected !== undefined) {
      const headers: Record<string, string> = injected === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {};
      return answer(res, injected, SLACK_ERROR_BODIES[injected] ?? `error_${injected}`, headers);
    }
    const body = parseWebhookPayload(raw);
    if (typeof body === 'string') return answer(res, 400, body);
    const message: SlackStandInMessage = { path, body, receivedAt: new Date() };
    recorded.push(message);
    answer(res, 200, 'ok');
    options.onMessage?.(message);
    for (const waiter of [...waiters]) waiter.wake();
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!WEBHOOK_PATH.test(path)) return answer(res, 404, 'no_service');
    if (req.method !== 'POST') return answer(res, 405, 'invalid_method');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? answer(res, 413, 'request_too_large') : receive(path, Buffer.concat(chunks).toString('utf8'), res)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/services/T0/B0/${secret}`;

  return {
    url,
    origin,
    webhookUrl: (path?: string) => (path === undefined ? url : path.startsWith('/') ? `${origin}${path}` : `${origin}/services/T0/B0/${path}`),
    messages: () => recorded.map((m) => ({ ...m, body: structuredClone(m.body), receivedAt: new Date(m.receivedAt) })),
    attempts: () => posts,
    failWith(status, count) {
      failure = status === null ? null : { status, remaining: count ?? Number.POSITIVE_INFINITY };
    },
    waitForMessages: (count, timeoutMs = 5_000) => waitFor(count, timeoutMs),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const waiter of [...waiters]) waiter.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function waitFor(count: number, timeoutMs: number): Promise<SlackStandInMessage[]> {
    return new Promise((resolve, reject) => {
      const waiter = {
        wake: () => {
          if (recorded.length < count) return;
          finish();
          resolve(recorded.slice());
        },
        abort: () => {
          finish();
          reject(new Error(`Slack stand-in stopped with ${recorded.length} of ${count} messages`));
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Slack stand-in: ${recorded.length} of ${count} messages after ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
      waiter.wake();
    });
  }
}
