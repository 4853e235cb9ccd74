// Pure: the VirtualService Songbird wants, given the one in the cluster.
// Songbird owns only the http routes named `songbird-*`; every other route
// keeps its place and its order. Songbird's routes take the place of its old
// ones, or go after all foreign routes when first added. A VirtualService of
// the layout's names that the Canary does not own is adopted, not taken: it
// keeps its hosts, gateways and routes, and records its spec from before.
import type { Routes } from '../../core/actions.js';
import type { InternalMatch } from '../../schema/canary-spec.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { canaryOwnerReference, CANARY_LABEL, isOwnedBy, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from '../kubernetes/owner-reference.js';
import { canonicalJson } from '../kubernetes/pod-template-revision.js';
import { servesMesh } from '../../schema/mesh-binding.js';
import { adoptionAnnotations } from './adoption-annotations.js';
import { istioMatches, JWT_CLAIM_HEADER_PREFIX } from './internal-match.js';
import { DEFAULT_ROUTE, INTERNAL_ROUTE, ISTIO_API_VERSION, isSongbirdRoute, type HttpRoute, type VirtualService } from './istio-resources.js';

export interface RoutingInput {
  readonly name: string;
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly gateways: readonly string[];
  /** e.g. `<svc>-primary` */
  readonly primaryHost: string;
  /** e.g. `<svc>-canary`: the canary's pods, as customers reach them (the weighted default route). */
  readonly canaryHost: string;
  /**
   * e.g. `<svc>-internal`: the canary's pods, as internal users reach them (the `songbird-internal`
   * route), so Istio's destination_service_name tells their requests from customers'.
   */
  readonly internalHost: string;
  readonly port: number;
  readonly internalMatch: readonly InternalMatch[] | undefined;
  readonly routes: Routes;
  readonly owner: CanaryRef;
}

export type ObjectPlan<T> =
  | { readonly action: 'create'; readonly object: T }
  /** `object` carries the existing resourceVersion. */
  | { readonly action: 'replace'; readonly object: T }
  | { readonly action: 'none'; readonly object: T };

/**
 * Songbird's routes, in order: `songbird-internal` to `internalHost` (while internal users go to
 * the canary) then `songbird-default`, weighted between `primaryHost` and `canaryHost`.
 */
export function songbirdRoutes(input: RoutingInput): KubeResult<HttpRoute[]> {
  const weight = input.routes.canaryWeight;
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
    return failed({ code: 'invalid', retryable: false, message: `A canary weight must be a whole number from 0 to 100, not ${weight}` });
  }
  const to = (host: string, percent: number) => ({ destination: { host, port: { number: input.port } }, weight: percent });
  const routes: HttpRoute[] = [];
  // An internal route without matches would match everyone, so there is none without matches.
  if (input.routes.internalToCanary && (input.internalMatch?.length ?? 0) > 0) {
    const match = istioMatches(input.internalMatch ?? []);
    if (!match.ok) return match;
    routes.push({ name: INTERNAL_ROUTE, match: match.value, route: [to(input.internalHost, 100)] });
  }
  routes.push({ name: DEFAULT_ROUTE, route: [to(input.primaryHost, 100 - weight), to(input.canaryHost, weight)] });
  return ok(routes);
}

/** Foreign routes as they were; Songbird's routes where its old ones were, internal always just before default. */
export function mergeRoutes(existing: readonly HttpRoute[], ours: readonly HttpRoute[]): HttpRoute[] {
  const internal = ours.find((r) => r.name === INTERNAL_ROUTE);
  const fallback = ours.find((r) => r.name === DEFAULT_ROUTE);
  const result: HttpRoute[] = [];
  let internalPlaced = false;
  let defaultPlaced = false;
  for (const route of existing) {
    if (!isSongbirdRoute(route)) {
      result.push(route);
    } else if (route.name === INTERNAL_ROUTE && internal && !internalPlaced) {
      result.push(internal);
      internalPlaced = true;
    } else if (route.name === DEFAULT_ROUTE && fallback && !defaultPlaced) {
      if (internal && !internalPlaced) result.push(internal);
      result.push(fallback);
      internalPlaced = internalPlaced || internal !== undefined;
      defaultPlaced = true;
    }
    // any other songbird-* route (or a duplicate) is Songbird's and goes away
  }
  // Not there before: after all foreign routes, internal first.
  if (internal && !internalPlaced) result.push(internal);
  if (fallback && !defaultPlaced) result.push(fallback);
  return result;
}

function union(existing: readonly string[] | undefined, wanted: readonly string[]): string[] {
  const result = [...(existing ?? [])];
  for (const item of wanted) if (!result.includes(item)) result.push(item);
  return result;
}

/** True when one of `routes` matches on a JWT claim (`@request.auth.claims.*`). */
function matchesClaims(routes: readonly HttpRoute[]): boolean {
  return routes.some((route) => (route.match ?? []).some((match) => Object.keys(match.headers ?? {}).some((name) => name.startsWith(JWT_CLAIM_HEADER_PREFIX))));
}

/**
 * Refuses what Istio's validation would refuse of Songbird's routes: a JWT-claim
 * match on a VirtualService that serves mesh traffic (istio.io/istio
 * pkg/config/validation, ValidateVirtualService).
 */
function checkClaimsBinding(plan: ObjectPlan<VirtualService>, ours: readonly HttpRoute[]): KubeResult<ObjectPlan<VirtualService>> {
  const { metadata, spec } = plan.object;
  if (!matchesClaims(ours) || !servesMesh(spec.gateways ?? [])) return ok(plan);
  return failed({
    code: 'invalid',
    retryable: false,
    message: `VirtualService ${metadata.namespace}/${metadata.name} serves mesh traffic (gateways: ${JSON.stringify(spec.gateways ?? [])}), and Istio accepts JWT claim matches only on gateway-bound VirtualServices`,
  });
}

export function planVirtualService(existing: VirtualService | undefined, input: RoutingInput): KubeResult<ObjectPlan<VirtualService>> {
  const ours = songbirdRoutes(input);
  if (!ours.ok) return ours;
  return checkClaimsBinding(planObject(existing, input, ours.value), ours.value);
}

function planObject(existing: VirtualService | undefined, input: RoutingInput, ours: HttpRoute[]): ObjectPlan<VirtualService> {
  if (!existing) {
    return {
      action: 'create',
      object: {
        apiVersion: ISTIO_API_VERSION,
        kind: 'VirtualService',
        metadata: {
          name: input.name,
          namespace: input.namespace,
          labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: input.owner.name },
          ownerReferences: [canaryOwnerReference(input.owner) as NonNullable<VirtualService['metadata']['ownerReferences']>[number]],
        },
        spec: { hosts: [...input.hosts], gateways: [...input.gateways], http: ours },
      },
    };
  }
  // A VirtualService the Canary created follows the spec exactly; someone else's only gains what is missing,
  // and is adopted: the first write records whose it now is and its spec as it was (adoption-annotations.ts).
  const owned = isOwnedBy(existing.metadata, input.owner);
  const spec = {
    ...existing.spec,
    hosts: owned ? [...input.hosts] : union(existing.spec.hosts, input.hosts),
    gateways: owned ? [...input.gateways] : union(existing.spec.gateways, input.gateways),
    http: mergeRoutes(existing.spec.http ?? [], ours),
  };
  const annotations = owned ? existing.metadata.annotations : adoptionAnnotations(existing, input.owner);
  const object: VirtualService = { ...existing, metadata: { ...existing.metadata, ...(annotations ? { annotations } : {}) }, spec };
  const same = canonicalJson(spec) === canonicalJson(existing.spec) && canonicalJson(annotations ?? {}) === canonicalJson(existing.metadata.annotations ?? {});
  return { action: same ? 'none' : 'replace', object };
}
