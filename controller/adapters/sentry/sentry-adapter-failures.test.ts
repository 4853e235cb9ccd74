// How the adapter fails: every failure is a value with a code, a message a
// person can act on, a retryable flag, and never the token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { startSentryStandIn, type SentryStandIn } from '../../../e2e/sentry/start-sentry-stand-in.js';
import { createSentryAdapter } from './sentry-adapter.js';
import type { Result, SentryPort, SentryTarget } from './sentry-port.js';

const TOKEN = 'sntryu_SONGBIRD_TEST_TOKEN_must_never_leak_4f1c9e';
const since = new Date(Date.now() - 3_600_000);
const until = new Date(Date.now() + 60_000);

type Call = (s: SentryPort, t: SentryTarget) => Promise<Result<unknown>>;
const calls: Array<[string, Call, string]> = [
  ['newIssues', (s, t) => s.newIssues(t, { release: 'shop@2.0.0', since, until }), 'event:read'],
  ['errorEvents', (s, t) => s.errorEvents(t, { release: 'shop@2.0.0', start: since, end: until }), 'org:read'],
  ['crashFreeSessions', (s, t) => s.crashFreeSessions(t, { release: 'shop@2.0.0', start: since, end: until }), 'org:read'],
  ['ensureRelease', (s, t) => s.ensureRelease(t, 'shop@2.0.0'), 'project:releases'],
  ['recordDeploy', (s, t) => s.recordDeploy(t, 'shop@2.0.0', 'canary', 'songbird-1'), 'project:releases'],
];

function expectNoToken(value: unknown): void {
  expect(inspect(value, { depth: null, showHidden: true })).not.toContain(TOKEN);
  expect(JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v))).not.toContain(TOKEN);
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('Sentry adapter failures', () => {
  let standIn: SentryStandIn;
  let target: SentryTarget;

  beforeEach(async () => {
    standIn = await startSentryStandIn({ port: 0, token: TOKEN, projects: [{ id: '7', slug: 'shop' }] });
    target = { baseUrl: standIn.url, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], token: TOKEN, tokenSecretRef: 'songbird/sentry-auth:token' };
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it.each(calls)('%s answers unauthorized, naming the Secret, when Sentry rejects the token (401)', async (_name, call) => {
    standIn.faults.set({ status: 401 });
    const result = await call(createSentryAdapter(), target);
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } });
    expect(!result.ok && result.error.message).toBe('Sentry rejected the token for organization acme (401): check the Secret songbird/sentry-auth:token');
    expectNoToken(result);
  });

  it.each(calls)('%s answers unauthorized when the token is wrong', async (_name, call) => {
    const result = await call(createSentryAdapter(), { ...target, token: `${TOKEN}-revoked` });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(inspect(result, { depth: null })).not.toContain(`${TOKEN}-revoked`);
  });

  it.each(calls)('%s answers forbidden, naming the scope %s, when the token lacks it (403)', async (_name, call, scope) => {
    standIn.faults.set({ status: 403 });
    const result = await call(createSentryAdapter(), target);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', retryable: false } });
    expect(!result.ok && result.error.message).toMatch(new RegExp(`^Sentry token for organization acme lacks the scope to .+ \\(${scope}\\)`));
    expectNoToken(result);
  });

  it.each(calls)('%s answers rateLimited with the wait read from X-Sentry-Rate-Limit-Reset when it is too long to wait out (429)', async (_name, call) => {
    standIn.faults.set({ status: 429, resetInSeconds: 30, remaining: 0 });
    const waits: number[] = [];
    const result = await call(createSentryAdapter({ sleep: async (ms) => void waits.push(ms) }), target);
    expect(result).toMatchObject({ ok: false, error: { code: 'rateLimited', retryable: true }, rateLimit: { remaining: 0 } });
    // Reset is whole epoch seconds: the wait is 30 s, or 29 when a second turned between answer and reading.
    expect(!result.ok && result.error.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(!result.ok && result.error.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(waits).toEqual([]);
    expectNoToken(result);
  });

  it.each(calls)('%s answers a retryable server error (500)', async (_name, call) => {
    standIn.faults.set({ status: 500 });
    const result = await call(createSentryAdapter(), target);
    expect(result).toMatchObject({ ok: false, error: { code: 'server', retryable: true, status: 500 } });
    expectNoToken(result);
  });

  it.each(calls)('%s answers a retryable timeout when Sentry is slower than the timeout', async (_name, call) => {
    standIn.faults.set({ delayMs: 2_000 });
    const result = await call(createSentryAdapter({ timeoutMs: 150 }), target);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
    expect(!result.ok && result.error.message).toContain('within 150 ms');
    expectNoToken(result);
  });

  it('waits out a short rate-limit window once, then succeeds', async () => {
    standIn.faults.set({ status: 429, resetInSeconds: 1, times: 1 });
    const waits: number[] = [];
    const result = await createSentryAdapter({ sleep: async (ms) => void waits.push(ms) }).ensureRelease(target, 'shop@2.0.0');
    expect(result).toMatchObject({ ok: true, value: { created: true } });
    expect(waits).toEqual([1000]);
  });

  it('retries only once when Sentry keeps rate-limiting, and logs without the token', async () => {
    standIn.faults.set({ status: 429, resetInSeconds: 1 });
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
    const waits: number[] = [];
    const result = await createSentryAdapter({ sleep: async (ms) => void waits.push(ms), logger }).errorEvents(target, { release: 'r', start: since, end: until });
    expect(result).toMatchObject({ ok: false, error: { code: 'rateLimited', retryAfterSeconds: 1 } });
    expect(waits).toEqual([1000]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(TOKEN);
  });

  it('exposes the rate-limit headers of a successful answer', async () => {
    standIn.faults.set({ remaining: 3 });
    const result = await createSentryAdapter().errorEvents(target, { release: 'r', start: since, end: until });
    expect(result).toMatchObject({ ok: true, value: 0, rateLimit: { limit: 40, remaining: 3, concurrentLimit: 25 } });
    expectNoToken(result);
  });

  it('answers a retryable network error when nothing listens', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    const result = await createSentryAdapter().newIssues({ ...target, baseUrl: url }, { release: 'r', since });
    expect(result).toMatchObject({ ok: false, error: { code: 'network', retryable: true } });
    expectNoToken(result);
  });

  describe('against a fake that answers nonsense', () => {
    let fake: { server: Server; url: string };
    beforeEach(async () => {
      fake = await listen((req, res) => {
        res.setHeader('Content-Type', 'application/json');
        if (req.url?.includes('/issues/')) return res.end('{"not": "a list"}');
        if (req.url?.includes('/events/')) return res.end('{"data": [{"count()": "many"}]}');
        if (req.url?.includes('/sessions/')) return res.end('<html>gateway</html>');
        if (req.url?.includes('/deploys/')) return res.end('[{"id": 1}]');
        res.statusCode = 201;
        return res.end('{"data": [');
      });
    });
    afterEach(async () => {
      await close(fake.server);
    });

    it.each(calls)('%s answers badResponse instead of crashing', async (_name, call) => {
      const result = await call(createSentryAdapter(), { ...target, baseUrl: fake.url });
      expect(result).toMatchObject({ ok: false, error: { code: 'badResponse', retryable: false } });
      expectNoToken(result);
    });
  });
});
