// What pause, resume, promote, abort and retry write: annotations the core
// reads (core/step.ts ANNOTATIONS). Promote, abort and retry name the
// rollout they mean (`<revision>#<rolloutNumber>`), so a request left behind
// does nothing to a later rollout, even one of the same revision.
import { ANNOTATIONS } from '../core/step.js';
import { failed, ok, type Result } from '../core/result.js';
import { rolloutId } from '../core/rollout-id.js';
import type { CanaryView } from './canary-client.js';

export const REQUESTS = ['pause', 'resume', 'promote', 'abort', 'retry'] as const;
export type RolloutRequest = (typeof REQUESTS)[number];

/** The annotations to merge (null removes one) and what to tell the person. */
export interface AnnotationPatch {
  readonly annotations: Readonly<Record<string, string | null>>;
  readonly done: string;
}

export type RequestRefused = { readonly code: 'notApplicable'; readonly message: string; readonly retryable: false };

/**
 * The patch for `request` on the Canary as it is now:
 * - pause / resume: set / remove songbird.dev/paused=true (any phase);
 * - promote / abort: songbird.dev/promote|abort = the running rollout's id `<revision>#<rolloutNumber>`
 *   (core/rollout-id.ts; status.canaryRevision when the status has no rolloutNumber), only Waiting or
 *   Progressing; the core acts on that rollout only (core/rollout-request.ts);
 * - retry: songbird.dev/retry = the failed rollout's id `<revision>#<rolloutNumber>` (else status.failedRevision),
 *   only Failed (as Argo Rollouts' retry); it also removes songbird.dev/abort and songbird.dev/promote,
 *   which named the failed rollout (an abort left in place once rolled the retry back at once).
 * Otherwise `notApplicable`, saying the phase and what would apply.
 */
export function patchFor(request: RolloutRequest, view: CanaryView): Result<AnnotationPatch, RequestRefused> {
  const target = `${view.namespace}/${view.name}`;
  const s = view.status;
  const phase = s.phase ?? 'Unknown';
  const refuse = (why: string) => failed<RequestRefused>({ code: 'notApplicable', retryable: false, message: `${request}: Canary ${target} ${why}` });
  switch (request) {
    case 'pause':
      return ok({ annotations: { [ANNOTATIONS.paused]: 'true' }, done: `paused ${target} (${ANNOTATIONS.paused}=true): routes and replicas stay as they are` });
    case 'resume':
      return ok({ annotations: { [ANNOTATIONS.paused]: null }, done: `resumed ${target} (${ANNOTATIONS.paused} removed)` });
    case 'promote':
    case 'abort': {
      if (!s.canaryRevision || (phase !== 'Waiting' && phase !== 'Progressing')) {
        return refuse(`has no rollout in progress (phase ${phase}); ${request} applies while it is Waiting or Progressing`);
      }
      const key = request === 'promote' ? ANNOTATIONS.promote : ANNOTATIONS.abort;
      const what = request === 'promote' ? 'promotion' : 'abort (rollback)';
      const value = s.rolloutNumber !== undefined ? rolloutId(s) : s.canaryRevision;
      return ok({ annotations: { [key]: value }, done: `${what} of revision ${s.canaryRevision} of ${target} requested (${key}=${value})` });
    }
    case 'retry': {
      if (phase !== 'Failed' || !s.failedRevision) return refuse(`is not Failed (phase ${phase}); retry runs a rolled-back revision again`);
      // The failed rollout's id names exactly that rollout, so a second retry after a failed retry works too
      // (core/retry-request.ts); a status from before rolloutNumber falls back to the bare revision (once).
      const value = s.canaryRevision === s.failedRevision && s.rolloutNumber !== undefined ? rolloutId(s) : s.failedRevision;
      const annotations = { [ANNOTATIONS.retry]: value, [ANNOTATIONS.abort]: null, [ANNOTATIONS.promote]: null };
      return ok({ annotations, done: `retry of revision ${s.failedRevision} of ${target} requested (${ANNOTATIONS.retry}=${value})` });
    }
    default: {
      const never: never = request;
      return never;
    }
  }
}
