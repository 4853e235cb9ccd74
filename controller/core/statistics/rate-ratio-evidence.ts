// Anytime-valid evidence about the ratio r = canary event rate / primary event rate.
//
// Method (after Lindon, Sanden & Shirikian, "Rapid Regression Detection in Software
// Deployments through Sequential Testing", KDD 2022, arXiv:2205.14762, and Lindon & Malek,
// "Anytime-valid inference for multinomial count data", NeurIPS 2022): model canary and
// primary events as Poisson processes whose intensities are proportional to their request
// counts (exposures Nc and Np). Conditional on the total n of events so far, every event is
// independently a canary event with probability
//     p(r) = r·ρ / (r·ρ + 1),   ρ = Nc / Np,
// so k canary events among n is Binomial(n, p(r)).
//
// For a null value r0 and an alternative r0·c, the likelihood ratio of the event labels is
//     LR_c(r0) = c^k · ((r0·ρ + 1) / (c·r0·ρ + 1))^n.
// With c > 1 it is a nonnegative supermartingale under every r ≤ r0 (a test martingale at
// r = r0), so it measures evidence that r > r0; with c < 1, evidence that r < r0. We mix it
// over a fixed one-sided grid of c with fixed weights (a discrete mixture SPRT): a mixture of
// supermartingales is a supermartingale, so Ville's inequality bounds the probability that the
// mixture EVER reaches 1/alpha by alpha, however often it is looked at. The grid is one-sided
// on purpose: a two-sided mixture would grow under a canary much BETTER than the primary.
//
// Segments: when the canary's share of traffic changes (a new rollout stage), ρ changes and
// pooled counts are no longer exactly binomial. The counts then come as segments, one per
// stretch with a constant split, and each component's likelihood ratio is the PRODUCT over
// segments (still a supermartingale under the null, since each segment continues the
// sequence of event labels), mixed over the grid as before: exact for any number of stages.
//
// Everything is in logs, so counts up to 1e9 and beyond neither overflow nor lose precision.

// Math's functions taken once: inside jest's vm sandbox every `Math.x` lookup in a hot loop goes
// through the sandbox's global interceptor and costs ~15× more.
const { exp, expm1, log, log1p } = Math;

export type EvidenceDirection = 'above' | 'below';

/** Counts over a stretch of the comparison during which the traffic split was constant. */
export interface RatioCounts {
  readonly canaryEvents: number;
  readonly primaryEvents: number;
  /** ρ = canary trials / primary trials, > 0 and finite. */
  readonly exposureRatio: number;
}

/**
 * The mixture grid, in |log c|: geometric from 4 (c ≈ 55×) down by factors of 1.5 to ~0.0006
 * (c ≈ 1.0006×, which huge traffic can resolve). 80 % of the weight sits on the eight points
 * at or above 0.2 (c >= 1.22×, the regressions worth catching within a few looks), 20 % on the
 * fifteen finer ones. Fixed in advance, as validity requires; never tuned on the data.
 */
const GRID_TOP = 4;
const GRID_FACTOR = 1.5;
const COARSE_POINTS = 8;
const FINE_POINTS = 15;
const COARSE_SHARE = 0.8;

interface GridPoint {
  readonly logOffset: number;
  /** e^logOffset - 1, precomputed: the evidence is evaluated thousands of times per look. */
  readonly offsetMinusOne: number;
  readonly logWeight: number;
}

function buildGrid(direction: EvidenceDirection): readonly GridPoint[] {
  const sign = direction === 'above' ? 1 : -1;
  const points = Array.from({ length: COARSE_POINTS + FINE_POINTS }, (_, index) => {
    const logOffset = (sign * GRID_TOP) / GRID_FACTOR ** index;
    const coarse = index < COARSE_POINTS;
    const logWeight = log(coarse ? COARSE_SHARE / COARSE_POINTS : (1 - COARSE_SHARE) / FINE_POINTS);
    return Object.freeze({ logOffset, offsetMinusOne: expm1(logOffset), logWeight });
  });
  return Object.freeze(points);
}

/** Immutable constants, built once. */
const GRIDS: Readonly<Record<EvidenceDirection, readonly GridPoint[]>> = Object.freeze({
  above: buildGrid('above'),
  below: buildGrid('below'),
});

export function mixtureGrid(direction: EvidenceDirection): readonly GridPoint[] {
  return GRIDS[direction];
}

/** Log likelihood ratio of one grid component: alternative r0·e^logOffset against r0. */
export function componentLogRatio(segments: readonly RatioCounts[], nullRatio: number, logOffset: number): number {
  return segments.reduce((sum, segment) => {
    const n = segment.canaryEvents + segment.primaryEvents;
    const x = nullRatio * segment.exposureRatio;
    return sum + segment.canaryEvents * logOffset - n * log1p((expm1(logOffset) * x) / (x + 1));
  }, 0);
}

/** log of the weighted mixture of grid components, by a one-pass log-sum-exp. */
export function logEvidence(segments: readonly RatioCounts[], nullRatio: number, direction: EvidenceDirection): number {
  let [largest, scaledSum] = [-Infinity, 0];
  for (const point of GRIDS[direction]) {
    let term = point.logWeight;
    for (const segment of segments) {
      const x = nullRatio * segment.exposureRatio;
      const n = segment.canaryEvents + segment.primaryEvents;
      term += segment.canaryEvents * point.logOffset - n * log1p((point.offsetMinusOne * x) / (x + 1));
    }
    if (term > largest) {
      scaledSum = scaledSum * exp(largest - term) + 1;
      largest = term;
    } else {
      scaledSum += exp(term - largest);
    }
  }
  return largest + log(scaledSum);
}
