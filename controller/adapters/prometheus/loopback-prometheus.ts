import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A Prometheus for tests, on loopback: it holds series (labels with __name__, and each one's
// increase over any window) and answers the few PromQL shapes Songbird sends, as the query API
// does (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries):
//   sum(increase(SEL[Ns]))                                        one series, or none when nothing matched
//   sum by (le) (increase(SEL[Ns]))                               one series per `le` string
//   histogram_quantile(Q, sum by (le) (rate(SEL[Ns])))            Prometheus's bucket interpolation
// Label matchers compare strings exactly, as Prometheus does, so a series stored the way
// Prometheus 3 stores it (le="500.0") is not selected by le="500". Other queries are refused.

export interface StoredSeries {
  labels: Record<string, string>;
  /** The series' increase over the queried window. */
  increase: number;
}

export interface LoopbackPrometheus {
  url: string;
  queries: string[];
  /** The `time` parameter of each query ('' when none was sent). */
  times: string[];
  close(): Promise<void>;
}

const SELECTOR = String.raw`([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}\[(\d+)s\]`;
const SUM = new RegExp(String.raw`^sum\(increase\(${SELECTOR}\)\)$`);
const BUCKETS = new RegExp(String.raw`^sum by \(le\) \(increase\(${SELECTOR}\)\)$`);
const QUANTILE = new RegExp(String.raw`^histogram_quantile\(([0-9.]+), sum by \(le\) \(rate\(${SELECTOR}\)\)\)$`);
const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"/g;

export async function startLoopbackPrometheus(series: StoredSeries[]): Promise<LoopbackPrometheus> {
  const queries: string[] = [];
  const times: string[] = [];
  const server: Server = createServer((req, res) => {
    const params = new URL(req.url!, 'http://x').searchParams;
    const query = params.get('query') ?? '';
    queries.push(query);
    times.push(params.get('time') ?? '');
    const answer = evaluate(series, query);
    const body = 'error' in answer
      ? { status: 'error', errorType: 'bad_data', error: answer.error }
      : { status: 'success', data: { resultType: 'vector', result: answer.vector.map((s) => ({ metric: s.metric, value: [1_700_000_000, formatValue(s.value)] })) } };
    res.writeHead('error' in answer ? 400 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    times,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Sample = { metric: Record<string, string>; value: number };

function evaluate(series: StoredSeries[], query: string): { vector: Sample[] } | { error: string } {
  let m = SUM.exec(query);
  if (m) {
    const chosen = select(series, m[1]!, m[2]!);
    return { vector: chosen.length === 0 ? [] : [{ metric: {}, value: total(chosen) }] };
  }
  m = BUCKETS.exec(query);
  if (m) return { vector: byLe(select(series, m[1]!, m[2]!)).map(([le, value]) => ({ metric: { le }, value })) };
  m = QUANTILE.exec(query);
  if (m) {
    const buckets = byLe(select(series, m[2]!, m[3]!)).map(([le, count]) => ({ le: Number(le.replace(/^\+?Inf$/, 'Infinity')), count }));
    return { vector: buckets.length === 0 ? [] : [{ metric: {}, value: quantile(Number(m[1]), buckets) }] };
  }
  return { error: `1:1: parse error: the loopback Prometheus does not evaluate ${query}` };
}

function select(series: StoredSeries[], name: string, matchers: string): StoredSeries[] {
  const tests = [...matchers.matchAll(MATCHER)].map(([, label, op, raw]) => {
    const value = raw!.replace(/\\(.)/g, '$1');
    const regex = op === '=~' || op === '!~' ? new RegExp(`^(?:${value})$`) : undefined;
    return (labels: Record<string, string>) => {
      const actual = labels[label!] ?? '';
      if (op === '=') return actual === value;
      if (op === '!=') return actual !== value;
      if (op === '=~') return regex!.test(actual);
      return !regex!.test(actual);
    };
  });
  return series.filter((s) => s.labels['__name__'] === name && tests.every((t) => t(s.labels)));
}

const total = (series: StoredSeries[]) => series.reduce((sum, s) => sum + s.increase, 0);

function byLe(series: StoredSeries[]): Array<[string, number]> {
  const groups = new Map<string, number>();
  for (const s of series) {
    const le = s.labels['le'];
    if (le !== undefined) groups.set(le, (groups.get(le) ?? 0) + s.increase);
  }
  return [...groups];
}

/** Prometheus's bucketQuantile (promql/quantile.go): linear interpolation inside the bucket that holds the rank. */
function quantile(q: number, unsorted: Array<{ le: number; count: number }>): number {
  const buckets = [...unsorted].sort((a, b) => a.le - b.le);
  const count = buckets.at(-1)!.count;
  if (buckets.at(-1)!.le !== Number.POSITIVE_INFINITY || count === 0) return Number.NaN;
  const rank = q * count;
  const index = buckets.findIndex((b) => b.count >= rank);
  if (index === buckets.length - 1) return buckets[buckets.length - 2]?.le ?? Number.NaN;
  const lower = index === 0 ? 0 : buckets[index - 1]!.le;
  const below = index === 0 ? 0 : buckets[index - 1]!.count;
  return lower + (buckets[index]!.le - lower) * ((rank - below) / (buckets[index]!.count - below));
}

/** As Prometheus writes a float (util/jsonutil MarshalFloat): NaN, +Inf and -Inf spelled so. */
const formatValue = (value: number) => (Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : '-Inf');
