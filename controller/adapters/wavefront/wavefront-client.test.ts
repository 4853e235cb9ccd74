import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chartParams, createWavefrontClient, granularityFor } from './wavefront-client.js';

// A scripted Wavefront on loopback: each test says what it answers and reads what was asked.
interface Scripted { url: string; asked: Array<{ path: string; params: Record<string, string>; headers: IncomingHttpHeaders }>; close(): Promise<void> }

async function wavefront(status: number, body: string, contentType = 'application/json'): Promise<Scripted> {
  const asked: Scripted['asked'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    asked.push({ path: url.pathname, params: Object.fromEntries(url.searchParams), headers: req.headers });
    res.writeHead(status, { 'Content-Type': contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const TOKEN = 'wf-secret-token-42';
const QUERY = { query: 'sum(ts("shop.errors", app="podinfo"))', start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T10:00:30Z') };
const result = (timeseries: unknown[]) => JSON.stringify({ query: QUERY.query, granularity: 1, timeseries });

describe('createWavefrontClient', () => {
  let server: Scripted | undefined;
  afterEach(async () => server?.close());

  async function ask(status: number, body: string, contentType?: string) {
    server = await wavefront(status, body, contentType);
    const answer = await createWavefrontClient({ timeoutMs: 2_000 }).lastValue({ address: `${server.url}/`, token: TOKEN, tokenSecretRef: 'shop/wavefront:token' }, QUERY);
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
    return answer;
  }

  it('asks the chart API with the WQL, the window in epoch ms, second granularity, strict, and the bearer token', async () => {
    await ask(200, result([]));
    expect(server!.asked).toEqual([expect.objectContaining({ path: '/api/v2/chart/api', params: { q: QUERY.query, s: '1796119200000', e: '1796119230000', g: 's', strict: 'true' } })]);
    expect(server!.asked[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('answers the last point in time of the one series, whatever order the points came in', async () => {
    expect(await ask(200, result([{ label: 'x', tags: {}, data: [[1796119229, 7], [1796119200, 1], [1796119215, 3]] }]))).toEqual({ ok: true, value: 7 });
  });

  it('answers no data when no series matched or the series has no point', async () => {
    expect(await ask(200, result([]))).toEqual({ ok: true, value: undefined });
    await server!.close();
    expect(await ask(200, result([{ label: 'x', data: [] }]))).toEqual({ ok: true, value: undefined });
  });

  it('refuses more than one series, asking for an aggregation', async () => {
    const answer = await ask(200, result([{ label: 'a', data: [[1, 1]] }, { label: 'b', data: [[1, 2]] }]));
    expect(answer).toEqual({ ok: false, error: expect.objectContaining({ code: 'badQuery', retryable: false, message: expect.stringMatching(/returned 2 series; it must return one \(aggregate with sum/) }) });
  });

  it.each([
    ['a 400 with a plain-text message=\'...\'', 400, "Query syntax error: message='Unknown function: foo'", 'text/plain', /rejected the query sum\(ts\("shop.errors", app="podinfo"\)\): Unknown function: foo$/],
    ['a 200 whose body is not JSON (a bad query, as wavefront-sdk saw it)', 200, "message='Syntax error near st('", 'text/plain', /rejected the query .*: Syntax error near st\($/],
    ['a 200 QueryResult naming an errorType and errorMessage', 200, JSON.stringify({ errorType: 'QuerySyntaxError', errorMessage: 'bad ts()' }), undefined, /rejected the query .*: QuerySyntaxError: bad ts\(\)$/],
    ['a 400 in the status container', 400, JSON.stringify({ status: { result: 'ERROR', message: 'Missing required parameter: g', code: 400 } }), undefined, /: Missing required parameter: g$/],
  ])('is a bad query, not retried, on %s', async (_name, status, body, contentType, message) => {
    const answer = await ask(status, body, contentType);
    expect(answer).toEqual({ ok: false, error: { code: 'badQuery', retryable: false, message: expect.stringMatching(message) } });
  });

  it.each([
    [401, 'unauthorized', /refused the API token in Secret shop\/wavefront:token \(HTTP 401: bad token\); put a valid token there/],
    [403, 'forbidden', /does not let the token in Secret shop\/wavefront:token query metrics \(HTTP 403: bad token\); give its account permission/],
  ])('names the token\'s Secret, not the token, on HTTP %i', async (status, code, message) => {
    const answer = await ask(status, JSON.stringify({ status: { result: 'ERROR', message: 'bad token', code: status } }));
    expect(answer).toEqual({ ok: false, error: { code, retryable: false, message: expect.stringMatching(message) } });
  });

  it('redacts the token and any Bearer credential the server echoes in its error body', async () => {
    const answer = await ask(401, JSON.stringify({ status: { result: 'ERROR', message: `token ${TOKEN} invalid; header Authorization: Bearer other-cred.9 refused`, code: 401 } }));
    expect(!answer.ok && answer.error.message).toContain('(HTTP 401: token [redacted] invalid; header Authorization: Bearer [redacted] refused)');
  });

  it('redacts the token before clipping, so a token across the 200th code point leaks no part of it', async () => {
    const answer = await ask(503, `${'x'.repeat(190)}${TOKEN}`, 'text/plain');
    expect(!answer.ok && answer.error.message).not.toMatch(/wf-s/);
  });

  it.each([[429, 'rateLimited'], [503, 'server']])('is retryable on HTTP %i', async (status, code) => {
    expect(await ask(status, 'busy', 'text/plain')).toEqual({ ok: false, error: expect.objectContaining({ code, retryable: true }) });
  });

  it('is a retryable badResponse on a 200 that is JSON but no QueryResult', async () => {
    expect(await ask(200, JSON.stringify({ timeseries: 'nope' }))).toEqual({ ok: false, error: expect.objectContaining({ code: 'badResponse', retryable: true }) });
  });

  it('is unreachable, retryable, with no token in its cause, when nothing listens', async () => {
    const answer = await createWavefrontClient({ timeoutMs: 2_000 }).lastValue({ address: 'http://127.0.0.1:1', token: TOKEN, tokenSecretRef: 'shop/wavefront:token' }, QUERY);
    expect(answer).toEqual({ ok: false, error: { code: 'unreachable', retryable: true, message: 'Wavefront at http://127.0.0.1:1 is unreachable (ECONNREFUSED)', cause: { code: 'ECONNREFUSED' } } });
  });
});

describe('granularityFor and chartParams', () => {
  it.each([[30, 's'], [3599, 's'], [3600, 'm'], [86_399, 'm'], [86_400, 'h']])('asks %is windows at granularity %s', (seconds, g) => {
    expect(granularityFor(seconds)).toBe(g);
  });
  it('sends the window as epoch milliseconds', () => {
    expect(chartParams({ query: 'ts(x)', start: new Date(1000), end: new Date(61_000) })).toEqual({ q: 'ts(x)', s: '1000', e: '61000', g: 's', strict: 'true' });
  });
});
