import type { CanaryStatus } from '../schema/canary-status.js';

/**
 * The id of the rollout the status describes, read from the status only:
 * `<revision>#<rolloutNumber>`. Events, notifications and Sentry markers are
 * named from it, so a reconcile repeated after a crash (even the first one of
 * a rollout, whose status was never written) names them the same way. A
 * status written before `rolloutNumber` existed keeps its older
 * `<revision>@<rolloutStartedAt>`, so a rollout running across an upgrade of
 * the controller repeats nothing either.
 */
export function rolloutId(status: CanaryStatus): string {
  const revision = status.canaryRevision ?? 'init';
  if (status.rolloutNumber !== undefined) return `${revision}#${status.rolloutNumber}`;
  return `${revision}@${status.rolloutStartedAt ?? ''}`;
}
