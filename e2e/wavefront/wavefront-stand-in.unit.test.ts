import { createWavefrontClient } from '../../controller/adapters/wavefront/wavefront-client.js';
import { pointTimes, startWavefrontStandIn, type WavefrontStandIn } from './wavefront-stand-in.js';
import { parseWql } from './wql-subset.js';

const START = Date.parse('2026-12-01T10:00:00Z');
const END = START + 30_000;

describe('the Wavefront stand-in', () => {
  let wf: WavefrontStandIn;
  beforeEach(async () => {
    wf = await startWavefrontStandIn();
    wf.set('shop.errors', { app: 'podinfo', pod: 'a' }, 2);
    wf.set('shop.errors', { app: 'podinfo', pod: 'b' }, 5);
    wf.set('shop.errors', { app: 'other', pod: 'c' }, 100);
  });
  afterEach(() => wf.close());

  const get = (params: Record<string, string>, token: string | null = wf.token) =>
    fetch(`${wf.url}/api/v2/chart/api?${new URLSearchParams(params)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const valid = { q: 'sum(ts("shop.errors", app="podinfo"))', s: String(START), e: String(END), g: 's', strict: 'true' };

  it('answers a QueryResult: one summed series, a [epoch seconds, value] point per second inside [s;e)', async () => {
    const res = await get(valid);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { granularity: number; timeseries: Array<{ data: Array<[number, number]> }> };
    expect(body.granularity).toBe(1);
    expect(body.timeseries).toHaveLength(1);
    expect(body.timeseries[0]!.data).toHaveLength(30);
    expect(body.timeseries[0]!.data[0]).toEqual([START / 1000, 7]);
    expect(body.timeseries[0]!.data.at(-1)).toEqual([END / 1000 - 1, 7]);
  });

  it('answers every matching series without an aggregation, and none for an unknown metric', async () => {
    const many = (await (await get({ ...valid, q: 'ts(shop.errors, app=podinfo)' })).json()) as { timeseries: unknown[] };
    expect(many.timeseries).toHaveLength(2);
    const none = (await (await get({ ...valid, q: 'ts("shop.missing")' })).json()) as { timeseries: unknown[] };
    expect(none.timeseries).toEqual([]);
  });

  it.each<[string, string | null, number]>([
    ['no token', null, 401],
    ['a wrong token', 'nope', 401],
    ['a token without permission to query', 'forbidden', 403],
  ])('refuses %s with HTTP %s in the status container', async (_name, token, status) => {
    const res = await get(valid, token === 'forbidden' ? wf.forbiddenToken : token);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ status: { result: 'ERROR', message: expect.any(String), code: status } });
  });

  it.each([['q'], ['s'], ['g']])('refuses a query without %s with 400', async (name) => {
    const params: Record<string, string> = { ...valid };
    delete params[name];
    const res = await get(params);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: { result: 'ERROR', message: `Missing required parameter: ${name}`, code: 400 } });
  });

  it('refuses WQL outside its subset with 400 and a plain-text message', async () => {
    const res = await get({ ...valid, q: 'rate(ts("shop.errors"))' });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Query syntax error: message='Unknown function: rate (the stand-in knows ts, sum, avg, min, max)'");
  });

  it('is read by Songbird\'s adapter: the last value, the refusal of two series, a bad query, a bad token', async () => {
    const client = createWavefrontClient({ timeoutMs: 2_000 });
    const target = { address: wf.url, token: wf.token, tokenSecretRef: 'shop/wavefront:token' };
    const window = { start: new Date(START), end: new Date(END) };
    expect(await client.lastValue(target, { ...window, query: 'max(ts("shop.errors", app="podinfo"))' })).toEqual({ ok: true, value: 5 });
    expect(await client.lastValue(target, { ...window, query: 'ts("shop.errors", app="podinfo")' })).toMatchObject({ ok: false, error: { code: 'badQuery' } });
    expect(await client.lastValue(target, { ...window, query: 'foo(1)' })).toMatchObject({ ok: false, error: { code: 'badQuery', message: expect.stringContaining('Unknown function: foo') } });
    expect(await client.lastValue({ ...target, token: 'nope' }, { ...window, query: 'ts(x)' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('parseWql', () => {
  it('reads ts() with quoted or bare names and filters joined by and, inside aggregations', () => {
    expect(parseWql('avg(ts("a.b", app="x y" and pod=p1))')).toEqual({ ok: true, expression: { kind: 'aggregate', aggregation: 'avg', of: { kind: 'ts', metric: 'a.b', tags: { app: 'x y', pod: 'p1' } } } });
  });
  it.each([['ts("a", app~"x")'], ['sum(ts("a")'], ['ts(a b)'], ['"a"']])('refuses %s', (query) => {
    expect(parseWql(query).ok).toBe(false);
  });
});

describe('pointTimes', () => {
  it('keeps strict windows inside [s;e) and widens others by a step', () => {
    expect(pointTimes(60_000, 240_000, 60, true)).toEqual([60, 120, 180]);
    expect(pointTimes(60_000, 240_000, 60, false)).toEqual([0, 60, 120, 180, 240, 300]);
  });
});
