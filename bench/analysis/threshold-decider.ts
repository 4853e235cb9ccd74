// Flagger-style decider: each interval, the canary's success rate must be at least a limit and
// its p99 latency (histogram_quantile over the interval) at most a limit; a failed check holds
// the stage and is counted, and the canary is rolled back at `threshold` failed checks.
import { type DeciderKind, type Look } from './decider.js';
import { histogramQuantile } from './traffic.js';

export interface ThresholdSettings {
  readonly minSuccessRate: number; // e.g. 0.99
  readonly maxP99Ms: number; // e.g. 500
  readonly threshold: number; // Flagger's analysis.threshold, default 5
}

function checkPasses(settings: ThresholdSettings, look: Look): boolean {
  const { requests, errors, buckets } = look.canary;
  if (requests === 0) return false; // Flagger: "no values found" fails the check
  const p99 = histogramQuantile(buckets, 0.99);
  return 1 - errors / requests >= settings.minSuccessRate && p99 !== null && p99 <= settings.maxP99Ms;
}

export function thresholdDecider(name: string, settings: ThresholdSettings): DeciderKind {
  const start = () => {
    let failures = 0;
    return (look: Look) => {
      const passed = checkPasses(settings, look);
      if (!passed) failures += 1;
      return { rollback: failures >= settings.threshold, countsTowardStage: passed, mayAdvance: true };
    };
  };
  return { name, start };
}
