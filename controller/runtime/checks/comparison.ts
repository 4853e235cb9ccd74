import type { ComparisonCheck } from '../../schema/checks.js';
import { bucketsOf } from '../../adapters/prometheus/histogram-buckets.js';
import { windowOf } from '../../core/measurement/windows.js';
import type { HistogramSide } from '../../core/observations.js';
import { failed, type Measure } from './measure.js';
import { firstReason, rawAnswer } from './prometheus-answer.js';
import { measureSentryEvents } from './sentry-events.js';
import { measureSentrySlowTransactions } from './sentry-latency.js';
import type { WorkloadSelector } from '../routers/request-telemetry.js';

type ComparisonOf<M extends ComparisonCheck['metric']> = ComparisonCheck & { metric: M };

/** errors: 5xx and all requests of both sides over the check's window, as Prometheus answered them. */
const measureErrors: Measure<ComparisonOf<'errors'>> = async (scope, check) => {
  const { seconds } = windowOf(check, scope.times);
  const ask = (query: string) => scope.prometheus.scalar(query).then(rawAnswer);
  const [ce, cr, pe, pr] = await Promise.all([
    ask(scope.telemetry.errorsIn(scope.canary, seconds)), ask(scope.telemetry.requestsIn(scope.canary, seconds)),
    ask(scope.telemetry.errorsIn(scope.primary, seconds)), ask(scope.telemetry.requestsIn(scope.primary, seconds)),
  ]);
  if (!ce.ok || !cr.ok || !pe.ok || !pr.ok) return failed(check, firstReason(ce, cr, pe, pr));
  return { check: check.name, kind: 'errorCounts', canary: { errors: ce.value, requests: cr.value }, primary: { errors: pe.value, requests: pr.value } };
};

/** latency: both sides' requests and cumulative duration buckets over the check's window (the core picks the bucket). */
const measureSlowRequests: Measure<ComparisonOf<'latency'>> = async (scope, check) => {
  const { seconds } = windowOf(check, scope.times);
  const side = async (w: WorkloadSelector): Promise<{ ok: true; value: HistogramSide } | { ok: false; reason: string }> => {
    const [requests, answer] = await Promise.all([scope.prometheus.scalar(scope.telemetry.requestsIn(w, seconds)).then(rawAnswer), scope.prometheus.vector(scope.telemetry.durationBucketsIn(w, seconds))]);
    if (!requests.ok) return requests;
    if (!answer.ok) return { ok: false, reason: answer.error.message };
    const buckets = bucketsOf(scope.telemetry.durationBucketsMetric, answer.value);
    return buckets.ok ? { ok: true, value: { requests: requests.value, buckets: buckets.value } } : { ok: false, reason: buckets.error.message };
  };
  const [canary, primary] = await Promise.all([side(scope.canary), side(scope.primary)]);
  if (!canary.ok || !primary.ok) return failed(check, firstReason(canary, primary));
  return { check: check.name, kind: 'histograms', metric: scope.telemetry.durationBucketsMetric, thresholdMs: check.latencyThresholdMs, canary: canary.value, primary: primary.value };
};

/** sentryErrors: Sentry error events per request of both releases over the check's window. */
const measureSentryErrors: Measure<ComparisonOf<'sentryErrors'>> = (scope, check) => measureSentryEvents(scope, check, windowOf(check, scope.times));

/** One Measure per comparison metric: a metric without one fails `tsc` here. */
const byMetric: { readonly [M in ComparisonCheck['metric']]: Measure<ComparisonOf<M>> } = {
  errors: measureErrors,
  latency: measureSlowRequests,
  sentryErrors: measureSentryErrors,
  sentrySlowTransactions: measureSentrySlowTransactions,
};

/** comparison: what its metric's signal answered for the canary and the primary. */
export const measureComparison: Measure<ComparisonCheck> = (scope, check) =>
  (byMetric[check.metric] as Measure<ComparisonCheck>)(scope, check);
