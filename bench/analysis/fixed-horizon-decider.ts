// A classical fixed-sample test re-checked at every interval: one-sided pooled two-proportion
// z-tests (canary rate > primary rate) on errors and on requests slower than a latency bound,
// over counts cumulative since the rollout began, each at alpha/2. Valid for ONE look only.
import { addInterval, emptyTotals, slowerThan, type DeciderKind, type Look } from './decider.js';
import { BUCKET_BOUNDS_MS } from './traffic.js';

export interface FixedHorizonSettings {
  readonly criticalZ: number; // e.g. 2.576 for one-sided 0.005
  readonly latencyThresholdMs: number;
}

export function proportionZ(canaryEvents: number, canaryTrials: number, primaryEvents: number, primaryTrials: number): number {
  if (canaryTrials === 0 || primaryTrials === 0) return 0;
  const pooled = (canaryEvents + primaryEvents) / (canaryTrials + primaryTrials);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / canaryTrials + 1 / primaryTrials));
  return spread === 0 ? 0 : (canaryEvents / canaryTrials - primaryEvents / primaryTrials) / spread;
}

export function fixedHorizonDecider(name: string, settings: FixedHorizonSettings): DeciderKind {
  const start = () => {
    let [canary, primary] = [emptyTotals(BUCKET_BOUNDS_MS.length), emptyTotals(BUCKET_BOUNDS_MS.length)];
    return (look: Look) => {
      canary = addInterval(canary, look.canary);
      primary = addInterval(primary, look.primary);
      const slow = (buckets: readonly number[]) => slowerThan(buckets, BUCKET_BOUNDS_MS, settings.latencyThresholdMs);
      const errorsZ = proportionZ(canary.errors, canary.requests, primary.errors, primary.requests);
      const latencyZ = proportionZ(slow(canary.buckets), canary.requests, slow(primary.buckets), primary.requests);
      const rollback = errorsZ > settings.criticalZ || latencyZ > settings.criticalZ;
      return { rollback, countsTowardStage: true, mayAdvance: true };
    };
  };
  return { name, start };
}
