// The one template a primary ran before its current one, kept on the primary
// Deployment itself so a promotion that cannot complete can be reverted to it
// (revert-primary.ts): songbird.dev/previous-revision names it,
// songbird.dev/previous-template holds its spec.template as JSON.
import type { DeploymentJson } from './deployment-json-api.js';
import { REVISION_ANNOTATION } from './workload-observation.js';

export const PREVIOUS_REVISION_ANNOTATION = 'songbird.dev/previous-revision';
export const PREVIOUS_TEMPLATE_ANNOTATION = 'songbird.dev/previous-template';

/**
 * Kubernetes refuses an object whose annotations (keys and values, in bytes)
 * total more than 256 KiB: TotalAnnotationSizeLimitB in
 * k8s.io/apimachinery pkg/api/validation/objectmeta.go.
 */
export const ANNOTATIONS_LIMIT_BYTES = 256 * 1024;

type Annotations = Record<string, string>;

const annotationBytes = (annotations: Annotations) =>
  Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);

/**
 * The annotations a primary gets when its template is replaced: when the
 * primary as stored runs a revision other than `nextRevision`, that revision
 * and its spec.template become previous-revision / previous-template; when it
 * runs `nextRevision` already (only replicas change) they stay as they were.
 * Should the template not fit under the annotations limit, both are dropped
 * rather than the write refused: revertPrimary then says no template is
 * recorded.
 */
export function annotationsWithPrevious(stored: DeploymentJson, annotations: Annotations, nextRevision: string): Annotations {
  const running = stored.metadata?.annotations?.[REVISION_ANNOTATION];
  if (running === undefined || running === nextRevision || stored.spec?.template === undefined) return annotations;
  const next: Annotations = { ...annotations, [PREVIOUS_REVISION_ANNOTATION]: running, [PREVIOUS_TEMPLATE_ANNOTATION]: JSON.stringify(stored.spec.template) };
  if (annotationBytes(next) <= ANNOTATIONS_LIMIT_BYTES) return next;
  delete next[PREVIOUS_REVISION_ANNOTATION];
  delete next[PREVIOUS_TEMPLATE_ANNOTATION];
  return next;
}

/** The recorded previous template when it is `revision`'s and reads as a JSON object; undefined otherwise. */
export function previousTemplate(stored: DeploymentJson, revision: string): Record<string, unknown> | undefined {
  const annotations = stored.metadata?.annotations ?? {};
  if (annotations[PREVIOUS_REVISION_ANNOTATION] !== revision) return undefined;
  try {
    const template: unknown = JSON.parse(annotations[PREVIOUS_TEMPLATE_ANNOTATION] ?? '');
    return typeof template === 'object' && template !== null && !Array.isArray(template) ? (template as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
