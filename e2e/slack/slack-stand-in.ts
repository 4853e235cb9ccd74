// A stand-in for Slack's incoming webhooks on loopback, as strict as Slack:
// only webhooks it created exist, a webhook's channel can be archived or
// forbidden, posts are rate-limited, and a body Slack would refuse (Block Kit
// limits, no text, not JSON) is refused with Slack's status and bare error
// code. Every rule and its source is listed in README.md beside this file.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BlockViolation } from './block-kit-rules.js';
import { createHeldPosts, type HeldPost } from './held-posts.js';
import { readWebhookBody, type PayloadError } from './webhook-payload.js';
import { createRateLimiter, type RateLimit } from './webhook-rate-limit.js';

export type { HeldEnd, HeldPost, HeldRequest } from './held-posts.js';

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
  /** Slack's "1 per second, short bursts allowed", per webhook; false turns it off. Default { perSecond: 1, burst: 20 }. */
  readonly rateLimit?: RateLimit | false;
}

/**
 * What has become of a webhook's channel or app, and what Slack then answers
 * (api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks
 * and the "Handling errors" table of the incoming webhooks guide).
 */
export type WebhookState = 'active' | 'revoked' | 'channelDeleted' | 'archived' | 'prohibited' | 'generalRestricted';

const STATE_ANSWERS: Record<Exclude<WebhookState, 'active'>, { status: number; body: string }> = {
  revoked: { status: 404, body: 'no_service' },
  channelDeleted: { status: 404, body: 'channel_not_found' },
  archived: { status: 410, body: 'channel_is_archived' },
  prohibited: { status: 403, body: 'action_prohibited' },
  generalRestricted: { status: 403, body: 'posting_to_general_channel_denied' },
};

/** A post Slack refused, with the stand-in's reason (Slack itself only sends `error`). */
export interface SlackStandInRefusal {
  readonly path: string;
  readonly status: number;
  readonly error: string;
  readonly violations: readonly BlockViolation[];
}

export interface SlackStandIn {
  /** The default webhook URL: http://127.0.0.1:<port>/services/T0/B0/<secret>. */
  readonly url: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /**
   * Creates (if new) and returns a webhook URL, as adding a webhook in Slack does. No argument: `url`.
   * A path starting with "/" is used as is; anything else is a token under /services/T0/B0/.
   * Posts to a webhook that was never created are answered 404 no_service.
   */
  webhookUrl(path?: string): string;
  /** Changes what a created webhook answers from now on (path or token as for webhookUrl). */
  setWebhookState(path: string, state: WebhookState): void;
  /** Posts answered with a 4xx because of what they carried or where they went, oldest first. */
  refusals(): SlackStandInRefusal[];
  /** Messages answered 200, oldest first (copies). */
  messages(): SlackStandInMessage[];
  /** Every POST received, including the ones answered with an error. */
  attempts(): number;
  /**
   * Holds the next POST whose raw body matches `matching` (any POST when
   * omitted): it is received (counted by attempts()) and left unanswered, not
   * recorded, until `release()` answers it as the stand-in would have, or its
   * connection closes (the sender killed or timed out; stop()): then it was
   * never accepted. A test fault, no Slack behaviour: it places a crash between
   * sending a message and Slack accepting it.
   */
  holdNext(matching?: RegExp): HeldPost;
  /** Answer the next `count` posts (all, when omitted) with `status`; null answers normally again. */
  failWith(status: number | null, count?: number): void;
  /** Resolves once at least `count` messages were recorded; rejects after timeoutMs (default 5 000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SlackStandInMessage[]>;
  stop(): Promise<void>;
}

/** What Slack answers for each injected failure (api.slack.com/messaging/webhooks#handling_errors). */
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
  const defaultPath = `/services/T0/B0/${secret}`;
  const webhooks = new Map<string, WebhookState>([[defaultPath, 'active']]);
  const limiter = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? { perSecond: 1, burst: 20 });
  const recorded: SlackStandInMessage[] = [];
  const refused: SlackStandInRefusal[] = [];
  const waiters = new Set<{ wake(): void; abort(): void }>();
  let posts = 0;
  let failure: { status: number; remaining: number } | null = null;
  const held = createHeldPosts();

  function answer(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  }

  function refuse(res: http.ServerResponse, path: string, status: number, error: PayloadError | string, violations: readonly BlockViolation[] = []): void {
    refused.push({ path, status, error, violations });
    answer(res, status, error);
  }

  function injectedFailure(): number | undefined {
    if (!failure || failure.remaining <= 0) return undefined;
    failure.remaining -= 1;
    const { status } = failure;
    if (failure.remaining <= 0) failure = null;
    return status;
  }

  function receive(path: string, raw: string, contentType: string, res: http.ServerResponse): void {
    posts += 1;
    if (held.take(path, raw, res, () => answerPost(path, raw, contentType, res))) return;
    answerPost(path, raw, contentType, res);
  }

  function answerPost(path: string, raw: string, contentType: string, res: http.ServerResponse): void {
    const injected = injectedFailure();
    if (injected !== undefined) {
      const headers: Record<string, string> = injected === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {};
      return answer(res, injected, SLACK_ERROR_BODIES[injected] ?? `error_${injected}`, headers);
    }
    const state = webhooks.get(path);
    if (state === undefined) return refuse(res, path, 404, 'no_service');
    if (state !== 'active') return refuse(res, path, STATE_ANSWERS[state].status, STATE_ANSWERS[state].body);
    const waitSeconds = limiter?.take(path, Date.now());
    if (waitSeconds !== undefined) return answer(res, 429, 'rate_limited', { 'retry-after': String(waitSeconds) });
    const verdict = readWebhookBody(raw, contentType);
    if (!verdict.ok) return refuse(res, path, verdict.status, verdict.error, verdict.violations);
    const message: SlackStandInMessage = { path, body: verdict.message, receivedAt: new Date() };
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
    const contentType = req.headers['content-type'] ?? 'application/json';
    req.on('end', () => (size > MAX_BODY_BYTES ? answer(res, 413, 'request_too_large') : receive(path, Buffer.concat(chunks).toString('utf8'), contentType, res)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}${defaultPath}`;
  const pathOf = (path: string): string => (path.startsWith('/') ? path : `/services/T0/B0/${path}`);

  return {
    url,
    origin,
    webhookUrl(path?: string) {
      if (path === undefined) return url;
      if (!webhooks.has(pathOf(path))) webhooks.set(pathOf(path), 'active');
      return `${origin}${pathOf(path)}`;
    },
    setWebhookState(path, state) {
      if (!webhooks.has(pathOf(path))) throw new Error(`Slack stand-in: no webhook ${path}; create it with webhookUrl first`);
      webhooks.set(pathOf(path), state);
    },
    refusals: () => refused.map((r) => ({ ...r, violations: [...r.violations] })),
    messages: () => recorded.map((m) => ({ ...m, body: structuredClone(m.body), receivedAt: new Date(m.receivedAt) })),
    attempts: () => posts,
    holdNext: (matching) => held.arm(matching),
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
