// Pure: what routing a stored VirtualService actually does, as far as
// Songbird's routes go, and whether it is what was planned.
import type { Routes } from '../../core/actions.js';
import { canonicalJson } from '../kubernetes/pod-template-revision.js';
import type { RoutingInput } from './virtual-service-plan.js';
import { DEFAULT_ROUTE, INTERNAL_ROUTE, isSongbirdRoute, type HttpRoute, type VirtualService } from './istio-resources.js';

/** The hosts that lead to the canary's pods: customers' (`<svc>-canary`) and internal users' (`<svc>-internal`). */
export type CanaryHosts = Pick<RoutingInput, 'canaryHost' | 'internalHost'>;

/**
 * The Routes a VirtualService applies, or undefined when it has no `songbird-default` route: the
 * canary weight is the default route's weight to `canaryHost`; internal users go to the canary when
 * a `songbird-internal` route sends them all to `internalHost` (one to `canaryHost`, as Songbird
 * wrote before `<svc>-internal`, does not count: it is rewritten).
 */
export function readRoutes(vs: VirtualService | undefined, { canaryHost, internalHost }: CanaryHosts): Routes | undefined {
  const http = vs?.spec.http ?? [];
  const fallback = http.find((r) => r.name === DEFAULT_ROUTE);
  if (!fallback) return undefined;
  const canaryWeight = (fallback.route ?? []).filter((d) => d.destination.host === canaryHost).reduce((sum, d) => sum + (d.weight ?? 0), 0);
  const internal = http.find((r) => r.name === INTERNAL_ROUTE);
  const internalToCanary = internal !== undefined && (internal.route ?? []).every((d) => d.destination.host === internalHost);
  return { internalToCanary, canaryWeight };
}

/** Songbird's routes of `stored` are exactly those of `planned`, in the same order. */
export function routesMatch(stored: VirtualService, planned: VirtualService): boolean {
  const ours = (vs: VirtualService): HttpRoute[] => (vs.spec.http ?? []).filter(isSongbirdRoute);
  return canonicalJson(ours(stored)) === canonicalJson(ours(planned));
}

/** Words for a mismatch: what the stored object routes compared to what was wanted. */
export function describeRoutes(routes: Routes | undefined): string {
  if (!routes) return 'no songbird-default route';
  return `canary weight ${routes.canaryWeight} %, internal users ${routes.internalToCanary ? 'to the canary' : 'not routed'}`;
}
