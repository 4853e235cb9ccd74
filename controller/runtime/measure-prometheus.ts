import type { Check, ComparisonCheck } from '../schema/checks.js';
import type { AnalysisWindow } from '../core/analysis-plan.js';
import type { HistogramSide, Measurement, RawCount } from '../core/observations.js';
import * as q from '../adapters/prometheus/istio-queries.js';
import { bucketsOf } from '../adapters/prometheus/histogram-buckets.js';
import type { PrometheusClient, ScalarResult } from '../adapters/prometheus/prometheus-client.js';

/** The checks Prometheus answers: the built-in ones, PromQL, and comparisons of errors or latency. */
export type PrometheusCheck = Extract<Check, { type: 'successRate' | 'latency' | 'promql' }> | (ComparisonCheck & { metric: 'errors' | 'latency' });

export interface PrometheusScope {
  prometheus: PrometheusClient;
  canary: q.WorkloadSelector;
  primary: q.WorkloadSelector;
  window: AnalysisWindow;
  /** Flagger-style variables of PromQL checks. */
  vars: { namespace: string; target: string; interval: string };
  /** Evaluation time of every query of this analysis. */
  at: Date;
  /** The canary's requests in the last interval (q.requestsIn), asked once at `at` for every per-interval check. */
  intervalRequests: ScalarResult;
}

type Raw = { ok: true; value: RawCount } | { ok: false; reason: string };

/**
 * Asks Prometheus what one check needs and returns what it answered, empty answers kept as
 * `undefined` (the core decides what they mean: signal-readings.ts). Failures become `error`
 * measurements; nothing throws. Comparisons count the current stage from its start.
 */
export async function measurePrometheusCheck(scope: PrometheusScope, check: PrometheusCheck): Promise<Measurement> {
  const { window, canary } = scope;
  const prometheus = { scalar: (query: string) => scope.prometheus.scalar(query, scope.at) };
  const fail = (reason: string): Measurement => ({ check: check.name, kind: 'error', reason });
  switch (check.type) {
    case 'successRate': {
      const [requests, successful] = [raw(scope.intervalRequests), raw(await prometheus.scalar(q.successfulIn(canary, window.intervalSeconds)))];
      if (!requests.ok || !successful.ok) return fail(firstReason(requests, successful));
      return { check: check.name, kind: 'successes', windowSeconds: window.intervalSeconds, requests: requests.value, successful: successful.value };
    }
    case 'latency': {
      const [requests, valueMs] = [raw(scope.intervalRequests), raw(await prometheus.scalar(q.latencyPercentileMs(canary, window.intervalSeconds, check.percentile)))];
      if (!requests.ok || !valueMs.ok) return fail(firstReason(requests, valueMs));
      return { check: check.name, kind: 'percentile', windowSeconds: window.intervalSeconds, requests: requests.value, valueMs: valueMs.value, metric: q.DURATION_BUCKETS_METRIC };
    }
    case 'promql': {
      const query = q.renderTemplate(check.query, scope.vars);
      const value = raw(await prometheus.scalar(query));
      return value.ok ? { check: check.name, kind: 'query', query, value: value.value } : fail(value.reason);
    }
    case 'comparison':
      return check.metric === 'errors' ? measureErrors(scope, check.name) : measureSlowRequests(scope, check.name, check.latencyThresholdMs);
  }
}

async function measureErrors(scope: PrometheusScope, name: string): Promise<Measurement> {
  const seconds = scope.window.stageSeconds;
  const ask = (query: string) => scope.prometheus.scalar(query, scope.at).then(raw);
  const [ce, cr, pe, pr] = await Promise.all([
    ask(q.errorsIn(scope.canary, seconds)), ask(q.requestsIn(scope.canary, seconds)),
    ask(q.errorsIn(scope.primary, seconds)), ask(q.requestsIn(scope.primary, seconds)),
  ]);
  if (!ce.ok || !cr.ok || !pe.ok || !pr.ok) return { check: name, kind: 'error', reason: firstReason(ce, cr, pe, pr) };
  return { check: name, kind: 'errorCounts', canary: { errors: ce.value, requests: cr.value }, primary: { errors: pe.value, requests: pr.value } };
}

async function measureSlowRequests(scope: PrometheusScope, name: string, thresholdMs: number): Promise<Measurement> {
  const seconds = scope.window.stageSeconds;
  const side = async (w: q.WorkloadSelector): Promise<{ ok: true; value: HistogramSide } | { ok: false; reason: string }> => {
    const [requests, answer] = await Promise.all([scope.prometheus.scalar(q.requestsIn(w, seconds), scope.at).then(raw), scope.prometheus.vector(q.durationBucketsIn(w, seconds), scope.at)]);
    if (!requests.ok) return requests;
    if (!answer.ok) return { ok: false, reason: answer.error.message };
    const buckets = bucketsOf(q.DURATION_BUCKETS_METRIC, answer.samples);
    return buckets.ok ? { ok: true, value: { requests: requests.value, buckets: buckets.buckets } } : buckets;
  };
  const [canary, primary] = await Promise.all([side(scope.canary), side(scope.primary)]);
  if (!canary.ok || !primary.ok) return { check: name, kind: 'error', reason: firstReason(canary, primary) };
  return { check: name, kind: 'histograms', metric: q.DURATION_BUCKETS_METRIC, thresholdMs, canary: canary.value, primary: primary.value };
}

const raw = (result: ScalarResult): Raw => (result.ok ? { ok: true, value: result.value } : { ok: false, reason: result.error.message });

const firstReason = (...answers: Array<{ ok: true } | { ok: false; reason: string }>) => answers.flatMap((a) => (a.ok ? [] : [a.reason]))[0] ?? 'unknown failure';
