// What `songbird watch` makes of a Canary's status for the revision its
// target Deployment runs now: done (exit 0 or 1), or keep watching. A status
// is only believed when it names that revision, so right after `kubectl apply`
// of a new image the previous rollout's Succeeded does not end the watch.
import type { CanaryStatus } from '../schema/canary-status.js';
import { retryRequested } from '../core/retry-request.js';

/**
 * - `succeeded` (exit 0): the revision is the promoted one and no rollout of it can still come.
 * - `failed` (exit 1): the rollout of the revision failed, or the Canary is being removed.
 * - `rollingOut`: the rollout of the revision runs.
 * - `waiting`: the status is about another revision (the rollout of this one has not started yet).
 */
export type WatchVerdict =
  | { readonly state: 'succeeded'; readonly exitCode: 0; readonly message: string }
  | { readonly state: 'failed'; readonly exitCode: 1; readonly message: string }
  | { readonly state: 'rollingOut'; readonly message: string }
  | { readonly state: 'waiting'; readonly message: string };

const IN_ROLLOUT = new Set(['Waiting', 'Progressing', 'Promoting', 'Finalising']);

/**
 * The verdict for `revision`, the pod-template revision of the target
 * Deployment as the controller computes it (target-revision.ts). Pure.
 *
 * Done only when the status names the revision:
 * - Failed with failedRevision = revision → failed (1).
 * - Succeeded with lastPromotedRevision = revision → succeeded (0).
 * - lastPromotedRevision = revision while Initialized (the revision the
 *   primary was created with) or Failed for another revision (the target was
 *   put back to the last promoted one): the controller rolls out no revision
 *   it already promoted (core/step.ts idle: "settled"), so this is the end
 *   state → succeeded (0), not an endless wait.
 * - Terminating: the Canary is being removed, no rollout will come → failed (1).
 * - Failed for the revision while `retryAnnotation` (songbird.dev/retry, as
 *   `songbird retry` wrote it) asks the controller to run it again: waiting,
 *   so a watch started right after a retry does not end on the old failure.
 * Anything else keeps the watch going.
 */
export function watchVerdict(status: CanaryStatus, revision: string, retryAnnotation?: string): WatchVerdict {
  const phase = status.phase ?? 'Initializing';
  if (phase === 'Failed' && status.failedRevision === revision && retryRequested(status, revision, retryAnnotation)) {
    return { state: 'waiting', message: `retry of revision ${revision} requested; waiting for its rollout to start` };
  }
  if (phase === 'Failed' && status.failedRevision === revision) {
    return { state: 'failed', exitCode: 1, message: `the rollout of revision ${revision} failed${status.reason ? `: ${status.reason}` : ''}` };
  }
  if (phase === 'Succeeded' && status.lastPromotedRevision === revision) {
    return { state: 'succeeded', exitCode: 0, message: `revision ${revision} was promoted` };
  }
  if (phase === 'Initialized' && status.lastPromotedRevision === revision) {
    return { state: 'succeeded', exitCode: 0, message: `revision ${revision} is what the primary was initialized with; there is nothing to roll out` };
  }
  if (phase === 'Failed' && status.lastPromotedRevision === revision) {
    return {
      state: 'succeeded',
      exitCode: 0,
      message: `revision ${revision} is the last promoted one (the target was put back after revision ${status.failedRevision ?? '?'} failed); there is nothing to roll out`,
    };
  }
  if (phase === 'Terminating') return { state: 'failed', exitCode: 1, message: 'the Canary is being removed (Terminating); no rollout will come' };
  if (IN_ROLLOUT.has(phase) && status.canaryRevision === revision) {
    return { state: 'rollingOut', message: `the rollout of revision ${revision} is ${phase}` };
  }
  const about = IN_ROLLOUT.has(phase) && status.canaryRevision ? `the rollout of revision ${status.canaryRevision} is ${phase}` : `the Canary is ${phase}`;
  return { state: 'waiting', message: `waiting for the rollout of revision ${revision} to start (${about})` };
}

/** The exit code of a finished watch, undefined while it goes on. */
export function exitCodeOf(verdict: WatchVerdict): 0 | 1 | undefined {
  return verdict.state === 'succeeded' || verdict.state === 'failed' ? verdict.exitCode : undefined;
}
