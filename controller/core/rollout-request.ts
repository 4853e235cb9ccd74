// Which rollout an abort or promote request names (step.ts ANNOTATIONS.abort / .promote).
import type { CanaryStatus } from '../schema/canary-status.js';
import { rolloutId } from './rollout-id.js';

/**
 * Whether the abort or promote annotation's `value` names the rollout that
 * `status` describes (status.canaryRevision, status.rolloutNumber). Two forms:
 * - the rollout id `<revision>#<rolloutNumber>` (rolloutId, what `songbird
 *   abort|promote` writes): names exactly one rollout, so it never acts on a
 *   later rollout of the same revision (a retry, or the revision deployed again);
 * - the revision alone (as written by hand, and by the CLI before rollout ids):
 *   only for the first rollout of that revision that status.history knows of.
 *   A request left in place after a rollout of the revision ended (an abort
 *   that rolled it back, a promote that came too late) would otherwise end the
 *   next rollout of it at once: `songbird abort` then `songbird retry` rolled
 *   the retry back within a second. A later rollout of a revision needs its
 *   rollout id. This reads the status only (no record of consumed requests),
 *   so it holds after a restart and for annotations written while the
 *   controller was down. A status with no history (written before issue 13)
 *   honours the bare revision, as before.
 */
export function requestNamesRollout(status: CanaryStatus, value: string | undefined): boolean {
  const revision = status.canaryRevision;
  if (value === undefined || revision === undefined) return false;
  if (status.rolloutNumber !== undefined && value === rolloutId(status)) return true;
  return value === revision && !rolledOutBefore(status);
}

/** status.history holds an ended rollout of the current revision other than the current rollout. */
function rolledOutBefore(status: CanaryStatus): boolean {
  return (status.history ?? []).some((r) => r.revision === status.canaryRevision && r.number !== status.rolloutNumber);
}
