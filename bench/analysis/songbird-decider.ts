// Songbird's decider: compareCounts on errors and compareLatency on slow requests at every
// interval. Scopes:
// - 'stages': finished stages passed as earlierStages, the current stage counted from its start
//   (exact anytime validity across stages; what the rollout core should do),
// - 'pooled': one cumulative count since the rollout began (approximate when the split changes),
// - 'perStage': a fresh comparison per stage, alpha split over the stages (exact, weaker).
// alpha is split evenly over the two metrics in every scope.
// Latency is judged by compareLatency (core/statistics/latency-comparison.ts), the function
// core/check-evaluation.ts runs for a comparison check of metric latency; finished stages enter
// as their slow-request counts (core/slow-requests.ts), as the controller keeps them in status.
import { compareCounts, type CountComparison } from '../../controller/core/statistics/count-comparison.js';
import { compareLatency, type LatencyBucket } from '../../controller/core/statistics/latency-comparison.js';
import { slowRequestCounts } from '../../controller/core/slow-requests.js';
import { addInterval, emptyTotals, type DeciderKind, type Look, type Totals } from './decider.js';
import { BUCKET_BOUNDS_MS } from './traffic.js';

export interface SongbirdSettings {
  readonly scope: 'stages' | 'pooled' | 'perStage';
  readonly alpha: number;
  readonly stages: number;
  readonly errorTolerance: number;
  readonly latencyTolerance: number;
  readonly latencyThresholdMs: number;
  readonly minTrials: number;
}

interface StageTotals {
  readonly canary: Totals;
  readonly primary: Totals;
}

function cumulativeBuckets(buckets: readonly number[]): LatencyBucket[] {
  let running = 0;
  return buckets.map((count, index) => {
    running += count;
    return { le: BUCKET_BOUNDS_MS[index] ?? Infinity, count: running };
  });
}

function judge(settings: SongbirdSettings, stages: readonly StageTotals[]): CountComparison[] {
  const alpha = settings.alpha / 2 / (settings.scope === 'perStage' ? settings.stages : 1);
  const common = { alpha, minTrials: settings.minTrials };
  const current = stages.at(-1) as StageTotals;
  const earlier = stages.slice(0, -1);
  const errorCounts = (totals: Totals) => ({ events: totals.errors, trials: totals.requests });
  const errors = compareCounts({
    canary: errorCounts(current.canary),
    primary: errorCounts(current.primary),
    earlierStages: earlier.map((stage) => ({ canary: errorCounts(stage.canary), primary: errorCounts(stage.primary) })),
    tolerance: settings.errorTolerance,
    ...common,
  });
  const latency = judgeLatency(settings, stages, common);
  return [errors, latency];
}

function judgeLatency(settings: SongbirdSettings, stages: readonly StageTotals[], common: { alpha: number; minTrials: number }): CountComparison {
  const side = (totals: Totals) => ({ requests: totals.requests, buckets: cumulativeBuckets(totals.buckets) });
  const metric = 'bench latency';
  const current = stages.at(-1) as StageTotals;
  const earlierStages = stages.slice(0, -1).map((stage) => {
    const counted = slowRequestCounts(metric, settings.latencyThresholdMs, side(stage.canary), side(stage.primary));
    if (!counted.ok) throw new Error(counted.reason); // the simulated histograms always have every bucket
    return counted.counts;
  });
  const latency = compareLatency({ metric, thresholdMs: settings.latencyThresholdMs, canary: side(current.canary), primary: side(current.primary), earlierStages, tolerance: settings.latencyTolerance, ...common });
  if (!latency.ok) throw new Error(latency.reason);
  return latency.comparison;
}

export function songbirdDecider(name: string, settings: SongbirdSettings): DeciderKind {
  const start = () => {
    const empty = emptyTotals(BUCKET_BOUNDS_MS.length);
    let stages: StageTotals[] = [];
    return (look: Look) => {
      if (stages.length === 0 || (look.stageStarted && settings.scope !== 'pooled')) {
        stages = [...(settings.scope === 'stages' ? stages : []), { canary: empty, primary: empty }];
      }
      const current = stages.at(-1) as StageTotals;
      const updated = { canary: addInterval(current.canary, look.canary), primary: addInterval(current.primary, look.primary) };
      stages = [...stages.slice(0, -1), updated];
      const verdicts = judge(settings, stages);
      return {
        rollback: verdicts.some((comparison) => comparison.verdict === 'worse'),
        countsTowardStage: true,
        mayAdvance: verdicts.every((comparison) => comparison.verdict === 'notWorse'),
      };
    };
  };
  return { name, start };
}
