// Pure: what a VirtualService of a Canary's layout becomes when the Canary is
// removed (issue 9, "Removal hands the service back"), so that every request
// still reaches something that serves once Songbird's objects are gone:
// - adopted by the Canary: as it is now minus what Songbird added: Songbird's
//   `songbird-*` routes removed, hosts and gateways as recorded before
//   Songbird touched it, every other route (one the user added since too) in
//   its place; the recorded http when no http route is left; the adoption
//   marks removed (it was the user's and stays the user's). A record Istio
//   would refuse back (adoption-annotations.ts, originalSpecOf) gets the owned
//   treatment of its routes instead;
// - owned by the Canary: Songbird's routes replaced by one route,
//   `songbird-handed-back`, to the apex Service (the one clients call, which
//   the Kubernetes adapter hands back to the target's pods); foreign routes
//   keep their places. One bound to a gateway other than `mesh` also loses its
//   ownerReference to the Canary and Songbird's labels, so garbage collection
//   leaves it and ingress traffic keeps a route; one bound only to `mesh` stays
//   owned (once it is collected, sidecars send `<svc>` to the apex Service).
// - anything else (absent, foreign, another Canary's): nothing to do.
// The route has one destination and no weight, which Istio's validation
// accepts (istio.io/api networking/v1 HTTPRouteDestination: "If there is only
// one destination in a rule, all traffic will be routed to it irrespective of
// the weight").
import { gatewayNamesOf } from '../../schema/mesh-binding.js';
import { ADOPTED_BY_ANNOTATION, CANARY_LABEL, isAdoptedBy, isOwnedBy, MANAGED_BY, MANAGED_BY_LABEL, ORIGINAL_SPEC_ANNOTATION, type CanaryRef } from '../kubernetes/owner-reference.js';
import { canonicalJson } from '../kubernetes/pod-template-revision.js';
import { originalSpecOf, withoutAdoptionMarks, type RecordedRouting } from './adoption-annotations.js';
import { DEFAULT_ROUTE, isSongbirdRoute, SONGBIRD_ROUTE_PREFIX, type HttpRoute, type ObjectMeta, type VirtualService } from './istio-resources.js';
import type { ObjectPlan } from './virtual-service-plan.js';

export const HANDED_BACK_ROUTE = `${SONGBIRD_ROUTE_PREFIX}handed-back`;

export interface HandBackInput {
  /** The apex Service, `<svc>`: the host every request is handed back to. */
  readonly name: string;
  readonly port: number;
  readonly owner: CanaryRef;
}

/** The one route that sends everything to the apex Service on `port`. */
export function handedBackRoute(input: HandBackInput): HttpRoute {
  return { name: HANDED_BACK_ROUTE, route: [{ destination: { host: input.name, port: { number: input.port } } }] };
}

/** Foreign routes as they were; Songbird's replaced by `replacement`, where `songbird-default` was (else the first of them, else last). */
export function replaceSongbirdRoutes(http: readonly HttpRoute[], replacement: HttpRoute): HttpRoute[] {
  const ours = http.filter(isSongbirdRoute);
  const anchor = ours.find((route) => route.name === DEFAULT_ROUTE) ?? ours[0];
  const result = http.flatMap((route) => (route === anchor ? [replacement] : isSongbirdRoute(route) ? [] : [route]));
  return anchor ? result : [...result, replacement];
}

/**
 * `now` minus what Songbird added to an adopted VirtualService: hosts and
 * gateways from `recorded` (no gateways when it had none), http = the routes
 * of `now` that are not Songbird's, in order; when none is left, the
 * recorded http, and when there is none either and no tcp/tls route, the
 * handed-back route (Istio refuses a VirtualService without http, tcp or tls).
 */
export function restoredSpec(now: VirtualService['spec'], recorded: RecordedRouting, input: HandBackInput): VirtualService['spec'] {
  const { gateways: _gateways, http: _http, ...rest } = now;
  const spec: VirtualService['spec'] = { ...rest, hosts: [...recorded.hosts], ...(recorded.gateways ? { gateways: [...recorded.gateways] } : {}) };
  const kept = (now.http ?? []).filter((route) => !isSongbirdRoute(route));
  const hasOther = (field: string) => Array.isArray(spec[field]) && (spec[field] as unknown[]).length > 0;
  if (kept.length > 0) spec.http = kept;
  else if (recorded.http && recorded.http.length > 0) spec.http = recorded.http;
  else if (!hasOther('tcp') && !hasOther('tls')) spec.http = [handedBackRoute(input)];
  return spec;
}

/** metadata without the Canary's ownerReference and without Songbird's labels (managed-by=songbird, songbird.dev/canary). */
function released(metadata: ObjectMeta, owner: CanaryRef): ObjectMeta {
  const ownerReferences = (metadata.ownerReferences ?? []).filter((ref) => ref.uid !== owner.uid);
  const { [CANARY_LABEL]: _canary, ...labels } = metadata.labels ?? {};
  if (labels[MANAGED_BY_LABEL] === MANAGED_BY) delete labels[MANAGED_BY_LABEL];
  const { ownerReferences: _refs, labels: _labels, ...rest } = metadata;
  return {
    ...rest,
    ...(ownerReferences.length > 0 ? { ownerReferences } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

function withAnnotations(metadata: ObjectMeta, annotations: Record<string, string> | undefined): ObjectMeta {
  const { annotations: _old, ...rest } = metadata;
  return annotations ? { ...rest, annotations } : rest;
}

/** What verification compares: the spec, the adoption marks, ownership by the Canary and Songbird's labels. */
export function handBackFingerprint(vs: VirtualService, owner: CanaryRef): string {
  const annotations = vs.metadata.annotations ?? {};
  const labels = vs.metadata.labels ?? {};
  return canonicalJson({
    spec: vs.spec,
    adoptedBy: annotations[ADOPTED_BY_ANNOTATION] ?? null,
    originalSpec: annotations[ORIGINAL_SPEC_ANNOTATION] ?? null,
    owned: isOwnedBy(vs.metadata, owner),
    managedBy: labels[MANAGED_BY_LABEL] ?? null,
    canary: labels[CANARY_LABEL] ?? null,
  });
}

/**
 * The hand-back of `existing` (see the file comment), as a replace plan
 * carrying its resourceVersion, or 'none' when it is already handed back;
 * undefined when the VirtualService is absent or not the Canary's to hand
 * back. An adopted one whose recorded spec is missing, unreadable or not
 * one Istio accepts (originalSpecOf) gets the owned treatment of its routes
 * instead (Songbird's replaced by the handed-back route to the apex host) and
 * loses its marks, so it still serves.
 */
export function planHandBack(existing: VirtualService | undefined, input: HandBackInput): ObjectPlan<VirtualService> | undefined {
  if (!existing) return undefined;
  let object: VirtualService;
  if (isAdoptedBy(existing.metadata, input.owner)) {
    const recorded = originalSpecOf(existing);
    const spec = recorded ? restoredSpec(existing.spec, recorded, input) : { ...existing.spec, http: replaceSongbirdRoutes(existing.spec.http ?? [], handedBackRoute(input)) };
    object = { ...existing, metadata: withAnnotations(existing.metadata, withoutAdoptionMarks(existing.metadata.annotations)), spec };
  } else if (isOwnedBy(existing.metadata, input.owner)) {
    const spec = { ...existing.spec, http: replaceSongbirdRoutes(existing.spec.http ?? [], handedBackRoute(input)) };
    const bindsGateway = gatewayNamesOf(existing.spec.gateways ?? []).length > 0;
    object = { ...existing, metadata: bindsGateway ? released(existing.metadata, input.owner) : existing.metadata, spec };
  } else {
    return undefined;
  }
  const same = handBackFingerprint(object, input.owner) === handBackFingerprint(existing, input.owner);
  return { action: same ? 'none' : 'replace', object };
}
