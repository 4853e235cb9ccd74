// PromQL over Istio's standard request metrics: a workload's requests as its own (destination)
// sidecars report them, a Service's as the client proxies that routed them report them. Each built-in query returns a raw count (or the
// buckets of a histogram); the core decides what an empty answer means.
// The Istio router's telemetry (istio-canary-router.ts): the checks ask it
// through runtime/routers/request-telemetry.ts, never by importing this file.
import type { CountSince, RequestTelemetry, ServiceSelector, WorkloadSelector } from '../../runtime/routers/request-telemetry.js';

export const REQUESTS_METRIC = 'istio_requests_total';
export const DURATION_BUCKETS_METRIC = 'istio_request_duration_milliseconds_bucket';
const FIVE_XX = ',response_code=~"5.."';

const labels = (w: WorkloadSelector, extra = '') =>
  `reporter="destination",destination_workload_namespace="${escape(w.namespace)}",destination_workload="${escape(w.workload)}"${extra}`;

/** Every request the workload answered in the window (empty when it has no series at all). */
export const requestsIn = (w: WorkloadSelector, seconds: number) => `sum(increase(${REQUESTS_METRIC}{${labels(w)}}[${seconds}s]))`;

/** Requests answered 5xx (empty, not 0, when the workload never answered 5xx). */
export const errorsIn = (w: WorkloadSelector, seconds: number) =>
  `sum(increase(${REQUESTS_METRIC}{${labels(w, FIVE_XX)}}[${seconds}s]))`;

/** Requests not answered 5xx (empty, not 0, when the workload answered every request 5xx). */
export const successfulIn = (w: WorkloadSelector, seconds: number) =>
  `sum(increase(${REQUESTS_METRIC}{${labels(w, ',response_code!~"5.."')}}[${seconds}s]))`;

/** histogram_quantile parses `le` as a float itself, so it reads both Prometheus 2's and 3's spellings. */
export const latencyPercentileMs = (w: WorkloadSelector, seconds: number, percentile: number) =>
  `histogram_quantile(${percentile / 100}, sum by (le) (rate(${DURATION_BUCKETS_METRIC}{${labels(w)}}[${seconds}s])))`;

/**
 * Every cumulative bucket of the request-duration histogram in the window, one series per `le`.
 * No `le` value is selected: Prometheus 3 stores `le="500.0"` where Prometheus 2 kept the
 * exporter's `le="500"` (https://prometheus.io/docs/prometheus/latest/migration/, "le and
 * quantile label values"), so the bounds are read from the answer (see histogram-buckets.ts).
 */
export const durationBucketsIn = (w: WorkloadSelector, seconds: number) =>
  `sum by (le) (increase(${DURATION_BUCKETS_METRIC}{${labels(w)}}[${seconds}s]))`;

// The client proxy's report (the calling sidecar or the ingress gateway, where the route was
// chosen): its upstream cluster is `outbound|<port>||<routed Service>`, whose metadata
// `istio.services[0]` gives destination_service_name (istio/proxy, source/extensions/filters/http/
// istio_stats/istio_stats.cc, populatePeerInfo). The server sidecar's (reporter="destination")
// comes from the pod's inbound cluster, which lists every Service on that port, oldest first
// (istio/istio pilot/pkg/networking/core/cluster_builder.go addTelemetryMetadata, pilot/pkg/model/
// context.go SetServiceTargets), so `<svc>-canary` and `<svc>-internal` share a name there.
const serviceLabels = (s: ServiceSelector, extra = '') =>
  `reporter="source",destination_service_namespace="${escape(s.namespace)}",destination_service_name="${escape(s.service)}"${extra}`;

/**
 * The exact increase of every series of `selector` from `since.start` to the evaluation time,
 * summed: each series' last value in the window minus its value at the start
 * (`X @ start`, stable since Prometheus 2.33.0, CHANGELOG "Promote negative offset and `@`
 * modifier to stable features", and docs/querying/basics.md "@ modifier"); a series born after the
 * start (no value at it) counts in full, as a new counter starts at 0 (so the requests counted
 * before its first scrape are not lost, as increase() loses them); a series with a counter reset
 * in the window (resets() > 0, docs/querying/functions.md) falls back to increase(), which
 * handles resets but extrapolates. The last value is last_over_time over the window, so a series
 * that stopped (its pod gone) still counts. A request counted between the start's last scrape and
 * the start itself is counted in the window (at most one scrape interval of them). Empty when no
 * series has a sample in the window.
 */
export function exactIncrease(selector: string, since: CountSince): string {
  const range = `${selector}[${since.seconds}s]`;
  const atStart = `${selector} @ ${formatUnixSeconds(since.start)}`;
  return `sum((increase(${range}) and resets(${range}) > 0) or (last_over_time(${range}) - ${atStart}) or last_over_time(${range}))`;
}

/** Unix seconds as PromQL's `@` reads them: a decimal with at most millisecond precision. */
const formatUnixSeconds = (seconds: number) => String(Math.round(seconds * 1000) / 1000);

/**
 * Every request routed through the Service since `since.start`, as the client proxy reports it
 * (reporter="source"), counted exactly (exactIncrease). `destination_service_name` is the short
 * name of the Service and `destination_service_namespace` its namespace
 * (istio.io/latest/docs/reference/config/metrics/, "Labels"), so a second Service over the same
 * pods tells its requests apart. Empty when it has no series.
 */
export const requestsThrough = (s: ServiceSelector, since: CountSince) => exactIncrease(`${REQUESTS_METRIC}{${serviceLabels(s)}}`, since);

/** Requests routed through the Service since `since.start` and answered 5xx (empty, not 0, when none was). */
export const errorsThrough = (s: ServiceSelector, since: CountSince) => exactIncrease(`${REQUESTS_METRIC}{${serviceLabels(s, FIVE_XX)}}`, since);

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Istio's standard metrics (istio.io/latest/docs/reference/config/metrics/) as a router's RequestTelemetry. */
export const istioTelemetry: RequestTelemetry = {
  durationBucketsMetric: DURATION_BUCKETS_METRIC,
  requestsIn,
  errorsIn,
  successfulIn,
  requestsThrough,
  errorsThrough,
  latencyPercentileMs,
  durationBucketsIn,
};
