// Pure: the marks Songbird leaves on a VirtualService it adopted (one that
// existed under a name of its layout and that the Canary does not own), so that
// removal can hand it back exactly as it was. An adopted object never gets an
// ownerReference: garbage collection must never delete it.
// The marks themselves (names, isAdoptedBy) are in kubernetes/owner-reference.ts.
import { ADOPTED_BY_ANNOTATION, ORIGINAL_SPEC_ANNOTATION, type CanaryRef } from '../kubernetes/owner-reference.js';
import type { VirtualService } from './istio-resources.js';

/**
 * The annotations of `existing` once adopted by `canary`: the two marks are
 * added only when no `songbird.dev/adopted-by` is there yet (the first write);
 * marks already present, this Canary's or another's, are never overwritten, so
 * the recorded spec stays the one from before Songbird touched the object.
 */
export function adoptionAnnotations(existing: VirtualService, canary: CanaryRef): Record<string, string> | undefined {
  const annotations = existing.metadata.annotations;
  if (annotations?.[ADOPTED_BY_ANNOTATION] !== undefined) return annotations;
  return { ...annotations, [ADOPTED_BY_ANNOTATION]: canary.uid, [ORIGINAL_SPEC_ANNOTATION]: JSON.stringify(existing.spec) };
}

/** The spec recorded at adoption, or undefined when the annotation is missing or is not a JSON object. */
export function originalSpecOf(vs: VirtualService): VirtualService['spec'] | undefined {
  const recorded = vs.metadata.annotations?.[ORIGINAL_SPEC_ANNOTATION];
  if (recorded === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(recorded);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as VirtualService['spec']) : undefined;
  } catch {
    return undefined;
  }
}

/** `annotations` without Songbird's two adoption marks; undefined when nothing else is left. */
export function withoutAdoptionMarks(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const { [ADOPTED_BY_ANNOTATION]: _by, [ORIGINAL_SPEC_ANNOTATION]: _spec, ...rest } = annotations;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
