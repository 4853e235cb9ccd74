// "Is the canary worse than the primary?" for event counts (errors, slow requests), asked at
// every analysis look with CUMULATIVE counts since a fixed start. See rate-ratio-evidence.ts
// for the test and its citation.
//
// Counts must only grow within a comparison (no sliding windows, no resets): the guarantee is
// about one growing sequence of events. When the traffic split changes (a new stage), pass the
// finished stages in `earlierStages` and count the current stage from its own start; the
// evidence then carries over exactly, without spending alpha again per stage.
//
// Verdicts:
// - 'worse': the e-value against H0 "canary rate <= tolerance × primary rate" reached 1/alpha.
//   Over the whole comparison, however many looks, a canary within tolerance gets this with
//   probability <= alpha. Final: the caller should act on it (roll back), not wait for more.
// - 'notWorse': at least minTrials canary requests, evidence against the tolerance below
//   1/sqrt(alpha) and an observed ratio at most 2 × tolerance. "No regression detected", not
//   proof of equality; `upper` says how much worse the canary could still be.
// - 'insufficient': fewer than minTrials canary requests, nothing to compare with, or a canary
//   halfway to being proven worse (looks worse, not proven yet). Holds; never passes.
import { describeComparison } from './comparison-summary.js';
import { ratioBounds } from './confidence-sequence.js';
import { wholeCounts, type EventCounts } from './observed-counts.js';
import { logEvidence, type RatioCounts } from './rate-ratio-evidence.js';

export interface CountComparisonInput {
  canary: { events: number; trials: number };
  primary: { events: number; trials: number };
  /** The canary's rate may be at most tolerance × the primary's (>= 1; 1.2 allows +20 %). */
  tolerance: number;
  /** Bound on the probability of ever answering 'worse' for a canary within tolerance. */
  alpha: number;
  /** Canary requests needed before 'notWorse' may be answered (counted over all stages). */
  minTrials: number;
  /**
   * Completed stages of the same comparison, oldest first, each with the counts of that stage
   * alone (`canary`/`primary` then hold the current stage since it began). Needed for exactness
   * when the canary's share of traffic changes between stages; omit it when the split is fixed.
   */
  earlierStages?: readonly StageCounts[];
}

export interface StageCounts {
  readonly canary: EventCounts;
  readonly primary: EventCounts;
}

export type ComparisonVerdict = 'worse' | 'notWorse' | 'insufficient';

export interface CountComparison {
  verdict: ComparisonVerdict;
  /** Point estimate canary rate / primary rate; null when the primary has no events yet. */
  ratio: number | null;
  /** Anytime-valid bounds on the ratio, each one-sided at level alpha: jointly 1 - 2·alpha. */
  lower: number | null;
  upper: number | null;
  /** Evidence against "canary rate <= tolerance × primary rate"; 'worse' when >= 1/alpha. */
  eValue: number;
  canaryTrials: number;
  summary: string;
}

/** e-values are reported up to ~1e300 so that the output never holds Infinity. */
const LOG_E_VALUE_CAP = 690;

function checkParameters(input: CountComparisonInput): void {
  if (!(input.alpha > 0 && input.alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${input.alpha}`);
  if (!(input.tolerance > 0 && Number.isFinite(input.tolerance))) {
    throw new RangeError(`tolerance must be a positive number, got ${input.tolerance}`);
  }
}

interface Pooled {
  readonly segments: readonly RatioCounts[];
  readonly canary: EventCounts;
  readonly primary: EventCounts;
}

/** Whole counts per stage as test segments (stages without both sides' traffic carry no
 * information about the ratio), plus the totals over all stages. */
function pool(stages: readonly StageCounts[]): Pooled {
  const clean = stages.map((stage) => ({ canary: wholeCounts(stage.canary), primary: wholeCounts(stage.primary) }));
  const sum = (pick: (stage: StageCounts) => EventCounts) => ({
    events: clean.reduce((total, stage) => total + pick(stage).events, 0),
    trials: clean.reduce((total, stage) => total + pick(stage).trials, 0),
  });
  const segments = clean
    .filter((stage) => stage.canary.trials > 0 && stage.primary.trials > 0)
    .map((stage) => ({
      canaryEvents: stage.canary.events,
      primaryEvents: stage.primary.events,
      exposureRatio: stage.canary.trials / stage.primary.trials,
    }));
  return { segments, canary: sum((stage) => stage.canary), primary: sum((stage) => stage.primary) };
}

function pointRatio(canary: EventCounts, primary: EventCounts): number | null {
  if (primary.events === 0 || canary.trials === 0) return null;
  return canary.events / canary.trials / (primary.events / primary.trials);
}

/** Same as compareCounts, naming what was counted in the summary (e.g. "errors"). */
export function compareCountsOf(subject: string, input: CountComparisonInput): CountComparison {
  checkParameters(input);
  const { segments, canary, primary } = pool([...(input.earlierStages ?? []), input]);
  const canaryTrials = canary.trials;
  if (segments.length === 0) {
    const summary = canary.trials === 0 ? 'no canary requests yet' : 'no primary requests to compare with';
    return { verdict: 'insufficient', ratio: null, lower: null, upper: null, eValue: 1, canaryTrials, summary };
  }
  const logE = logEvidence(segments, input.tolerance, 'above');
  const worse = logE >= Math.log(1 / input.alpha);
  // "Not worse" needs enough requests, evidence against the tolerance below half of the rejection
  // boundary (on the log scale, e < 1/sqrt(alpha)), and an observed ratio at most twice the
  // tolerance: a canary halfway to being proven worse, or one that plainly looks worse, holds for
  // more evidence instead of advancing. Holding never rolls back, so the false-rollback bound is
  // untouched; a healthy canary rarely gets there (P <= sqrt(alpha) by Ville's inequality).
  const looksWorse = primary.events > 0 ? canary.events * primary.trials > 2 * input.tolerance * primary.events * canary.trials : canary.events > 0;
  const suspicious = logE >= 0.5 * Math.log(1 / input.alpha) || looksWorse;
  const verdict: ComparisonVerdict = worse ? 'worse' : canaryTrials >= input.minTrials && !suspicious ? 'notWorse' : 'insufficient';
  const { lower, upper } = ratioBounds(segments, input.alpha);
  const ratio = pointRatio(canary, primary);
  const summary = describeComparison({
    subject,
    verdict,
    ratio,
    lower,
    upper,
    coverage: 1 - 2 * input.alpha,
    canaryEvents: canary.events,
    primaryEvents: primary.events,
    canaryTrials,
    minTrials: input.minTrials,
    tolerance: input.tolerance,
  });
  return { verdict, ratio, lower, upper, eValue: Math.exp(Math.min(logE, LOG_E_VALUE_CAP)), canaryTrials, summary };
}

export function compareCounts(input: CountComparisonInput): CountComparison {
  return compareCountsOf('errors', input);
}
