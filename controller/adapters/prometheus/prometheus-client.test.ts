import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrometheusClient } from './prometheus-client.js';
import { bucketBound, bucketsOf } from './histogram-buckets.js';

type Answer = { status: number; body: unknown; delayMs?: number };

async function fakePrometheus(answer: (query: string) => Answer): Promise<{ url: string; server: Server; queries: string[] }> {
  const queries: string[] = [];
  const server = createServer((req, res) => {
    const query = new URL(req.url!, 'http://x').searchParams.get('query') ?? '';
    queries.push(query);
    const { status, body, delayMs } = answer(query);
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    }, delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, queries };
}

const vector = (...values: string[]) => ({
  status: 'success',
  data: { resultType: 'vector', result: values.map((v) => ({ metric: {}, value: [1700000000, v] })) },
});

describe('createPrometheusClient', () => {
  let servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    servers = [];
  });
  const start = async (answer: (query: string) => Answer) => {
    const fake = await fakePrometheus(answer);
    servers.push(fake.server);
    return { ...fake, client: createPrometheusClient({ baseUrl: fake.url, timeoutMs: 300 }) };
  };

  it('returns the single value of a one-series vector', async () => {
    const { client, queries } = await start(() => ({ status: 200, body: vector('99.5') }));
    await expect(client.scalar('up')).resolves.toEqual({ ok: true, value: 99.5 });
    expect(queries).toEqual(['up']);
  });

  it('returns no value, not zero, when the result is empty', async () => {
    const { client } = await start(() => ({ status: 200, body: vector() }));
    await expect(client.scalar('up')).resolves.toEqual({ ok: true, value: undefined });
  });

  it('returns every series of a vector with its labels', async () => {
    const { client } = await start(() => ({ status: 200, body: { status: 'success', data: { resultType: 'vector', result: [
      { metric: { le: '500.0' }, value: [1700000000, '7'] }, { metric: { le: '+Inf' }, value: [1700000000, '9'] },
    ] } } }));
    await expect(client.vector('sum by (le) (x)')).resolves.toEqual({ ok: true, value: [{ labels: { le: '500.0' }, value: 7 }, { labels: { le: '+Inf' }, value: 9 }] });
  });

  it('returns an empty vector as no samples', async () => {
    const { client } = await start(() => ({ status: 200, body: vector() }));
    await expect(client.vector('sum by (le) (x)')).resolves.toEqual({ ok: true, value: [] });
  });

  it('passes NaN through so the core can refuse it', async () => {
    const { client } = await start(() => ({ status: 200, body: vector('NaN') }));
    const result = await client.scalar('x');
    expect(result.ok && Number.isNaN(result.value)).toBe(true);
  });

  it.each([
    ['+Inf', Infinity], ['-Inf', -Infinity], ['1e-07', 1e-7], ['1e+21', 1e21], ['0', 0],
  ])('reads the value "%s" as Prometheus spells it, as %p', async (text, value) => {
    const { client } = await start(() => ({ status: 200, body: vector(text) }));
    await expect(client.scalar('x')).resolves.toEqual({ ok: true, value });
  });

  it('reads +Inf in every series of a vector and in a scalar result', async () => {
    const { client } = await start((query) => ({
      status: 200,
      body: query === 'scalar(x)'
        ? { status: 'success', data: { resultType: 'scalar', result: [1700000000, '-Inf'] } }
        : { status: 'success', data: { resultType: 'vector', result: [{ metric: { le: '500' }, value: [1700000000, '+Inf'] }] } },
    }));
    await expect(client.vector('sum by (le) (x)')).resolves.toEqual({ ok: true, value: [{ labels: { le: '500' }, value: Infinity }] });
    await expect(client.scalar('scalar(x)')).resolves.toEqual({ ok: true, value: -Infinity });
  });

  it('turns a value that is no number into a badResponse naming the query, not a NaN', async () => {
    const { client } = await start(() => ({ status: 200, body: vector('lots') }));
    const result = await client.scalar('sum(x)');
    expect(result).toMatchObject({ ok: false, error: { code: 'badResponse', message: 'Prometheus answered the query sum(x) with the value "lots", which is not a number' } });
  });

  it('clips a long query in a message on a code point, never leaving half a surrogate pair', async () => {
    const { client } = await start(() => ({ status: 200, body: vector('1', '2') }));
    const result = await client.scalar(`${'a'.repeat(116)}${'😀'.repeat(10)}`);
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain(`${'a'.repeat(116)}😀...`);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it.each([
    ['a PromQL error', { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error at char 4' } }, 'badQuery', /parse error/],
    ['several series', { status: 200, body: vector('1', '2') }, 'badQuery', /returned 2 series/],
    ['a server error', { status: 503, body: 'down' }, 'server', /503/],
    ['a body that is not a query result', { status: 200, body: '<html>' }, 'badResponse', /not a query result/],
    ['a slow answer', { status: 200, body: vector('1'), delayMs: 1000 }, 'timeout', /did not answer in time/],
  ])('turns %s into an error value', async (_what, answer, code, message) => {
    const { client } = await start(() => answer as Answer);
    const result = await client.scalar('sum(x)');
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('reports an unreachable Prometheus as an error value', async () => {
    const client = createPrometheusClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 300 });
    await expect(client.scalar('up')).resolves.toMatchObject({ ok: false, error: { code: 'unreachable', retryable: true } });
  });
});

describe('histogram buckets', () => {
  it.each([
    ['500', 500], ['500.0', 500], ['0.5', 0.5], ['1.8e+06', 1_800_000], ['1800000', 1_800_000], ['+Inf', Infinity], ['Inf', Infinity], ['-Inf', -Infinity], ['.5', 0.5],
  ])('reads le="%s" as %p', (le, bound) => {
    expect(bucketBound(le)).toBe(bound);
  });

  it.each(['', 'abc', '500ms', '0x1p-2x', 'NaN'])('reads no bound from le="%s"', (le) => {
    expect(bucketBound(le)).toBeUndefined();
  });

  it('sorts buckets by bound and adds two spellings of one bound together', () => {
    const samples = [{ labels: { le: '+Inf' }, value: 10 }, { labels: { le: '500.0' }, value: 6 }, { labels: { le: '500' }, value: 2 }, { labels: { le: '250' }, value: 3 }];
    expect(bucketsOf('m', samples)).toEqual({ ok: true, value: [{ le: 250, count: 3 }, { le: 500, count: 8 }, { le: Infinity, count: 10 }] });
  });

  it('refuses a series whose le is not a number, naming the metric', () => {
    expect(bucketsOf('m_bucket', [{ labels: { le: 'fast' }, value: 1 }])).toEqual({ ok: false, error: { code: 'badResponse', message: 'm_bucket answered a series whose le label "fast" is not a number', retryable: false } });
  });
});
