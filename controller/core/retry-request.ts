// Argo Rollouts' `retry` for Songbird: a rolled-back revision runs again as a
// new rollout when someone asks for it by annotation (step.ts ANNOTATIONS.retry).
import type { CanaryStatus } from '../schema/canary-status.js';
import { rolloutId } from './rollout-id.js';

/**
 * Whether the annotation's `value` asks to run the failed rollout of `status`
 * again; `targetRevision` is what the target runs now. Only a Failed Canary
 * whose target still runs status.failedRevision is retried, and only for:
 * - the failed rollout's id, `<revision>#<rolloutNumber>` (rolloutId): names
 *   exactly one rollout, so any number of retries can be asked one by one;
 * - the revision alone (status.failedRevision, as `songbird retry` writes
 *   it): once, so a retry that fails again is not retried again by the same
 *   annotation left in place: when the rollout before the failed one
 *   (status.history[1]) was this revision rolled back too, the failed one was
 *   a retry already, and the bare revision does nothing.
 */
export function retryRequested(status: CanaryStatus, targetRevision: string | undefined, value: string | undefined): boolean {
  const revision = status.failedRevision;
  if (status.phase !== 'Failed' || revision === undefined || value === undefined) return false;
  if (targetRevision !== revision || status.canaryRevision !== revision) return false;
  if (value === rolloutId(status)) return true;
  return value === revision && !wasRetry(status);
}

/** The failed rollout (history[0]) came right after a rollback of the same revision (history[1]): it was a retry. */
function wasRetry(status: CanaryStatus): boolean {
  const [failed, before] = status.history ?? [];
  return failed !== undefined && before !== undefined
    && failed.number === status.rolloutNumber
    && before.revision === failed.revision && before.result === 'rolledBack' && before.number === failed.number - 1;
}
