// Pure: the marks Songbird leaves on a VirtualService it adopted (one that
// existed under a name of its layout and that the Canary does not own), so that
// removal can hand it back: its hosts and gateways as recorded, its routes as
// they are then minus Songbird's (hand-back-plan.ts). An adopted object never
// gets an ownerReference: garbage collection must never delete it.
// The marks themselves (names, isAdoptedBy) are in kubernetes/owner-reference.ts.
import { ADOPTED_BY_ANNOTATION, ORIGINAL_SPEC_ANNOTATION, type CanaryRef } from '../kubernetes/owner-reference.js';
import type { HttpRoute, VirtualService } from './istio-resources.js';

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

/** The parts of a recorded spec a hand-back puts back (hand-back-plan.ts). */
export interface RecordedRouting {
  /** Non-empty, every entry a non-empty string. */
  readonly hosts: string[];
  /** Absent when the record had none. */
  readonly gateways?: string[];
  /** Absent when the record had none. */
  readonly http?: HttpRoute[];
}

/**
 * hosts, gateways and http of the spec recorded at adoption; undefined when
 * the annotation is missing, is not JSON, is not a JSON object, or holds what
 * Istio's validation would refuse back: hosts that are not a non-empty array
 * of non-empty strings (istio.io/api networking/v1 VirtualService.hosts, "The
 * destination hosts to which traffic is being sent", required), gateways that
 * are not an array of strings, or http that is not an array of objects.
 */
export function originalSpecOf(vs: VirtualService): RecordedRouting | undefined {
  const recorded = vs.metadata.annotations?.[ORIGINAL_SPEC_ANNOTATION];
  if (recorded === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(recorded);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const { hosts, gateways, http } = parsed;
  if (!isStringArray(hosts) || hosts.length === 0 || hosts.some((host) => host === '')) return undefined;
  if (gateways !== undefined && !isStringArray(gateways)) return undefined;
  if (http !== undefined && !(Array.isArray(http) && http.every(isObject))) return undefined;
  return { hosts, ...(gateways !== undefined ? { gateways } : {}), ...(http !== undefined ? { http: http as HttpRoute[] } : {}) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `annotations` without Songbird's two adoption marks; undefined when nothing else is left. */
export function withoutAdoptionMarks(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const { [ADOPTED_BY_ANNOTATION]: _by, [ORIGINAL_SPEC_ANNOTATION]: _spec, ...rest } = annotations;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
