// PromQL over Istio's standard request metrics, as the mesh's destination
// sidecars report them. Each built-in query returns a raw count (or the
// buckets of a histogram); the core decides what an empty answer means.
// The Istio router's telemetry (istio-canary-router.ts): the checks ask it
// through runtime/routers/request-telemetry.ts, never by importing this file.
import type { RequestTelemetry, ServiceSelector, WorkloadSelector } from '../../runtime/routers/request-telemetry.js';

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

const serviceLabels = (s: ServiceSelector, extra = '') =>
  `reporter="destination",destination_service_namespace="${escape(s.namespace)}",destination_service_name="${escape(s.service)}"${extra}`;

/**
 * Every request routed through the Service in the window (empty when it has no series at all).
 * `destination_service_name` is the short name of the Service the request was routed to, and
 * `destination_service_namespace` its namespace (istio.io/latest/docs/reference/config/metrics/,
 * "Labels"), so a second Service over the same pods tells its requests apart.
 */
export const requestsThrough = (s: ServiceSelector, seconds: number) => `sum(increase(${REQUESTS_METRIC}{${serviceLabels(s)}}[${seconds}s]))`;

/** Requests routed through the Service and answered 5xx (empty, not 0, when none was). */
export const errorsThrough = (s: ServiceSelector, seconds: number) => `sum(increase(${REQUESTS_METRIC}{${serviceLabels(s, FIVE_XX)}}[${seconds}s]))`;

const exceptLabel = (exceptService: string) => `,destination_service_name!="${escape(exceptService)}"`;

/**
 * Every request the workload answered that was not routed through `exceptService` (a Service of
 * the workload's namespace): with requestsThrough of that Service, each request counted once.
 * Empty when there is no such series.
 */
export const requestsExcept = (w: WorkloadSelector, exceptService: string, seconds: number) =>
  `sum(increase(${REQUESTS_METRIC}{${labels(w, exceptLabel(exceptService))}}[${seconds}s]))`;

/** As requestsExcept, only the requests answered 5xx (empty, not 0, when none was). */
export const errorsExcept = (w: WorkloadSelector, exceptService: string, seconds: number) =>
  `sum(increase(${REQUESTS_METRIC}{${labels(w, exceptLabel(exceptService) + FIVE_XX)}}[${seconds}s]))`;

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Istio's standard metrics (istio.io/latest/docs/reference/config/metrics/) as a router's RequestTelemetry. */
export const istioTelemetry: RequestTelemetry = {
  durationBucketsMetric: DURATION_BUCKETS_METRIC,
  requestsIn,
  errorsIn,
  successfulIn,
  requestsThrough,
  errorsThrough,
  requestsExcept,
  errorsExcept,
  latencyPercentileMs,
  durationBucketsIn,
};
