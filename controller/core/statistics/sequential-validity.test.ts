// Property tests of the guarantee itself: simulated canaries that are NOT worse than tolerated
// are looked at many times with cumulative counts; the fraction EVER called worse must stay at
// most alpha (plus three standard errors of sampling slack). Seeded, so deterministic.
import { compareCounts } from './count-comparison.js';
import { logEvidence } from './rate-ratio-evidence.js';

const { floor, imul, log, log1p } = Math; // see rate-ratio-evidence.ts: Math lookups are slow under jest

function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = imul(state ^ (state >>> 15), state | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Binomial draw by geometric skips between successes. */
function binomial(uniform: () => number, trials: number, p: number): number {
  const logFailure = log1p(-p);
  let [count, position] = [0, floor(log(uniform()) / logFailure) + 1];
  while (position <= trials) {
    count += 1;
    position += floor(log(uniform()) / logFailure) + 1;
  }
  return count;
}

interface Look {
  readonly canaryRequests: number;
  readonly primaryRequests: number;
}

/** Runs `runs` canaries through `looks`; `isWorse` judges cumulative counts at each look. */
function everWorseFraction(
  runs: number,
  looks: readonly Look[],
  rates: { canary: number; primary: number },
  isWorse: (c: { events: number; trials: number }, p: { events: number; trials: number }) => boolean,
): number {
  let alarms = 0;
  for (let run = 0; run < runs; run += 1) {
    const uniform = seededUniform(7919 * run + 17);
    const [canary, primary] = [{ events: 0, trials: 0 }, { events: 0, trials: 0 }];
    for (const look of looks) {
      canary.trials += look.canaryRequests;
      canary.events += binomial(uniform, look.canaryRequests, rates.canary);
      primary.trials += look.primaryRequests;
      primary.events += binomial(uniform, look.primaryRequests, rates.primary);
      if (isWorse(canary, primary)) {
        alarms += 1;
        break;
      }
    }
  }
  return alarms / runs;
}

const slack = (alpha: number, runs: number) => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / runs);
const steady = (looks: number, canaryRequests: number, primaryRequests: number): Look[] =>
  Array.from({ length: looks }, () => ({ canaryRequests, primaryRequests }));
/** Internal stage, then 5 %, 25 % and 50 % of 200 req/s, five 30 s looks each. */
const staged: Look[] = [
  ...steady(5, 60, 6000),
  ...steady(5, 300, 5700),
  ...steady(5, 1500, 4500),
  ...steady(5, 3000, 3000),
];

describe('compareCounts over a whole rollout', () => {
  it('calls at most alpha of healthy canaries worse when they are looked at 20 times', () => {
    const [runs, alpha] = [1000, 0.01];
    const fraction = everWorseFraction(runs, steady(20, 600, 6000), { canary: 0.01, primary: 0.01 }, (canary, primary) =>
      compareCounts({ canary, primary, tolerance: 1.2, alpha, minTrials: 500 }).verdict === 'worse');
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });
});

describe('the worse decision at the edge of the tolerance', () => {
  const worseAt = (alpha: number, tolerance: number) => (canary: { events: number; trials: number }, primary: { events: number; trials: number }) =>
    canary.trials > 0 &&
    logEvidence({ canaryEvents: canary.events, primaryEvents: primary.events, exposureRatio: canary.trials / primary.trials }, tolerance, 'above') >=
      Math.log(1 / alpha);

  it('stays within alpha when the canary is exactly tolerance× worse and looked at 40 times', () => {
    const [runs, alpha] = [2000, 0.05];
    const fraction = everWorseFraction(runs, steady(40, 600, 6000), { canary: 0.012, primary: 0.01 }, worseAt(alpha, 1.2));
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });

  it('stays within alpha when the canary share of traffic changes between stages', () => {
    const [runs, alpha] = [2000, 0.05];
    const fraction = everWorseFraction(runs, staged, { canary: 0.012, primary: 0.01 }, worseAt(alpha, 1.2));
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });

  it('stays within alpha when error rates are high, far from the Poisson limit', () => {
    const [runs, alpha] = [2000, 0.05];
    const fraction = everWorseFraction(runs, steady(20, 200, 400), { canary: 0.36, primary: 0.3 }, worseAt(alpha, 1.2));
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });
});
