import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { drainMsOf, intervalMsOf } from './stages.js';

export interface AnalysisWindow {
  /** The rate window of per-interval checks. */
  intervalSeconds: number;
  /** Since the stage began: traffic counted toward the stage's minimum requests. */
  stageSeconds: number;
  /** Since the rollout began: cumulative counts of the anytime-valid comparisons. */
  rolloutSeconds: number;
}

/**
 * Whether the runtime measures this time (runtime/measure-analysis.ts):
 * - Progressing: the checks are due once an interval has passed since the stage began or since the last analysis;
 * - Finalising: once, after the routes have led to the primary for the drain period, the blast
 *   radius alone (checksDue is false), so the promotion states what the canary reached in the end.
 */
export function analysisDue(spec: CanarySpec, status: CanaryStatus, now: Date): boolean {
  if (status.phase === 'Finalising') return finalReachDue(spec, status, now);
  if (status.phase !== 'Progressing' || !status.stageStartedAt) return false;
  const since = Math.max(Date.parse(status.stageStartedAt), status.lastAnalysisAt ? Date.parse(status.lastAnalysisAt) : 0);
  return now.getTime() - since >= intervalMsOf(spec);
}

/** Whether an analysis asks the checks too, or only counts the canary's requests and blast radius. */
export const checksDue = (status: CanaryStatus): boolean => status.phase === 'Progressing';

/**
 * The blast radius is measured once the canary gets no more requests: the routes left it at
 * lastTransitionTime (Finalising) and a drain period passed; not again once measured since then.
 */
function finalReachDue(spec: CanarySpec, status: CanaryStatus, now: Date): boolean {
  const moved = Date.parse(status.lastTransitionTime ?? '');
  if (!Number.isFinite(moved) || now.getTime() - moved < drainMsOf(spec)) return false;
  return !reachMeasuredSince(status, moved);
}

/** The blast radius in status was measured at or after `sinceMs` (false when there is none or its time is unreadable). */
export function reachMeasuredSince(status: CanaryStatus, sinceMs: number): boolean {
  const measured = Date.parse(status.blastRadius?.measuredAt ?? '');
  return Number.isFinite(measured) && measured >= sinceMs;
}

export function analysisWindow(spec: CanarySpec, status: CanaryStatus, now: Date): AnalysisWindow {
  const seconds = (iso: string | undefined) => (iso ? Math.max(1, Math.ceil((now.getTime() - Date.parse(iso)) / 1000)) : 1);
  return {
    intervalSeconds: Math.max(1, Math.round(intervalMsOf(spec) / 1000)),
    stageSeconds: seconds(status.stageStartedAt),
    rolloutSeconds: seconds(status.rolloutStartedAt),
  };
}

/** The largest share of an interval an analysis is put off to spread Canaries apart. */
export const ANALYSIS_SPREAD = 0.1;

/**
 * How long after its interval this Canary's first analysis of a rollout
 * wakes, in ms: a fixed share of the interval in [0, ANALYSIS_SPREAD) from a
 * hash (FNV-1a) of `namespace/name`. Canaries whose rollouts started together
 * then analyse at different moments instead of all querying Prometheus at
 * once; later analyses follow one interval after the one before, so the
 * offset stays and is not paid again at every analysis.
 */
export function analysisSpreadMs(canary: { namespace: string; name: string }, intervalMs: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${canary.namespace}/${canary.name}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.floor((hash / 2 ** 32) * ANALYSIS_SPREAD * intervalMs);
}

/** How often a busy phase looks again with no watched change (ms). */
export const BUSY_POLL_MS = 10_000;
const BUSY_PHASES = new Set(['Initializing', 'Waiting', 'Promoting', 'Finalising', 'Terminating']);
/** Phases entered by moving the routes to the primary; the canary is scaled to zero after a drain (step.ts). */
const DRAINING_PHASES = new Set(['Initialized', 'Finalising', 'Failed']);

/** Phases that wait for nothing but a change: a new revision, a spec edit, a deletion (all watched). */
const RESTING_PHASES = new Set(['Initialized', 'Succeeded', 'Failed']);

/**
 * When the runtime should look again even if nothing in the cluster changes, in ms: at the next
 * analysis while Progressing (the first of a rollout also waits its spread), at the end of the
 * drain after routes moved to the primary (so the canary is scaled to zero on time), every
 * BUSY_POLL_MS in other busy phases (their progress arrives as watched events; the poll is a
 * safety net and times deadlines). Undefined at rest (Initialized, Succeeded, Failed once
 * drained) and while suspended: only a watched change or the periodic resync wakes it, so a
 * thousand Canaries at rest cost nothing between resyncs.
 */
export function nextReconcileDelayMs(spec: CanarySpec, status: CanaryStatus, now: Date, canary?: { namespace: string; name: string }): number | undefined {
  // Suspended: step() freezes the Canary and nothing is due until spec.suspend changes (a watched edit).
  if (spec.suspend) return undefined;
  if (status.phase === 'Progressing' && status.stageStartedAt) {
    const since = Math.max(Date.parse(status.stageStartedAt), status.lastAnalysisAt ? Date.parse(status.lastAnalysisAt) : 0);
    const spread = canary && !status.lastAnalysisAt ? analysisSpreadMs(canary, intervalMsOf(spec)) : 0;
    return Math.max(100, since + intervalMsOf(spec) + spread - now.getTime());
  }
  const phase = status.phase ?? 'Initializing';
  const usual = BUSY_PHASES.has(phase) ? BUSY_POLL_MS : RESTING_PHASES.has(phase) ? undefined : 30_000;
  const moved = Date.parse(status.lastTransitionTime ?? '');
  const drainLeft = moved + drainMsOf(spec) - now.getTime();
  // step.ts drained(): a lastTransitionTime up to one drain period ahead of the clock (another replica's clock) still drains.
  if (DRAINING_PHASES.has(phase) && drainLeft > 0 && drainLeft <= 2 * drainMsOf(spec)) return Math.max(100, Math.min(usual ?? drainLeft, drainLeft));
  return usual;
}
