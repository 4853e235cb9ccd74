// Anytime-valid confidence bounds on the rate ratio, by inverting the mixture tests of
// rate-ratio-evidence.ts. Each bound is one-sided at level alpha and holds simultaneously at
// every look (a confidence sequence); together [lower, upper] cover with probability
// >= 1 - 2·alpha. Because the 'above' evidence falls as the null ratio grows (and the 'below'
// evidence rises), each bound is a single crossing, found by regula falsi on log r.
import { logEvidence, type RatioCounts } from './rate-ratio-evidence.js';

const { abs, exp, log, max, min } = Math; // hot loop; see rate-ratio-evidence.ts

/** Bounds are searched within [1e-6, 1e6]; a crossing outside is reported at the edge. */
const LOG_RATIO_LIMIT = log(1e6);
const BRACKET_WIDTH = 1e-4; // in log r
const MAX_STEPS = 80;

export interface RatioBounds {
  readonly lower: number;
  /** null when the data cannot rule out any ratio up to 1e6 (e.g. no primary events yet). */
  readonly upper: number | null;
}

export function ratioBounds(segments: readonly RatioCounts[], alpha: number): RatioBounds {
  const logThreshold = log(1 / alpha);
  // Positive where the null ratio e^logRatio is rejected; monotone in logRatio.
  const belowMargin = (logRatio: number): number => logEvidence(segments, exp(logRatio), 'above') - logThreshold;
  const aboveMargin = (logRatio: number): number => logEvidence(segments, exp(logRatio), 'below') - logThreshold;
  return { lower: lowerBound(belowMargin), upper: upperBound(aboveMargin) };
}

/** Smallest ratio not rejected by the 'above' test (0 when nothing is rejected). */
function lowerBound(margin: (logRatio: number) => number): number {
  const [atLow, atHigh] = [margin(-LOG_RATIO_LIMIT), margin(LOG_RATIO_LIMIT)];
  if (atLow < 0) return 0;
  if (atHigh >= 0) return exp(LOG_RATIO_LIMIT);
  return exp(crossing(margin, [-LOG_RATIO_LIMIT, atLow], [LOG_RATIO_LIMIT, atHigh]));
}

/** Largest ratio not rejected by the 'below' test (null when nothing is rejected). */
function upperBound(margin: (logRatio: number) => number): number | null {
  const [atLow, atHigh] = [margin(-LOG_RATIO_LIMIT), margin(LOG_RATIO_LIMIT)];
  if (atHigh < 0) return null;
  if (atLow >= 0) return exp(-LOG_RATIO_LIMIT);
  return exp(crossing(margin, [LOG_RATIO_LIMIT, atHigh], [-LOG_RATIO_LIMIT, atLow]));
}

/** Margins are clipped so that astronomically large evidence far away cannot stall the secant. */
const MARGIN_CLIP = 20;
const clip = (value: number): number => max(-MARGIN_CLIP, min(MARGIN_CLIP, value));

/**
 * Root of a monotone margin between a rejected end (margin >= 0) and a kept end (margin < 0),
 * by the Illinois variant of regula falsi. Returns the REJECTED end of the final bracket (at
 * most BRACKET_WIDTH from the root), so that the reported bound is never tighter than the test.
 */
function crossing(margin: (x: number) => number, rejectedEnd: [number, number], keptEnd: [number, number]): number {
  let [rejected, atRejected] = [rejectedEnd[0], clip(rejectedEnd[1])];
  let [kept, atKept] = [keptEnd[0], clip(keptEnd[1])];
  let lastMoved: 'rejected' | 'kept' | null = null;
  for (let step = 0; step < MAX_STEPS && abs(kept - rejected) > BRACKET_WIDTH; step += 1) {
    const secant = rejected - (atRejected * (kept - rejected)) / (atKept - atRejected);
    const inside = (secant - rejected) * (secant - kept) < 0;
    const probe = inside ? secant : (rejected + kept) / 2;
    const atProbe = clip(margin(probe));
    if (atProbe >= 0) {
      [rejected, atRejected] = [probe, atProbe];
      if (lastMoved === 'rejected') atKept /= 2;
      lastMoved = 'rejected';
    } else {
      [kept, atKept] = [probe, atProbe];
      if (lastMoved === 'kept') atRejected /= 2;
      lastMoved = 'kept';
    }
  }
  return rejected;
}
