import { parseCanarySpec } from '../../schema/canary.js';
import type { Check } from '../../schema/checks.js';
import { evaluateCheck } from '../../core/check-evaluation.js';
import { analysisTimes } from '../../core/measurement/windows.js';
import { createPrometheusClient } from '../../adapters/prometheus/prometheus-client.js';
import { istioTelemetry, requestsIn } from '../../adapters/istio/istio-telemetry.js';
import { startLoopbackPrometheus, type LoopbackPrometheus, type StoredSeries } from '../../adapters/prometheus/loopback-prometheus.js';
import { inMemorySentry } from './in-memory-sentry.js';
import { noSecrets } from './in-memory-wavefront.js';
import type { MeasureScope } from './measure.js';
import { unaskedProviders } from './unasked-providers.js';
import { measureCheck } from './measures.js';

// Every Prometheus-answered check type, run through the real client against a loopback
// Prometheus holding Istio's series, then judged by the core, with the histogram's `le` labels
// spelled as Prometheus 2 keeps them ("500") and as Prometheus 3 stores them ("500.0", "1.8e+06").

const BOUNDS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];
type Spelling = 'prometheus 2' | 'prometheus 3';
type PrometheusCheck = Extract<Check, { type: 'successRate' | 'latency' | 'promql' | 'comparison' }>;

/** Prometheus 3 writes `le` as Go's FormatFloat(f, 'g', -1, 64), adding ".0" to whole numbers (model/labels, OpenMetrics). */
function spell(le: number, spelling: Spelling): string {
  if (!Number.isFinite(le)) return '+Inf';
  if (spelling === 'prometheus 2') return String(le);
  const exponent = Math.floor(Math.log10(Math.abs(le)));
  if (exponent < -4 || exponent >= 6) return le.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(le) ? `${le}.0` : String(le);
}

interface Traffic {
  ok?: number;
  failed?: number;
  /** Share of requests within 500 ms (half of them within 250 ms); the rest within 1000 ms. */
  fastShare?: number;
  /** Histogram bounds this workload exposes (default: Istio's). */
  bounds?: number[];
  histogram?: boolean;
}

function istioSeries(workload: string, traffic: Traffic, spelling: Spelling): StoredSeries[] {
  const base = { reporter: 'destination', destination_workload_namespace: 'shop', destination_workload: workload };
  const codes = ([['200', traffic.ok ?? 0], ['500', traffic.failed ?? 0]] as const).filter(([, n]) => n > 0);
  return codes.flatMap(([code, n]) => {
    const labels = { ...base, response_code: code };
    const fast = traffic.fastShare ?? 1;
    const share = (le: number) => (le < 500 ? fast / 2 : le === 500 ? fast : 1);
    const buckets = traffic.histogram === false ? [] : [...(traffic.bounds ?? BOUNDS), Infinity].map((le) => ({
      labels: { __name__: 'istio_request_duration_milliseconds_bucket', ...labels, le: spell(le, spelling) },
      increase: Math.round(n * share(le)),
    }));
    return [{ labels: { __name__: 'istio_requests_total', ...labels }, increase: n }, ...buckets];
  });
}

function checkOf(check: unknown): PrometheusCheck {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { internal: { match: [{ header: { name: 'x-user', exact: 'internal' } }] }, steps: [{ weight: 50 }] },
    analysis: { interval: '30s', checks: [check] },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec.analysis.checks[0] as PrometheusCheck;
}

const CHECKS = {
  successRate: checkOf({ name: 'success-rate', type: 'successRate', min: 99 }),
  latency: checkOf({ name: 'latency', type: 'latency', percentile: 99, maxMs: 500 }),
  promql: checkOf({ name: 'queue', type: 'promql', query: 'sum(increase(istio_requests_totl{destination_workload="{{ target }}"}[{{ interval }}]))', max: 5 }),
  errors: checkOf({ name: 'errors-vs-primary', type: 'comparison', metric: 'errors', minRequests: 100 }),
  slow: checkOf({ name: 'latency-vs-primary', type: 'comparison', metric: 'latency', latencyThresholdMs: 500, minRequests: 100, tolerance: 1.5 }),
} satisfies Record<string, Check>;

const HEALTHY: Traffic = { ok: 5000, failed: 5, fastShare: 0.99 };

describe.each<Spelling>(['prometheus 2', 'prometheus 3'])('the Prometheus checks (successRate, latency, promql, comparison of errors and latency) on %s', (spelling) => {
  let prometheus: LoopbackPrometheus | undefined;
  afterEach(async () => {
    await prometheus?.close();
    prometheus = undefined;
  });

  async function measure(check: PrometheusCheck, canary: Traffic, primary: Traffic = HEALTHY) {
    prometheus = await startLoopbackPrometheus([...istioSeries('podinfo', canary, spelling), ...istioSeries('podinfo-primary', primary, spelling)]);
    const client = createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 2_000 });
    const canarySelector = { namespace: 'shop', workload: 'podinfo' };
    const at = new Date('2026-11-26T10:00:00.250Z');
    const sentry = inMemorySentry({});
    const scope: MeasureScope = {
      ...unaskedProviders(),
      prometheus: { scalar: (query) => client.scalar(query, at), vector: (query) => client.vector(query, at) },
      sentry,
      telemetry: istioTelemetry,
      sentryTarget: () => Promise.resolve({ ok: false, reason: 'spec.sentry is not set' }),
      readSecret: noSecrets,
      canary: canarySelector,
      primary: { namespace: 'shop', workload: 'podinfo-primary' },
      vars: { namespace: 'shop', target: 'podinfo' },
      times: analysisTimes({ stageStartedAt: '2026-11-26T09:58:00.250Z', rolloutStartedAt: '2026-11-26T09:55:00.250Z' }, { intervalSeconds: 30, stageSeconds: 120, rolloutSeconds: 300 }, at),
      intervalRequests: await client.scalar(requestsIn(canarySelector, 30), at),
      canaryRelease: { ok: false, reason: 'not asked' },
      primaryRelease: { ok: false, reason: 'not asked' },
    };
    const measurement = await measureCheck(scope, check);
    expect(sentry.calls).toEqual([]);
    return evaluateCheck(check, measurement, '2026-11-26T10:00:00.000Z');
  }

  it.each<[string, PrometheusCheck, Traffic, Traffic | undefined, string, RegExp]>([
    ['fails the success rate at 0 % when the canary answers every request 500', CHECKS.successRate, { failed: 308 }, undefined, 'fail', /^success-rate: success rate 0 % \(limit ≥ 99 %\) over 308 requests/],
    ['holds the success rate when the canary served no request', CHECKS.successRate, {}, undefined, 'noData', /no requests reached the canary in the last 30s/],
    ['passes a healthy success rate', CHECKS.successRate, { ok: 1000 }, undefined, 'pass', /success rate 100 %/],
    ['fails a slow p99', CHECKS.latency, { ok: 1000, fastShare: 0.5 }, undefined, 'fail', /latency: p99 \d+ ms/],
    ['passes a fast p99', CHECKS.latency, { ok: 1000, fastShare: 1 }, undefined, 'pass', /latency: p99 \d+ ms/],
    ['errs when requests came but the duration histogram returned nothing', CHECKS.latency, { ok: 1000, histogram: false }, undefined, 'error', /istio_request_duration_milliseconds_bucket returned no histogram for the canary, which served 1000 requests/],
    ['names the check and the query when a PromQL metric is misspelt', CHECKS.promql, { ok: 308 }, undefined, 'noData', /^queue: the query `sum\(increase\(istio_requests_totl\{destination_workload="podinfo"\}\[30s\]\)\)` returned no data$/],
    ['counts no 5xx series as no errors beside a healthy primary', CHECKS.errors, { ok: 5000 }, undefined, 'pass', /errors-vs-primary/],
    ['calls an all-5xx canary worse than the primary', CHECKS.errors, { failed: 308 }, undefined, 'fail', /errors-vs-primary/],
    ['calls a canary with half its requests over 500 ms worse', CHECKS.slow, { ok: 1000, fastShare: 0.5 }, undefined, 'fail', /requests over 500 ms/],
    ['lets a canary as fast as the primary pass', CHECKS.slow, { ok: 5000, fastShare: 0.99 }, undefined, 'pass', /requests over 500 ms/],
    ['compares at 250 ms, the greatest bound both sides share, when the canary has no 500 ms bucket', CHECKS.slow, { ok: 1000, bounds: [250, 1000] }, undefined, 'pass', /canary requests over 250 ms \(the greatest bucket bound both sides share at or below the 500 ms threshold\)/],
    ['errs naming the metric and both layouts when no bound at or below 500 ms is common', CHECKS.slow, { ok: 1000, bounds: [300, 1000] }, { ok: 5000, bounds: [250, 1000] }, 'error', /istio_request_duration_milliseconds_bucket has no bucket bound at or below 500 ms that the canary and the primary share/],
    ['errs when the canary served requests but no bucket came back', CHECKS.slow, { ok: 1000, histogram: false }, undefined, 'error', /returned no buckets for the canary, which served 1000 requests/],
  ])('%s', async (_what, check, canary, primary, outcome, message) => {
    const result = await measure(check, canary, primary);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toMatch(message);
  });

  it.each(Object.entries(CHECKS))('evaluates every query of a %s check at the one analysis time', async (_type, check) => {
    await measure(check, HEALTHY);
    expect(new Set(prometheus!.times)).toEqual(new Set(['1795687200.250']));
  });

  it('never selects a bucket by its le spelling', async () => {
    await measure(CHECKS.slow, HEALTHY);
    expect(prometheus!.queries.filter((q) => /le=/.test(q))).toEqual([]);
  });
});
