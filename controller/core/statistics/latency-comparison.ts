// Latency regressions as counts: "requests slower than a fixed boundary" at the canary and the
// primary, read from Istio's cumulative histogram buckets (istio_request_duration_milliseconds
// _bucket, summed by `le` and taken as increase() since the comparison began), then the same
// anytime-valid rate-ratio test as errors (count-comparison.ts), with its own tolerance.
//
// The boundary must stay FIXED for the whole comparison: a boundary that moved with the data
// would change what is being counted between looks and void the guarantee. Configure it, or
// pick it once with latencyBoundaryAt() from the primary at the first look and keep it in status.
import { compareCountsOf, type CountComparison } from './count-comparison.js';
import { formatRatio } from './comparison-summary.js';
import type { EventCounts } from './observed-counts.js';

export interface LatencyBucket {
  /** Upper bound in milliseconds; Infinity for the +Inf bucket. */
  readonly le: number;
  /** Cumulative count of requests at most `le`. */
  readonly count: number;
}

export interface LatencyComparisonInput {
  canary: readonly LatencyBucket[];
  primary: readonly LatencyBucket[];
  /** Requests slower than this count as events; the greatest bucket bound <= it is used. */
  thresholdMs: number;
  /** The canary's share of slow requests may be at most tolerance × the primary's. */
  tolerance: number;
  alpha: number;
  minTrials: number;
  /** Completed stages, each with that stage's own histograms (see CountComparisonInput). */
  earlierStages?: readonly LatencyStage[];
}

export interface LatencyStage {
  readonly canary: readonly LatencyBucket[];
  readonly primary: readonly LatencyBucket[];
}

const safe = (value: number): number => (Number.isFinite(value) && value > 0 ? value : 0);

/** All requests: the +Inf bucket, or the largest cumulative count when it is missing. */
function totalOf(buckets: readonly LatencyBucket[]): number {
  return buckets.reduce((total, bucket) => Math.max(total, safe(bucket.count)), 0);
}

/** The greatest finite bucket bound at or below the threshold, or null when there is none. */
export function bucketBoundary(buckets: readonly LatencyBucket[], thresholdMs: number): number | null {
  const bounds = buckets.map((bucket) => bucket.le).filter((le) => Number.isFinite(le) && le <= thresholdMs);
  return bounds.length === 0 ? null : Math.max(...bounds);
}

/** Requests slower than `boundary` (which must be a bucket bound) and all requests. */
export function slowCounts(buckets: readonly LatencyBucket[], boundary: number): EventCounts {
  const trials = totalOf(buckets);
  const within = buckets.filter((bucket) => bucket.le === boundary).reduce((most, b) => Math.max(most, safe(b.count)), 0);
  return { events: Math.max(0, trials - within), trials };
}

/** Smallest finite bucket bound holding at least `quantile` of the requests (e.g. 0.99). */
export function latencyBoundaryAt(buckets: readonly LatencyBucket[], quantile: number): number | null {
  const total = totalOf(buckets);
  if (total === 0) return null;
  const reaching = buckets.filter((bucket) => Number.isFinite(bucket.le) && safe(bucket.count) >= quantile * total);
  return reaching.length === 0 ? null : Math.min(...reaching.map((bucket) => bucket.le));
}

export function compareLatency(input: LatencyComparisonInput): CountComparison {
  const stages: readonly LatencyStage[] = [...(input.earlierStages ?? []), input];
  const canaryBuckets = stages.flatMap((stage) => stage.canary);
  const boundary = bucketBoundary(stages.flatMap((stage) => stage.primary), input.thresholdMs);
  const mismatch = canaryBuckets.length > 0 && bucketBoundary(canaryBuckets, input.thresholdMs) !== boundary;
  if (boundary === null || mismatch) {
    const canaryTrials = Math.round(stages.reduce((sum, stage) => sum + totalOf(stage.canary), 0));
    const summary = `no common histogram bucket at or below ${formatRatio(input.thresholdMs)} ms`;
    return { verdict: 'insufficient', ratio: null, lower: null, upper: null, eValue: 1, canaryTrials, summary };
  }
  const counts = stages.map((stage) => ({ canary: slowCounts(stage.canary, boundary), primary: slowCounts(stage.primary, boundary) }));
  return compareCountsOf(`requests over ${formatRatio(boundary)} ms`, {
    ...(counts.at(-1) as (typeof counts)[number]),
    earlierStages: counts.slice(0, -1),
    tolerance: input.tolerance,
    alpha: input.alpha,
    minTrials: input.minTrials,
  });
}
