import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseWql, type WqlExpression } from './wql-subset.js';

// A Wavefront query API on loopback (GET /api/v2/chart/api), as strict as the rules in README.md:
// bearer token, required q, s and g, strict=true windows, QueryResult answers, errors in
// Wavefront's shapes. Series hold one value the test sets (and may change); a query gets one
// point per granularity step inside [s;e).

export interface StoredSeries {
  metric: string;
  tags: Record<string, string>;
  value: number;
}

export interface WavefrontStandIn {
  url: string;
  /** The token it accepts. */
  token: string;
  /** A token it knows but that may not query (403). */
  forbiddenToken: string;
  /** Sets (or adds) the value of the series with this metric and tags. */
  set(metric: string, tags: Record<string, string>, value: number): void;
  /** Every query asked, with its parameters. */
  readonly queries: Array<Record<string, string>>;
  close(): Promise<void>;
}

const GRANULARITY_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

export async function startWavefrontStandIn(options: { token?: string } = {}): Promise<WavefrontStandIn> {
  const token = options.token ?? 'wf-token-0123456789';
  const forbiddenToken = `${token}-readonly-none`;
  const series: StoredSeries[] = [];
  const queries: Array<Record<string, string>> = [];
  const server = createServer((req, res) => handle(req, res));

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method !== 'GET' || url.pathname !== '/api/v2/chart/api') return container(res, 404, 'HTTP 404 Not Found');
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth) return container(res, 401, 'Unauthorized: no API token');
    if (auth[1] === forbiddenToken) return container(res, 403, 'Forbidden: the account may not query metrics');
    if (auth[1] !== token) return container(res, 401, 'Unauthorized: the API token is not valid');
    const params = Object.fromEntries(url.searchParams);
    queries.push(params);
    for (const name of ['q', 's', 'g'] as const) if (!params[name]) return container(res, 400, `Missing required parameter: ${name}`);
    const g = params.g as keyof typeof GRANULARITY_SECONDS;
    if (!(g in GRANULARITY_SECONDS)) return container(res, 400, `Invalid granularity: ${params.g} (one of s, m, h, d)`);
    const start = Number(params.s);
    const end = params.e === undefined ? Date.now() : Number(params.e);
    if (!Number.isInteger(start) || !Number.isInteger(end)) return container(res, 400, 's and e are epoch milliseconds');
    const parsed = parseWql(params.q!);
    if (!parsed.ok) return badQuery(res, parsed.reason);
    const step = GRANULARITY_SECONDS[g];
    const times = pointTimes(start, end, step, params.strict === 'true');
    const answer = evaluate(parsed.expression, times);
    json(res, 200, { name: params.n ?? params.q, query: params.q, granularity: step, timeseries: answer, stats: { keys: answer.length, points: answer.length * times.length } });
  }

  function evaluate(expression: WqlExpression, times: number[]): Array<{ label: string; host: string; tags: Record<string, string>; data: Array<[number, number]> }> {
    if (expression.kind === 'ts') {
      return series
        .filter((s) => s.metric === expression.metric && Object.entries(expression.tags).every(([k, v]) => s.tags[k] === v))
        .map((s) => ({ label: s.metric, host: s.tags.source ?? 'stand-in', tags: s.tags, data: times.map((t): [number, number] => [t, s.value]) }));
    }
    const parts = evaluate(expression.of, times);
    if (parts.length === 0) return [];
    const combine = { sum: (v: number[]) => v.reduce((a, b) => a + b, 0), avg: (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length, min: (v: number[]) => Math.min(...v), max: (v: number[]) => Math.max(...v) }[expression.aggregation];
    const data = times.map((t, i): [number, number] => [t, combine(parts.map((p) => p.data[i]![1]))]);
    return [{ label: `${expression.aggregation}(${parts[0]!.label})`, host: '', tags: {}, data }];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    forbiddenToken,
    queries,
    set(metric, tags, value) {
      const existing = series.find((s) => s.metric === metric && JSON.stringify(s.tags) === JSON.stringify(tags));
      if (existing) existing.value = value;
      else series.push({ metric, tags: { ...tags }, value });
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Point times (epoch seconds) at each `step` boundary; strict keeps only those in [start;end), else one step either side too. */
export function pointTimes(startMs: number, endMs: number, step: number, strict: boolean): number[] {
  const first = Math.ceil(startMs / 1000 / step) * step - (strict ? 0 : step);
  const times: number[] = [];
  for (let t = first; strict ? t * 1000 < endMs : t * 1000 <= endMs + step * 1000; t += step) times.push(t);
  return times;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Errors outside a query's result: { status: { result: 'ERROR', message, code } }. */
function container(res: ServerResponse, status: number, message: string): void {
  json(res, status, { status: { result: 'ERROR', message, code: status } });
}

/** A query it cannot parse: 400 with a plain-text body carrying message='...'. */
function badQuery(res: ServerResponse, reason: string): void {
  res.writeHead(400, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(`Query syntax error: message='${reason.replace(/'/g, '"')}'`);
}
