// Which stretch of time each check reads. A decision of the core: the runtime's check modules
// only ask their signal for the window they are handed.
import type { Check } from '../../schema/checks.js';
import type { AnalysisWindow } from '../analysis-plan.js';
import { kindOf } from './check-kinds.js';

/** A stretch of time a check reads: `seconds` for range queries (PromQL's `[Ns]`), `start`/`end` for Sentry. */
export interface CheckWindow {
  readonly seconds: number;
  readonly start: Date;
  readonly end: Date;
}

/** Where an analysis stands in time: now, the current stage's and the rollout's start, and their lengths. */
export interface AnalysisTimes {
  readonly now: Date;
  readonly stageStart: Date;
  readonly rolloutStart: Date;
  /** analysisWindow(): the interval's, the stage's and the rollout's length in whole seconds (at least 1). */
  readonly window: AnalysisWindow;
}

/**
 * The analysis's times from the Canary's status: a stage or rollout that has not started yet
 * (no `stageStartedAt` / `rolloutStartedAt`) starts now.
 */
export function analysisTimes(status: { stageStartedAt?: string; rolloutStartedAt?: string }, window: AnalysisWindow, now: Date): AnalysisTimes {
  const startOf = (iso: string | undefined) => new Date(iso ?? now.toISOString());
  return { now, stageStart: startOf(status.stageStartedAt), rolloutStart: startOf(status.rolloutStartedAt), window };
}

/** The last interval (per-interval checks). */
export const intervalWindow = (t: AnalysisTimes): CheckWindow => ({ seconds: t.window.intervalSeconds, start: new Date(t.now.getTime() - t.window.intervalSeconds * 1000), end: t.now });
/** The current stage from its start: finished stages' counts are kept in status (a comparison's history). */
export const stageWindow = (t: AnalysisTimes): CheckWindow => ({ seconds: t.window.stageSeconds, start: t.stageStart, end: t.now });
/** The whole rollout from its start. */
export const rolloutWindow = (t: AnalysisTimes): CheckWindow => ({ seconds: t.window.rolloutSeconds, start: t.rolloutStart, end: t.now });

/**
 * The window one check reads, as its type says (check-kinds.ts):
 * - successRate, latency and promql (its `{{ interval }}`): the last interval, so a limit judges
 *   the canary as it is now;
 * - comparison (every metric): the current stage, so each stage's split of traffic is compared on
 *   its own and the anytime-valid test can join the stages (count-comparison.ts);
 * - sentryNewIssues, sentryErrorRate, sentryCrashFreeSessions: the whole rollout, as Sentry counts
 *   a release's issues, events and sessions since it first appeared; sentryErrorRate divides by
 *   the canary's requests over the same window.
 */
export function windowOf(check: Check, times: AnalysisTimes): CheckWindow {
  const windows = { interval: intervalWindow, stage: stageWindow, rollout: rolloutWindow };
  return windows[kindOf(check).window](times);
}
