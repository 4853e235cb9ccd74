// Pure: what routing a stored VirtualService actually does, as far as
// Songbird's routes go, and whether it is what was planned.
import type { Routes } from '../../core/actions.js';
import { canonicalJson } from '../kubernetes/pod-template-revision.js';
import { DEFAULT_ROUTE, INTERNAL_ROUTE, isSongbirdRoute, type HttpRoute, type VirtualService } from './istio-resources.js';

/** The Routes a VirtualService applies, or undefined when it has no `songbird-default` route. */
export function readRoutes(vs: VirtualService | undefined, canaryHost: string): Routes | undefined {
  const http = vs?.spec.http ?? [];
  const fallback = http.find((r) => r.name === DEFAULT_ROUTE);
  if (!fallback) return undefined;
  const canaryWeight = (fallback.route ?? []).filter((d) => d.destination.host === canaryHost).reduce((sum, d) => sum + (d.weight ?? 0), 0);
  const internal = http.find((r) => r.name === INTERNAL_ROUTE);
  const internalToCanary = internal !== undefined && (internal.route ?? []).every((d) => d.destination.host === canaryHost);
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
