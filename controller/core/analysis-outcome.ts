import type { CheckResult, ComparisonHistory } from '../schema/canary-status.js';
import type { Action } from './actions.js';
import { setCondition } from './conditions.js';
import type { JudgeableMeasurement, Measurement } from './observations.js';
import { judgeable } from './signal-readings.js';
import { rolloutId } from './rollout-id.js';
import type { Context } from './transition.js';

/** A check that could not be measured is a condition and a warning Event, besides a failed check. */
export function analysisCondition(ctx: Context, results: CheckResult[]) {
  const broken = results.filter((r) => r.outcome === 'error');
  const condition = broken.length > 0
    ? { type: 'ChecksMeasurable', status: 'False' as const, reason: 'CheckUnmeasurable', message: broken.map((r) => r.message).join('; ') }
    : { type: 'ChecksMeasurable', status: 'True' as const, reason: 'ChecksMeasured', message: 'every check could be measured' };
  return setCondition(ctx.status.conditions, condition, ctx.observations.generation, ctx.nowIso);
}

export function unmeasurableEvents(ctx: Context, results: CheckResult[]): Action[] {
  return results
    .filter((r) => r.outcome === 'error')
    .map((r) => ({ type: 'recordEvent', id: `${rolloutId(ctx.status)}:unmeasurable:${r.name}:${ctx.status.lastAnalysisAt ?? 'first'}`, eventType: 'Warning', reason: 'CheckUnmeasurable', message: r.message }));
}

/** The finished stage's own counts join each comparison's history; the next stage counts from its start. */
export function closeStage(history: ComparisonHistory[], measurements: Measurement[]): ComparisonHistory[] {
  const counted = measurements.map(judgeable).filter((m): m is Extract<JudgeableMeasurement, { kind: 'counts' }> => m.kind === 'counts');
  return counted.map((m) => ({ check: m.check, stages: [...(history.find((h) => h.check === m.check)?.stages ?? []), m.counts] }));
}
