// "Is the canary worse than the primary?" for event counts (errors, slow requests), asked at
// every analysis look with CUMULATIVE counts since a fixed start. See rate-ratio-evidence.ts
// for the test and its citation.
//
// Verdicts:
// - 'worse': the e-value against H0 "canary rate <= tolerance × primary rate" reached 1/alpha.
//   Over the whole comparison, however many looks, a canary within tolerance gets this with
//   probability <= alpha. Final: the caller should act on it (roll back), not wait for more.
// - 'notWorse': at least minTrials canary requests and no such evidence. This is "no
//   regression detected", not proof of equality; `upper` says how much worse it could still be.
// - 'insufficient': fewer than minTrials canary requests (or nothing to compare with). Holds.
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
  /** Canary requests needed before 'notWorse' may be answered. */
  minTrials: number;
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

function pointRatio(canary: EventCounts, primary: EventCounts): number | null {
  if (primary.events === 0 || canary.trials === 0) return null;
  return canary.events / canary.trials / (primary.events / primary.trials);
}

/** Same as compareCounts, naming what was counted in the summary (e.g. "errors"). */
export function compareCountsOf(subject: string, input: CountComparisonInput): CountComparison {
  checkParameters(input);
  const canary = wholeCounts(input.canary);
  const primary = wholeCounts(input.primary);
  const base = { subject, canaryTrials: canary.trials, canaryEvents: canary.events, primaryEvents: primary.events };
  const wording = { ...base, coverage: 1 - 2 * input.alpha, minTrials: input.minTrials, tolerance: input.tolerance };
  if (canary.trials === 0 || primary.trials === 0) {
    const summary = canary.trials === 0 ? 'no canary requests yet' : 'no primary requests to compare with';
    return { verdict: 'insufficient', ratio: null, lower: null, upper: null, eValue: 1, canaryTrials: canary.trials, summary };
  }
  const counts: RatioCounts = {
    canaryEvents: canary.events,
    primaryEvents: primary.events,
    exposureRatio: canary.trials / primary.trials,
  };
  const logE = logEvidence(counts, input.tolerance, 'above');
  const worse = logE >= Math.log(1 / input.alpha);
  const verdict: ComparisonVerdict = worse ? 'worse' : canary.trials >= input.minTrials ? 'notWorse' : 'insufficient';
  const { lower, upper } = ratioBounds(counts, input.alpha);
  const ratio = pointRatio(canary, primary);
  const summary = describeComparison({ ...wording, verdict, ratio, lower, upper });
  const eValue = Math.exp(Math.min(logE, LOG_E_VALUE_CAP));
  return { verdict, ratio, lower, upper, eValue, canaryTrials: canary.trials, summary };
}

export function compareCounts(input: CountComparisonInput): CountComparison {
  return compareCountsOf('errors', input);
}
