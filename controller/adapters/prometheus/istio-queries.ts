// PromQL over Istio's standard request metrics, as the mesh's destination
// sidecars report them.

export interface WorkloadSelector {
  namespace: string;
  workload: string;
}

/** Istio's default buckets of istio_request_duration_milliseconds. */
export const ISTIO_DURATION_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

const labels = (w: WorkloadSelector, extra = '') =>
  `reporter="destination",destination_workload_namespace="${escape(w.namespace)}",destination_workload="${escape(w.workload)}"${extra}`;

export const requestsIn = (w: WorkloadSelector, seconds: number) => `sum(increase(istio_requests_total{${labels(w)}}[${seconds}s]))`;

export const errorsIn = (w: WorkloadSelector, seconds: number) =>
  `sum(increase(istio_requests_total{${labels(w, ',response_code=~"5.."')}}[${seconds}s]))`;

export const successRatePercent = (w: WorkloadSelector, seconds: number) =>
  `100 * sum(rate(istio_requests_total{${labels(w, ',response_code!~"5.."')}}[${seconds}s])) / sum(rate(istio_requests_total{${labels(w)}}[${seconds}s]))`;

export const latencyPercentileMs = (w: WorkloadSelector, seconds: number, percentile: number) =>
  `histogram_quantile(${percentile / 100}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${labels(w)}}[${seconds}s])))`;

/** Requests at most `bucketMs` long; Istio's `le` labels print whole numbers without a decimal point. */
export const fasterThan = (w: WorkloadSelector, seconds: number, bucketMs: number) =>
  `sum(increase(istio_request_duration_milliseconds_bucket{${labels(w, `,le="${Number.isFinite(bucketMs) ? bucketMs : '+Inf'}"`)}}[${seconds}s]))`;

/** The largest Istio bucket bound at or below the threshold (requests slower than it are "slow"). */
export function bucketAtOrBelow(thresholdMs: number): number {
  const bounds = ISTIO_DURATION_BUCKETS_MS.filter((b) => b <= thresholdMs);
  return bounds.length > 0 ? bounds[bounds.length - 1]! : ISTIO_DURATION_BUCKETS_MS[0]!;
}

/** Flagger-style template variables of custom PromQL checks. */
export function renderTemplate(query: string, vars: { namespace: string; target: string; interval: string }): string {
  return query.replace(/\{\{\s*(namespace|target|interval)\s*\}\}/g, (_, name: keyof typeof vars) => vars[name]);
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
