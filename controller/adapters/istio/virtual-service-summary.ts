// Pure: a VirtualService as the core needs to see it to find routes that
// shadow or compete with Songbird's (issue 9, "Conflicts are reported"), in
// the core's shape (core/observations.ts).
import type { HttpRouteSummary, VirtualServiceSummary } from '../../core/observations.js';
import { isAdoptedBy, type CanaryRef } from '../kubernetes/owner-reference.js';
import type { ObjectMeta, VirtualService } from './istio-resources.js';

/** 'owned' when an ownerReference with `controller: true` has the Canary's uid; else 'adopted' when the adoption mark names it; else 'foreign'. */
export function relationTo(metadata: ObjectMeta, canary: CanaryRef): VirtualServiceSummary['relation'] {
  if ((metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === canary.uid)) return 'owned';
  return isAdoptedBy(metadata, canary) ? 'adopted' : 'foreign';
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function summariseRoute(route: unknown): HttpRouteSummary {
  const { name, match } = (typeof route === 'object' && route !== null ? route : {}) as { name?: unknown; match?: unknown };
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(Array.isArray(match) ? { match: match as Array<Record<string, unknown>> } : {}),
  };
}

/**
 * The summary of one stored VirtualService, relative to `canary`. Fields the
 * apiserver let through in an unexpected shape read as absent (a non-array
 * `hosts` as [], a non-string route name as none) rather than failing the list.
 */
export function summariseVirtualService(vs: VirtualService, canary: CanaryRef): VirtualServiceSummary {
  const spec = (vs.spec ?? {}) as VirtualService['spec'];
  return {
    name: vs.metadata.name,
    namespace: vs.metadata.namespace,
    createdAt: typeof vs.metadata.creationTimestamp === 'string' ? vs.metadata.creationTimestamp : '',
    relation: relationTo(vs.metadata, canary),
    hosts: strings(spec.hosts),
    gateways: strings(spec.gateways),
    http: Array.isArray(spec.http) ? spec.http.map(summariseRoute) : [],
  };
}
