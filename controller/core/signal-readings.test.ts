import { parseCanarySpec } from '../schema/canary.js';
import type { Check } from '../schema/checks.js';
import { evaluateCheck } from './check-evaluation.js';
import type { Histogram, Measurement } from './observations.js';
import { clip, judgeable } from './signal-readings.js';

const NOW = '2026-11-26T10:00:00.000Z';
const METRIC = 'istio_request_duration_milliseconds_bucket';

function checksOf(checks: unknown[]): Check[] {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { internal: { match: [{ header: { name: 'x-user', exact: 'internal' } }] }, steps: [{ weight: 50 }] },
    analysis: { interval: '30s', checks },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec.analysis.checks;
}

const [successRate, latency, promql, errorsVsPrimary, latencyVsPrimary] = checksOf([
  { name: 'success-rate', type: 'successRate', min: 99 },
  { name: 'latency', type: 'latency', percentile: 99, maxMs: 500 },
  { name: 'queue', type: 'promql', query: 'sum(x)', max: 5 },
  { name: 'errors-vs-primary', type: 'comparison', metric: 'errors', minRequests: 100 },
  { name: 'latency-vs-primary', type: 'comparison', metric: 'latency', latencyThresholdMs: 500, minRequests: 100 },
]) as [Check, Check, Check, Check, Check];

/** Cumulative buckets at Istio's bounds up to 1000 ms: `fast` requests within 500 ms, all of `total` within +Inf. */
const histogram = (fast: number, total: number, bounds = [250, 500, 1000]): Histogram => [
  ...bounds.map((le) => ({ le, count: le <= 500 ? fast : total })),
  { le: Infinity, count: total },
];

describe('judgeable', () => {
  it.each<[string, Check, Measurement, { outcome: string; message: RegExp }]>([
    // successRate: "no requests" holds; "no successful requests" is 0 % and fails.
    ['fails an all-5xx canary at success rate 0 % when requests came but no non-5xx series exists', successRate,
      { check: 'success-rate', kind: 'successes', windowSeconds: 30, requests: 308, successful: undefined }, { outcome: 'fail', message: /success rate 0 % \(limit ≥ 99 %\) over 308 requests/ }],
    ['holds a canary that served no request (no series at all)', successRate,
      { check: 'success-rate', kind: 'successes', windowSeconds: 30, requests: undefined, successful: undefined }, { outcome: 'noData', message: /no requests reached the canary in the last 30s/ }],
    ['holds a canary whose counter did not move', successRate,
      { check: 'success-rate', kind: 'successes', windowSeconds: 30, requests: 0, successful: 0 }, { outcome: 'noData', message: /no requests/ }],
    ['passes a healthy canary', successRate,
      { check: 'success-rate', kind: 'successes', windowSeconds: 30, requests: 1000, successful: 999 }, { outcome: 'pass', message: /success rate 99.9 %/ }],
    ['refuses NaN counts', successRate,
      { check: 'success-rate', kind: 'successes', windowSeconds: 30, requests: Number.NaN, successful: 3 }, { outcome: 'error', message: /not a number/ }],
    // latency percentile: a missing histogram where requests exist is an error, not "no data".
    ['errs when the histogram returned nothing although requests were served', latency,
      { check: 'latency', kind: 'percentile', windowSeconds: 30, requests: 308, valueMs: undefined, metric: METRIC }, { outcome: 'error', message: new RegExp(`${METRIC} returned no histogram for the canary, which served 308 requests`) }],
    ['holds the latency check when no request was served', latency,
      { check: 'latency', kind: 'percentile', windowSeconds: 30, requests: undefined, valueMs: undefined, metric: METRIC }, { outcome: 'noData', message: /no requests/ }],
    ['judges a measured percentile', latency,
      { check: 'latency', kind: 'percentile', windowSeconds: 30, requests: 308, valueMs: 900, metric: METRIC }, { outcome: 'fail', message: /p99 900 ms/ }],
    ['refuses a NaN percentile', latency,
      { check: 'latency', kind: 'percentile', windowSeconds: 30, requests: 308, valueMs: Number.NaN, metric: METRIC }, { outcome: 'error', message: /NaN/ }],
    // promql: no data names the query.
    ['names the check and its query when a PromQL check returns no data', promql,
      { check: 'queue', kind: 'query', query: 'sum(increase(http_requets_total{app="podinfo"}[30s]))', value: undefined }, { outcome: 'noData', message: /^queue: the query `sum\(increase\(http_requets_total\{app="podinfo"\}\[30s\]\)\)` returned no data$/ }],
    ['judges a PromQL value', promql, { check: 'queue', kind: 'query', query: 'sum(x)', value: 7 }, { outcome: 'fail', message: /queue: 7 \(limit ≤ 5\)/ }],
    ['fails a PromQL value of +Inf against its max, showing +Inf', promql, { check: 'queue', kind: 'query', query: 'sum(x)', value: Infinity }, { outcome: 'fail', message: /^queue: \+Inf \(limit ≤ 5\)$/ }],
    ['passes a PromQL value of -Inf under its max', promql, { check: 'queue', kind: 'query', query: 'sum(x)', value: -Infinity }, { outcome: 'pass', message: /^queue: -Inf \(limit ≤ 5\)$/ }],
    ['refuses a PromQL value of NaN', promql, { check: 'queue', kind: 'query', query: 'sum(x)', value: Number.NaN }, { outcome: 'error', message: /^queue could not be measured: the query returned NaN$/ }],
    // comparison of errors: an empty error series is 0 errors only beside a known request count.
    ['counts no 5xx series as 0 errors when the canary served requests', errorsVsPrimary,
      { check: 'errors-vs-primary', kind: 'errorCounts', canary: { errors: undefined, requests: 5000 }, primary: { errors: 50, requests: 5000 } }, { outcome: 'pass', message: /errors/ }],
    ['rolls back an all-5xx canary against a healthy primary', errorsVsPrimary,
      { check: 'errors-vs-primary', kind: 'errorCounts', canary: { errors: 308, requests: 308 }, primary: { errors: undefined, requests: 3000 } }, { outcome: 'fail', message: /errors/ }],
    ['holds the comparison when the canary served nothing', errorsVsPrimary,
      { check: 'errors-vs-primary', kind: 'errorCounts', canary: { errors: undefined, requests: undefined }, primary: { errors: 5, requests: 3000 } }, { outcome: 'insufficient', message: /no canary requests yet/ }],
    // comparison of latency: buckets read by bound, whatever their spelling was.
    ['calls a canary with most requests over the bound worse', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(200, 1000) }, primary: { requests: 5000, buckets: histogram(4990, 5000) } }, { outcome: 'fail', message: /requests over 500 ms/ }],
    ['compares at the greatest bound both sides share, saying so, when the canary lacks the 500 ms bucket the primary has', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(200, 1000, [250, 1000]) }, primary: { requests: 5000, buckets: histogram(4990, 5000) } }, { outcome: 'fail', message: /canary requests over 250 ms \(the greatest bucket bound both sides share at or below the 500 ms threshold\)/ }],
    ['errs, naming the metric and both layouts, when no bound at or below the threshold is common', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(200, 1000, [300, 1000]) }, primary: { requests: 5000, buckets: histogram(4990, 5000, [250, 1000]) } },
      { outcome: 'error', message: new RegExp(`${METRIC} has no bucket bound at or below 500 ms that the canary and the primary share \\(canary: 300, 1000, \\+Inf; primary: 250, 1000, \\+Inf\\)`) }],
    ['errs, naming the metric, when a bucket counts more requests than +Inf', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 100, buckets: [{ le: 500, count: 150 }, { le: Infinity, count: 100 }] }, primary: { requests: 5000, buckets: histogram(4990, 5000) } },
      { outcome: 'error', message: new RegExp(`${METRIC} is not cumulative for the canary: le="500" counts 150 requests but le="\\+Inf" only 100`) }],
    ['errs when the primary\'s counts fall between two finite bounds', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(200, 1000) }, primary: { requests: 50, buckets: [{ le: 250, count: 40 }, { le: 500, count: 30 }, { le: Infinity, count: 50 }] } },
      { outcome: 'error', message: /is not cumulative for the primary: le="250" counts 40 requests but le="500" only 30/ }],
    ['prints a -Inf bound as -Inf in the bounds it lists', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 5, buckets: [{ le: -Infinity, count: 0 }, { le: 1000, count: 5 }] }, primary: { requests: 5000, buckets: histogram(4990, 5000) } },
      { outcome: 'error', message: /no le="\+Inf" bucket for the canary \(bounds: -Inf, 1000\)/ }],
    ['errs when requests were served but no bucket came back', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: [] }, primary: { requests: 5000, buckets: histogram(4990, 5000) } }, { outcome: 'error', message: new RegExp(`${METRIC} returned no buckets for the canary, which served 1000 requests`) }],
    ['errs when a histogram has no +Inf bucket', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(200, 1000).slice(0, -1) }, primary: { requests: 5000, buckets: histogram(4990, 5000) } }, { outcome: 'error', message: /no le="\+Inf" bucket for the canary/ }],
    ['errs when no bucket lies at or below the threshold', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 1000, buckets: histogram(0, 1000, [1000]) }, primary: { requests: 5000, buckets: histogram(0, 5000, [1000]) } }, { outcome: 'error', message: /no bucket at or below 500 ms for the canary \(bounds: 1000, \+Inf\)/ }],
    ['holds the comparison when neither side served anything', latencyVsPrimary,
      { check: 'latency-vs-primary', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: undefined, buckets: [] }, primary: { requests: 0, buckets: [] } }, { outcome: 'insufficient', message: /no canary requests yet/ }],
  ])('%s', (_what, check, measurement, expected) => {
    const result = evaluateCheck(check, measurement, NOW);
    expect(result.outcome).toBe(expected.outcome);
    expect(result.message).toMatch(expected.message);
  });

  it('rounds the latency threshold down to the greatest bound both sides have, naming the threshold', () => {
    const reading: Measurement = { check: 'c', kind: 'histograms', metric: METRIC, thresholdMs: 700, canary: { requests: 10, buckets: histogram(4, 10) }, primary: { requests: 10, buckets: histogram(9, 10) } };
    expect(judgeable(reading)).toEqual({
      check: 'c',
      kind: 'counts',
      unit: 'requests over 500 ms (the greatest bucket bound both sides share at or below the 700 ms threshold)',
      counts: { canary: { events: 6, trials: 10 }, primary: { events: 1, trials: 10 } },
    });
  });

  it('counts at the greatest bound common to both layouts when the canary has 100, 300 and the primary 100, 250, 500', () => {
    const canary = [{ le: 100, count: 60 }, { le: 300, count: 90 }, { le: Infinity, count: 100 }];
    const primary = [{ le: 100, count: 80 }, { le: 250, count: 95 }, { le: 500, count: 99 }, { le: Infinity, count: 100 }];
    const reading: Measurement = { check: 'c', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 100, buckets: canary }, primary: { requests: 100, buckets: primary } };
    expect(judgeable(reading)).toEqual({
      check: 'c',
      kind: 'counts',
      unit: 'requests over 100 ms (the greatest bucket bound both sides share at or below the 500 ms threshold)',
      counts: { canary: { events: 40, trials: 100 }, primary: { events: 20, trials: 100 } },
    });
  });

  it('takes a fall between buckets within float noise as equal counts, as Prometheus does', () => {
    const noisy = [{ le: 500, count: 100 * (1 + 1e-14) }, { le: Infinity, count: 100 }];
    const reading: Measurement = { check: 'c', kind: 'histograms', metric: METRIC, thresholdMs: 500, canary: { requests: 100, buckets: noisy }, primary: { requests: 10, buckets: histogram(9, 10) } };
    expect(judgeable(reading)).toEqual({ check: 'c', kind: 'counts', unit: 'requests over 500 ms', counts: { canary: { events: 0, trials: 100 }, primary: { events: 1, trials: 10 } } });
  });

  it('passes measurements that are already judgeable through unchanged', () => {
    const value: Measurement = { check: 'new-issues', kind: 'value', value: 1, detail: 'in release r' };
    expect(judgeable(value)).toBe(value);
  });
});

describe('clip', () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('cuts a long query on a code point, never leaving half a surrogate pair', () => {
    const clipped = clip(`${'a'.repeat(118)}${'😀'.repeat(5)}`);
    expect(clipped).toBe(`\`${'a'.repeat(118)}😀…\``);
    expect(clipped).not.toMatch(lone);
  });

  it('keeps a query of 120 code points whole even when it is longer in UTF-16 units', () => {
    const query = `${'a'.repeat(110)}${'😀'.repeat(10)}`;
    expect(clip(query)).toBe(`\`${query}\``);
  });
});
