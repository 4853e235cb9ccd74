import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { intervalMsOf } from './stages.js';

export interface AnalysisWindow {
  /** The rate window of per-interval checks. */
  intervalSeconds: number;
  /** Since the stage began: traffic counted toward the stage's minimum requests. */
  stageSeconds: number;
  /** Since the rollout began: cumulative counts of the anytime-valid comparisons. */
  rolloutSeconds: number;
}

/** The checks are due once an interval has passed since the stage began or since the last analysis. */
export function analysisDue(spec: CanarySpec, status: CanaryStatus, now: Date): boolean {
  if (status.phase !== 'Progressing' || !status.stageStartedAt) return false;
  const since = Math.max(Date.parse(status.stageStartedAt), status.lastAnalysisAt ? Date.parse(status.lastAnalysisAt) : 0);
  return now.getTime() - since >= intervalMsOf(spec);
}

export function analysisWindow(spec: CanarySpec, status: CanaryStatus, now: Date): AnalysisWindow {
  const seconds = (iso: string | undefined) => (iso ? Math.max(1, Math.ceil((now.getTime() - Date.parse(iso)) / 1000)) : 1);
  return {
    intervalSeconds: Math.max(1, Math.round(intervalMsOf(spec) / 1000)),
    stageSeconds: seconds(status.stageStartedAt),
    rolloutSeconds: seconds(status.rolloutStartedAt),
  };
}

const BUSY_PHASES = new Set(['Initializing', 'Waiting', 'Promoting', 'Finalising', 'Terminating']);

/** When the runtime should look again even if nothing in the cluster changes. */
export function nextReconcileDelayMs(spec: CanarySpec, status: CanaryStatus, now: Date): number {
  if (status.phase === 'Progressing' && status.stageStartedAt) {
    const since = Math.max(Date.parse(status.stageStartedAt), status.lastAnalysisAt ? Date.parse(status.lastAnalysisAt) : 0);
    return Math.max(100, since + intervalMsOf(spec) - now.getTime());
  }
  return BUSY_PHASES.has(status.phase ?? 'Initializing') ? 2_000 : 30_000;
}
