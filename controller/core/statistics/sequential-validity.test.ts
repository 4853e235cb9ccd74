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
  readonly stage: number;
  readonly canaryRequests: number;
  readonly primaryRequests: number;
}

interface Counts {
  events: number;
  trials: number;
}

/** Per-stage cumulative counts, current stage last. */
type Stages = { canary: Counts; primary: Counts }[];

/** Runs `runs` canaries through `looks`; `isWorse` judges the counts so far at each look. */
function everWorseFraction(
  runs: number,
  looks: readonly Look[],
  rates: { canary: number; primary: number },
  isWorse: (stages: Stages) => boolean,
): number {
  let alarms = 0;
  for (let run = 0; run < runs; run += 1) {
    const uniform = seededUniform(7919 * run + 17);
    const stages: Stages = [];
    for (const look of looks) {
      stages[look.stage] ??= { canary: { events: 0, trials: 0 }, primary: { events: 0, trials: 0 } };
      const { canary, primary } = stages[look.stage] as Stages[number];
      canary.trials += look.canaryRequests;
      canary.events += binomial(uniform, look.canaryRequests, rates.canary);
      primary.trials += look.primaryRequests;
      primary.events += binomial(uniform, look.primaryRequests, rates.primary);
      if (isWorse(stages)) {
        alarms += 1;
        break;
      }
    }
  }
  return alarms / runs;
}

const slack = (alpha: number, runs: number) => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / runs);
const steady = (looks: number, canaryRequests: number, primaryRequests: number, stage = 0): Look[] =>
  Array.from({ length: looks }, () => ({ stage, canaryRequests, primaryRequests }));
/** Internal stage at 2 req/s, then 5 %, 25 % and 50 % of 200 req/s, five 30 s looks each. */
const staged: Look[] = [
  ...steady(5, 60, 6000, 0),
  ...steady(5, 300, 5700, 1),
  ...steady(5, 1500, 4500, 2),
  ...steady(5, 3000, 3000, 3),
];

const compare = (stages: Stages, alpha: number) =>
  compareCounts({
    ...(stages.at(-1) as Stages[number]),
    earlierStages: stages.slice(0, -1),
    tolerance: 1.2,
    alpha,
    minTrials: 500,
  });

describe('compareCounts over a whole rollout', () => {
  it('calls at most alpha of healthy canaries worse when they are looked at 20 times', () => {
    const [runs, alpha] = [600, 0.01];
    const rates = { canary: 0.01, primary: 0.01 };
    const fraction = everWorseFraction(runs, steady(20, 600, 6000), rates, (stages) => compare(stages, alpha).verdict === 'worse');
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });

  it('stays within alpha when the canary is exactly tolerance× worse and the split changes by stage', () => {
    const [runs, alpha] = [600, 0.05];
    const rates = { canary: 0.012, primary: 0.01 };
    const fraction = everWorseFraction(runs, staged, rates, (stages) => compare(stages, alpha).verdict === 'worse');
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });
});

describe('the worse decision at the edge of the tolerance', () => {
  /** The e-value compareCounts decides with, on all stages pooled into ONE segment (fast). */
  const worseAt = (alpha: number, tolerance: number) => (stages: Stages) => {
    const total = (pick: (stage: Stages[number]) => number) => stages.reduce((sum, stage) => sum + pick(stage), 0);
    const canaryTrials = total((stage) => stage.canary.trials);
    const pooled = {
      canaryEvents: total((stage) => stage.canary.events),
      primaryEvents: total((stage) => stage.primary.events),
      exposureRatio: canaryTrials / total((stage) => stage.primary.trials),
    };
    return canaryTrials > 0 && logEvidence([pooled], tolerance, 'above') >= Math.log(1 / alpha);
  };

  it('stays within alpha when the canary is exactly tolerance× worse and looked at 40 times', () => {
    const [runs, alpha] = [2000, 0.05];
    const fraction = everWorseFraction(runs, steady(40, 600, 6000), { canary: 0.012, primary: 0.01 }, worseAt(alpha, 1.2));
    expect(fraction).toBeLessThanOrEqual(slack(alpha, runs));
  });

  it('stays within alpha even when stages are pooled into one segment (approximate, not guaranteed)', () => {
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
