// Latency regressions as counts: "requests slower than a fixed boundary" at the canary and the
// primary, read from cumulative histogram buckets (Istio's istio_request_duration_milliseconds
// _bucket, summed by `le` and taken as increase() since the stage began), then the same
// anytime-valid rate-ratio test as errors (count-comparison.ts), with its own tolerance.
//
// This is the one latency comparison: the controller judges a `comparison` check of metric
// `latency` with compareLatency (check-evaluation.ts), and `make bench-analysis` measures
// compareLatency (bench/analysis/songbird-decider.ts). Which bucket bound counts as "slow" is
// decided by slowRequestCounts (core/slow-requests.ts): the greatest bound at or below the
// threshold that both sides' layouts share, per stage, an error when there is none.
import { slowRequestCounts } from '../slow-requests.js';
import { compareCountsOf, type CountComparison, type StageCounts } from './count-comparison.js';

export interface LatencyBucket {
  /** Upper bound in milliseconds; Infinity for the +Inf bucket. */
  readonly le: number;
  /** Cumulative count of requests at most `le`. */
  readonly count: number;
}

/** One side of one stage: its request counter and its cumulative buckets, over the same window (RawCount: undefined when no series). */
export interface LatencySide {
  requests: number | undefined;
  buckets: LatencyBucket[];
}

/** Both sides' histograms over one stage. */
export interface LatencyStage {
  readonly canary: LatencySide;
  readonly primary: LatencySide;
}

export interface LatencyComparisonInput extends LatencyStage {
  /** The histogram's name, for error messages (e.g. istio_request_duration_milliseconds_bucket). */
  metric: string;
  /** Requests slower than this count as slow, rounded down to a bucket bound both sides share. */
  thresholdMs: number;
  /** The canary's share of slow requests may be at most tolerance × the primary's. */
  tolerance: number;
  alpha: number;
  /** Canary requests needed before 'notWorse' (over all stages). */
  minTrials: number;
  /** Finished stages' slow-request counts, oldest first, as slowRequestCounts counted each (status keeps them). */
  earlierStages?: readonly StageCounts[];
}

/**
 * The comparison and the current stage's counts it judged (the unit names the bound used), or
 * why the histograms cannot be compared (a reason naming the metric; never a pass).
 */
export type LatencyComparison =
  | { ok: true; unit: string; counts: StageCounts; comparison: CountComparison }
  | { ok: false; reason: string };

/** Is the canary's share of slow requests worse than the primary's? See the file's header. */
export function compareLatency(input: LatencyComparisonInput): LatencyComparison {
  const slow = slowRequestCounts(input.metric, input.thresholdMs, input.canary, input.primary);
  if (!slow.ok) return slow;
  const comparison = compareCountsOf(slow.unit, {
    ...slow.counts,
    earlierStages: input.earlierStages ?? [],
    tolerance: input.tolerance,
    alpha: input.alpha,
    minTrials: input.minTrials,
  });
  return { ok: true, unit: slow.unit, counts: slow.counts, comparison };
}
