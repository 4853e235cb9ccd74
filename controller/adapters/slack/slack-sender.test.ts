import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { SlackPayload } from './slack-port.js';
import { createSlackSender } from './slack-sender.js';

/** One scripted answer of the fake webhook; the last one repeats. */
interface Answer {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Never answer (the client must time out). */
  readonly hang?: boolean;
}

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly at: number;
}

interface FakeWebhook {
  readonly origin: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const open: FakeWebhook[] = [];

async function fakeWebhook(script: readonly Answer[]): Promise<FakeWebhook> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = script[Math.min(received.length - 1, script.length - 1)] ?? {};
      if (answer.hang) return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/html', ...answer.headers });
      res.end(answer.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeWebhook = {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(fake);
  return fake;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

const SECRET_PATH = '/services/T0SECRETTEAM/B0SECRETHOOK/sEcReTtOkEnDoNoTlEaK42';
const message: SlackPayload = { text: 'hello', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }] };
const fast = { baseDelayMs: 20, random: () => 0 };

describe('createSlackSender', () => {
  it('posts the text and blocks as JSON when Slack answers 200 ok', async () => {
    const fake = await fakeWebhook([{ status: 200, body: 'ok' }]);
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(result).toEqual({ ok: true });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]?.path).toBe(SECRET_PATH);
    expect(fake.received[0]?.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(fake.received[0]?.body ?? '')).toEqual(message);
  });

  it('retries and succeeds when Slack answers 500 first', async () => {
    const fake = await fakeWebhook([{ status: 500, body: 'internal_error' }, { status: 200 }]);
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(result).toEqual({ ok: true });
    expect(fake.received).toHaveLength(2);
  });

  it('waits out Retry-After before retrying when Slack answers 429', async () => {
    const fake = await fakeWebhook([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }, { status: 200 }]);
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(result).toEqual({ ok: true });
    expect(fake.received).toHaveLength(2);
    const [first, second] = fake.received;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once with rateLimited when Retry-After is beyond the time budget', async () => {
    const fake = await fakeWebhook([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '30' } }]);
    const started = Date.now();
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message, { secretRef: 'shop/slack:url' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.received).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'rateLimited', retryable: true, status: 429, retryAfterSeconds: 30, attempts: 1 } });
    expect(!result.ok && result.error.message).toBe(
      'Slack webhook answered 429 rate_limited (rate-limited; Slack asks to wait 30s); gave up: the next try in 30.0s would pass the 6.0s budget',
    );
  });

  it('does not retry and names the Secret when Slack answers 404', async () => {
    const fake = await fakeWebhook([{ status: 404, body: 'no_service' }]);
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message, { secretRef: 'shop/slack-webhook:url' });
    expect(fake.received).toHaveLength(1);
    expect(result).toEqual({
      ok: false,
      error: { code: 'rejected', retryable: false, status: 404, attempts: 1, message: 'Slack webhook answered 404 no_service (webhook revoked or wrong URL in Secret shop/slack-webhook:url)' },
    });
  });

  it('says the channel is archived when Slack answers 410', async () => {
    const fake = await fakeWebhook([{ status: 410, body: 'channel_is_archived' }]);
    const result = await createSlackSender(fast).send(`${fake.origin}${SECRET_PATH}`, message, { secretRef: 'shop/slack:url' });
    expect(!result.ok && result.error.message).toBe('Slack webhook answered 410 channel_is_archived (the channel is archived; put a webhook for a live channel in Secret shop/slack:url)');
  });

  it('returns timeout without retrying when Slack does not answer in time', async () => {
    const fake = await fakeWebhook([{ hang: true }]);
    const started = Date.now();
    const result = await createSlackSender({ ...fast, timeoutMs: 200 }).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fake.received).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true, attempts: 1 } });
    expect(!result.ok && result.error.message).toMatch(/^Slack webhook at 127\.0\.0\.1:\d+ did not answer within 200 ms/);
  });

  it('stops within the total budget when Slack keeps failing', async () => {
    const fake = await fakeWebhook([{ status: 503, body: 'service_unavailable' }]);
    const started = Date.now();
    const result = await createSlackSender({ retries: 10, baseDelayMs: 100, random: () => 0, totalBudgetMs: 700 }).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.received.length).toBeGreaterThanOrEqual(3);
    expect(fake.received.length).toBeLessThanOrEqual(4);
    expect(result).toMatchObject({ ok: false, error: { code: 'server', retryable: true, status: 503 } });
  });

  it('makes at most 1 + retries attempts when Slack keeps failing', async () => {
    const fake = await fakeWebhook([{ status: 500 }]);
    const result = await createSlackSender({ ...fast, retries: 2 }).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(fake.received).toHaveLength(3);
    expect(result).toMatchObject({ ok: false, error: { code: 'server', attempts: 3 } });
  });

  it('returns network after retrying when nothing listens', async () => {
    const fake = await fakeWebhook([]);
    await fake.close();
    const result = await createSlackSender({ ...fast, retries: 1 }).send(`${fake.origin}${SECRET_PATH}`, message);
    expect(result).toMatchObject({ ok: false, error: { code: 'network', retryable: true, attempts: 2 } });
    expect(!result.ok && result.error.message).toMatch(/^Could not reach the Slack webhook at 127\.0\.0\.1:\d+ after 2 attempts: ECONNREFUSED$/);
  });

  it('rejects without a request when the URL is not http(s)', async () => {
    const result = await createSlackSender(fast).send(`ftp://hooks.example${SECRET_PATH}`, message, { secretRef: 'shop/slack:url' });
    expect(result).toEqual({ ok: false, error: { code: 'rejected', retryable: false, attempts: 0, message: 'The Slack webhook URL in Secret shop/slack:url is not an http(s) URL' } });
  });

  it('never lets the webhook URL appear in a result, a cause or a log line, whatever fails', async () => {
    const logLines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString()), done()) }));
    const echo = await fakeWebhook([{ status: 500, body: `failed for ${SECRET_PATH}` }, { status: 404, body: `no_service at http://x${SECRET_PATH}` }]);
    const hang = await fakeWebhook([{ hang: true }]);
    const closed = await fakeWebhook([]);
    await closed.close();
    const sender = createSlackSender({ ...fast, retries: 1, timeoutMs: 150, logger });
    const results = [
      await sender.send(`${echo.origin}${SECRET_PATH}`, message),
      await sender.send(`${hang.origin}${SECRET_PATH}`, message),
      await sender.send(`${closed.origin}${SECRET_PATH}`, message),
      await sender.send(`not a url ${SECRET_PATH}`, message),
      await sender.send(`https://[bad${SECRET_PATH}`, message),
    ];
    expect(results.every((r) => !r.ok)).toBe(true);
    const seen = results
      .map((r) => (r.ok ? '' : `${JSON.stringify(r.error)} ${r.error.message} ${String(r.error.cause)} ${r.error.cause?.stack ?? ''}`))
      .concat(logLines)
      .join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of ['sEcReTtOkEnDoNoTlEaK42', 'T0SECRETTEAM', 'B0SECRETHOOK', 'sEcReT']) expect(seen).not.toContain(secret);
    expect(!results[0]?.ok && results[0]?.error.message).toBe('Slack webhook answered 404 no_service at http://x[redacted] (webhook revoked or wrong URL in the Secret that holds the Slack webhook URL)');
  });
});
