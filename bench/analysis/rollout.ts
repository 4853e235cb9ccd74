// One simulated rollout: an internal stage at the internal request rate, then weighted
// customer steps, each held for a minimum number of intervals; the decider may roll back at
// any interval. Interval i of rollout `seed` always draws from the same random stream, so the
// deciders run on the same traffic for as long as their paths agree (common random numbers).
import type { DeciderKind } from './decider.js';
import { createRandom } from './random.js';
import { bucketProbabilities, sampleInterval, type Workload } from './traffic.js';

export interface RolloutPlan {
  readonly intervalSeconds: number;
  readonly customerRps: number;
  /** Canary share of customer traffic per stage; 0 is the internal stage. */
  readonly customerWeights: readonly number[];
  readonly minIntervalsPerStage: number;
  readonly maxIntervals: number;
}

export interface Scenario {
  readonly internalRps: number;
  readonly canary: Omit<Workload, 'requestsPerSecond'>;
  readonly primary: Omit<Workload, 'requestsPerSecond'>;
}

export type RolloutEnd = 'rolledBack' | 'promoted' | 'undecided';

export interface RolloutResult {
  readonly end: RolloutEnd;
  readonly intervals: number;
  /** Customer (not internal) requests served by the canary before the rollout ended. */
  readonly customerRequestsToCanary: number;
}

interface StageTraffic {
  readonly canary: Workload;
  readonly primary: Workload;
  readonly customerShareOfCanary: number;
}

function stageTraffic(plan: RolloutPlan, scenario: Scenario, weight: number): StageTraffic {
  const customerToCanary = plan.customerRps * weight;
  const canaryRps = scenario.internalRps + customerToCanary;
  return {
    canary: { ...scenario.canary, requestsPerSecond: canaryRps },
    primary: { ...scenario.primary, requestsPerSecond: plan.customerRps - customerToCanary },
    customerShareOfCanary: canaryRps === 0 ? 0 : customerToCanary / canaryRps,
  };
}

export function runRollout(seed: number, plan: RolloutPlan, scenario: Scenario, kind: DeciderKind): RolloutResult {
  const decide = kind.start();
  const [canaryBuckets, primaryBuckets] = [bucketProbabilities(scenario.canary), bucketProbabilities(scenario.primary)];
  let [stage, inStage, customerRequests] = [0, 0, 0];
  let stageStarted = true;
  for (let interval = 1; interval <= plan.maxIntervals; interval += 1) {
    const traffic = stageTraffic(plan, scenario, plan.customerWeights[stage] ?? 0);
    const canary = sampleInterval(createRandom(seed, 2 * interval), traffic.canary, canaryBuckets, plan.intervalSeconds);
    const primary = sampleInterval(createRandom(seed, 2 * interval + 1), traffic.primary, primaryBuckets, plan.intervalSeconds);
    customerRequests += canary.requests * traffic.customerShareOfCanary;
    const outcome = decide({ canary, primary, stageStarted });
    if (outcome.rollback) return { end: 'rolledBack', intervals: interval, customerRequestsToCanary: customerRequests };
    if (outcome.countsTowardStage) inStage += 1;
    stageStarted = inStage >= plan.minIntervalsPerStage && outcome.mayAdvance;
    if (stageStarted) [stage, inStage] = [stage + 1, 0];
    if (stage >= plan.customerWeights.length) return { end: 'promoted', intervals: interval, customerRequestsToCanary: customerRequests };
  }
  return { end: 'undecided', intervals: plan.maxIntervals, customerRequestsToCanary: customerRequests };
}
