import type { Check } from '../schema/checks.js';
import type { CheckOutcome, CheckResult } from '../schema/canary-status.js';
import type { CountPair, Measurement } from './observations.js';
import { compareCountsOf, type CountComparison } from './statistics/count-comparison.js';
import { compareLatency } from './statistics/latency-comparison.js';
import { judgeable } from './signal-readings.js';

/** Judges one check's measurement against its limit. Unmeasurable is never a pass. */
export function evaluateCheck(check: Check, answer: Measurement | undefined, measuredAt: string, earlierStages: CountPair[] = []): CheckResult {
  const limit = limitOf(check);
  const base = { name: check.name, type: check.type, limit, measuredAt };
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
  return { ...base, outcome, value: Number.isFinite(measurement.value) ? measurement.value : null, message };
}

function withinLimit(check: Check, value: number): boolean {
  switch (check.type) {
    case 'successRate':
      return value >= check.min;
    case 'latency':
      return value <= check.maxMs;
    case 'promql':
      return (check.min === undefined || value >= check.min) && (check.max === undefined || value <= check.max);
    case 'sentryNewIssues':
      return value <= check.max;
    case 'sentryCrashFreeSessions':
      return value >= check.min;
    case 'sentryErrorRate':
      return value <= check.maxRatio;
    case 'comparison':
      return false; // judged from counts, never from a bare value
    default:
      return assertNever(check);
  }
}

function judgeCounts(check: Check, answer: Measurement, counts: CountPair, unit: string, earlierStages: CountPair[]): Pick<CheckResult, 'outcome' | 'value' | 'message'> {
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

function judged(name: string, result: CountComparison): Pick<CheckResult, 'outcome' | 'value' | 'message'> {
  const outcome: CheckOutcome = result.verdict === 'worse' ? 'fail' : result.verdict === 'notWorse' ? 'pass' : 'insufficient';
  return { outcome, value: result.ratio, message: `${name}: ${result.summary}` };
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

export function limitOf(check: Check): string {
  switch (check.type) {
    case 'successRate':
      return `≥ ${check.min} %`;
    case 'latency':
      return `p${check.percentile} ≤ ${check.maxMs} ms`;
    case 'promql':
      return [check.min !== undefined ? `≥ ${check.min}` : '', check.max !== undefined ? `≤ ${check.max}` : ''].filter(Boolean).join(' and ');
    case 'comparison':
      return `≤ ${check.tolerance}× primary`;
    case 'sentryNewIssues':
      return `≤ ${check.max} new issue${check.max === 1 ? '' : 's'}`;
    case 'sentryErrorRate':
      return `≤ ${check.maxRatio}× primary`;
    case 'sentryCrashFreeSessions':
      return `≥ ${check.min} % crash-free`;
    default:
      return assertNever(check);
  }
}

function formatValue(check: Check, value: number): string {
  switch (check.type) {
    case 'successRate':
      return `success rate ${round(value)} %`;
    case 'latency':
      return `p${check.percentile} ${round(value)} ms`;
    case 'sentryNewIssues':
      return `${value} new issue${value === 1 ? '' : 's'}`;
    case 'sentryCrashFreeSessions':
      return `${round(value)} % crash-free`;
    default:
      return `${round(value)}`;
  }
}

/** Rounded for messages; infinities as Prometheus spells them (+Inf, -Inf). */
const round = (value: number): string | number =>
  Number.isFinite(value) ? (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100) : value > 0 ? '+Inf' : '-Inf';

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}
