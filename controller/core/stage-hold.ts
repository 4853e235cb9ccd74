import type { CheckResult } from '../schema/canary-status.js';
import { grouped } from './statistics/comparison-summary.js';
import type { Context } from './transition.js';

/**
 * Why a stage holds. "No traffic" is said only when the canary served no request in the stage;
 * a check that returned no data although requests were served is named with what returned
 * nothing (its message), so a misspelt metric is not blamed on traffic.
 */
export function holdReason(ctx: Context, results: CheckResult[]): { why: string; cause: 'traffic' | 'noData' | 'other' } {
  const stage = ctx.stages[ctx.status.stageIndex ?? 0]!;
  const { analysis } = ctx.observations;
  const requests = analysis && !analysis.stageRequestsError ? analysis.canaryRequestsInStage : undefined;
  if (!ctx.observations.target.available) return { why: `the canary Deployment ${ctx.spec.targetRef.name} is not available`, cause: 'other' };
  const empty = results.filter((r) => r.outcome === 'noData');
  if (empty.length > 0) {
    if (requests !== undefined && requests < 1) return { why: 'no traffic reached the canary', cause: 'traffic' };
    const served = requests !== undefined ? ` (the canary served ${grouped(requests)} request${Math.round(requests) === 1 ? '' : 's'} in this stage)` : '';
    const perInterval = empty.every((r) => r.type === 'successRate' || r.type === 'latency'); // none in the last interval
    return { why: `${empty.map((r) => r.message).join('; ')}${served}`, cause: perInterval ? 'traffic' : 'noData' };
  }
  if (results.some((r) => r.outcome === 'insufficient')) return { why: 'not enough traffic to judge', cause: 'traffic' };
  if (analysis?.stageRequestsError) return { why: `the canary's requests could not be counted: ${analysis.stageRequestsError}`, cause: 'other' };
  if (requests !== undefined && requests < stage.minRequests) {
    const why = requests < 1 ? 'no traffic reached the canary' : 'not enough traffic yet';
    return { why: `${why}: ${grouped(requests)} of ${stage.minRequests} requests`, cause: 'traffic' };
  }
  const failing = results.find((r) => r.outcome !== 'pass');
  if (failing) return { why: failing.message, cause: 'other' };
  return { why: analysis ? `stage lasts at least ${Math.round(stage.minDurationMs / 1000)}s` : 'waiting for the next analysis', cause: 'other' };
}
