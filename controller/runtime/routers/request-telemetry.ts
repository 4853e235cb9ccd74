// What a router's data plane reports about the requests it carries, as PromQL.
// The built-in checks (runtime/checks/) ask these queries and never name a mesh:
// each router implementation (routers.ts) brings its own telemetry.

/** One workload, as the router's telemetry labels it: the target's pods, or the primary's. */
export interface WorkloadSelector {
  namespace: string;
  workload: string;
}

/** One Service, as the router's telemetry labels the requests routed through it (e.g. `<svc>-internal`). */
export interface ServiceSelector {
  namespace: string;
  service: string;
}

/**
 * A count from a moment up to the query's evaluation time: `start` in Unix seconds (fractions
 * allowed, PromQL's `@` takes them), `seconds` the whole seconds from `start` to the evaluation
 * time (at least 1), for the range selectors that must cover exactly that stretch.
 */
export interface CountSince {
  start: number;
  seconds: number;
}

/**
 * PromQL for the requests a workload answered over the last `seconds` (a range
 * vector evaluated at the analysis's time). Each query returns a raw count or a
 * histogram's buckets; an empty answer is read by the core (signal-readings.ts).
 */
export interface RequestTelemetry {
  /** The histogram metric durationBucketsIn reads, named in measurements. */
  readonly durationBucketsMetric: string;
  /** Every request answered (empty when the workload has no series at all). */
  requestsIn(w: WorkloadSelector, seconds: number): string;
  /** Requests answered 5xx (empty, not 0, when none was). */
  errorsIn(w: WorkloadSelector, seconds: number): string;
  /** Requests not answered 5xx (empty, not 0, when every one was 5xx). */
  successfulIn(w: WorkloadSelector, seconds: number): string;
  /** The `percentile` (0-100) of request duration, in milliseconds. */
  latencyPercentileMs(w: WorkloadSelector, seconds: number, percentile: number): string;
  /**
   * Every request routed through the Service (e.g. `<svc>-internal`: the internal users' requests
   * to the canary; `<svc>-canary`: the customers') since `since.start`, counted exactly (not
   * extrapolated), whichever workload answered it; empty when there is no such series.
   */
  requestsThrough(s: ServiceSelector, since: CountSince): string;
  /** Requests routed through the Service since `since.start` and answered 5xx (empty, not 0, when none was). */
  errorsThrough(s: ServiceSelector, since: CountSince): string;
  /** Every cumulative bucket of the request-duration histogram, one series per `le` (bounds in milliseconds). */
  durationBucketsIn(w: WorkloadSelector, seconds: number): string;
}
