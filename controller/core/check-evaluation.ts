import type { Check } from '../schema/checks.js';
import type { CheckOutcome, CheckResult } from '../schema/canary-status.js';
import type { CountPair, Measurement } from './observations.js';
import { compareCountsOf, type CountComparison } from './statistics/count-comparison.js';
import { compareLatency } from './statistics/latency-comparison.js';
import { judgeable } from './signal-readings.js';
import { kindOf } from './measurement/check-kinds.js';

/**
 * Judges one check's measurement against its limit. Unmeasurable is never a pass. The result
 * carries the limit as numbers (`bounds`, check-kinds.ts), a comparison's anytime-valid band of
 * the canary-to-primary ratio (`band`, count-comparison.ts lower/upper, when both are finite) and
 * the Sentry issue behind a value (`link`, the top issue's http(s) permalink).
 */
export function evaluateCheck(check: Check, answer: Measurement | undefined, measuredAt: string, earlierStages: CountPair[] = []): CheckResult {
  const limit = limitOf(check);
  const bounds = kindOf(check).bounds(check);
  const base = { name: check.name, type: check.type, limit, measuredAt, ...(Object.keys(bounds).length > 0 ? { bounds } : {}) };
  if (!answer) return { ...base, outcome: 'error', value: null, message: `${check.name}: no measurement was taken` };
  const measurement = judgeable(answer);
  if (measurement.kind === 'noData') return { ...base, outcome: 'noData', value: null, message: `${check.name}: ${measurement.reason}` };
  if (measurement.kind === 'error') return { ...base, outcome: 'error', value: null, message: `${check.name} could not be measured: ${measurement.reason}` };
  if (measurement.kind === 'counts') return { ...base, ...judgeCounts(check, answer, measurement.counts, measurement.unit, earlierStages) };
  if (Number.isNaN(measurement.value)) {
    return { ...base, outcome: 'error', value: null, message: `${check.name} could not be measured: the query returned NaN` };
  }
  // ±Inf is a value a limit can judge (Prometheus answers it, e.g. for x/0); status keeps null, as JSON has no infinity.
  const outcome: CheckOutcome = withinLimit(check, measurement.value) ? 'pass' : 'fail';
  const detail = measurement.detail ? ` ${measurement.detail}` : '';
  const message = `${check.name}: ${formatValue(check, measurement.value)} (limit ${limit})${detail}`;
  const permalink = measurement.topIssue?.permalink;
  const link = permalink && /^https?:\/\//.test(permalink) ? { link: permalink } : {};
  return { ...base, outcome, value: Number.isFinite(measurement.value) ? measurement.value : null, message, ...link };
}

const withinLimit = (check: Check, value: number): boolean => kindOf(check).within(check, value);
const formatValue = (check: Check, value: number): string => kindOf(check).format(check, value);

/** A check's limit as status, Events and Slack show it (e.g. `≥ 99 %`, `p99 ≤ 500 ms`). */
export const limitOf = (check: Check): string => kindOf(check).limit(check);

function judgeCounts(check: Check, answer: Measurement, counts: CountPair, unit: string, earlierStages: CountPair[]): Pick<CheckResult, 'outcome' | 'value' | 'message' | 'band'> {
  if (check.type === 'comparison') {
    const settings = { earlierStages, tolerance: check.tolerance, alpha: check.alpha, minTrials: check.minRequests };
    if (answer.kind !== 'histograms') return judged(check.name, compareCountsOf(unit, { ...counts, ...settings }));
    // Latency: the one comparison bench-analysis measures (core/statistics/latency-comparison.ts).
    const latency = compareLatency({ metric: answer.metric, thresholdMs: answer.thresholdMs, canary: answer.canary, primary: answer.primary, ...settings });
    if (!latency.ok) return { outcome: 'error', value: null, message: `${check.name} could not be measured: ${latency.reason}` };
    return judged(check.name, latency.comparison);
  }
  if (check.type === 'sentryErrorRate') return judgeSentryErrorRate(check, counts, unit);
  return { outcome: 'error', value: null, message: `${check.name}: counts cannot judge a ${check.type} check` };
}

function judged(name: string, result: CountComparison): Pick<CheckResult, 'outcome' | 'value' | 'message' | 'band'> {
  const outcome: CheckOutcome = result.verdict === 'worse' ? 'fail' : result.verdict === 'notWorse' ? 'pass' : 'insufficient';
  const { lower, upper } = result;
  // JSON holds no infinity: a band open at one end (too little data) is left out rather than clipped.
  const band = lower !== null && upper !== null && Number.isFinite(lower) && Number.isFinite(upper) ? { band: { lower, upper } } : {};
  return { outcome, value: result.ratio, message: `${name}: ${result.summary}`, ...band };
}

function judgeSentryErrorRate(check: Extract<Check, { type: 'sentryErrorRate' }>, counts: CountPair, unit: string) {
  const { canary, primary } = counts;
  if (canary.trials < check.minRequests) {
    return { outcome: 'insufficient' as const, value: null, message: `${check.name}: ${Math.round(canary.trials)} of ${check.minRequests} canary requests needed to judge` };
  }
  const canaryRate = canary.events / canary.trials;
  const primaryRate = primary.trials > 0 ? primary.events / primary.trials : 0;
  // With no primary errors at all, any canary error is infinitely worse; report it as the canary's count instead.
  const ratio = primaryRate > 0 ? canaryRate / primaryRate : canary.events > 0 ? Number.POSITIVE_INFINITY : 0;
  const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : `${canary.events} vs none`;
  const message = `${check.name}: canary ${unit} per request ${shown} the primary's (limit ≤ ${check.maxRatio}×; ${canary.events} events in ${Math.round(canary.trials)} requests)`;
  return { outcome: (ratio <= check.maxRatio ? 'pass' : 'fail') as CheckOutcome, value: Number.isFinite(ratio) ? ratio : null, message };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}
