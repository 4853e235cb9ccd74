// What every decider in the bench sees and answers, and the running totals they keep.
import type { IntervalTraffic } from './traffic.js';

export interface Look {
  readonly canary: IntervalTraffic;
  readonly primary: IntervalTraffic;
  /** True on the first interval of a stage (traffic weights just changed). */
  readonly stageStarted: boolean;
}

export interface LookOutcome {
  readonly rollback: boolean;
  /** Whether this interval counts toward the stage's minimum duration (Flagger: passed checks only). */
  readonly countsTowardStage: boolean;
  /** Whether the stage may be left now, once its minimum duration is reached. */
  readonly mayAdvance: boolean;
}

/** A decider for one rollout: a closure over that rollout's own state. */
export type Decider = (look: Look) => LookOutcome;

export interface DeciderKind {
  readonly name: string;
  readonly start: () => Decider;
}

export interface Totals {
  requests: number;
  errors: number;
  buckets: number[];
}

export const emptyTotals = (bucketCount: number): Totals => ({ requests: 0, errors: 0, buckets: new Array<number>(bucketCount).fill(0) });

export function addInterval(totals: Totals, traffic: IntervalTraffic): Totals {
  return {
    requests: totals.requests + traffic.requests,
    errors: totals.errors + traffic.errors,
    buckets: totals.buckets.map((count, index) => count + (traffic.buckets[index] ?? 0)),
  };
}

/** Requests slower than `boundaryMs` (a bucket bound) in per-bucket counts. */
export function slowerThan(buckets: readonly number[], bounds: readonly number[], boundaryMs: number): number {
  return buckets.reduce((sum, count, index) => ((bounds[index] ?? Infinity) > boundaryMs ? sum + count : sum), 0);
}
