// Pure Istio HTTP routing for one VirtualService: routes are tried in order
// and the first whose match list holds wins (entries ORed, conditions within
// an entry ANDed, no match list = match everything); then a destination is
// drawn by weight.
import { gatewayListed } from './gateway-binding.js';
import { hostPatternMatches } from './host-names.js';
import { matchesHttpMatchRequest, requestFacts } from './http-match-request.js';
import { entryGateway, MESH_GATEWAY, type MeshRequest } from './mesh-request.js';
import type { RandomSource } from './seeded-random.js';
import type { HttpRoute, HttpRouteDestination, VirtualServiceSpec } from './virtual-service-spec.js';
import { drawByWeight } from './weighted-draw.js';

export interface ChosenDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

export type RouteDecision =
  | { readonly kind: 'destination'; readonly destination: ChosenDestination; readonly routeIndex: number; readonly routeName?: string }
  | { readonly kind: 'direct-response'; readonly status: number; readonly routeIndex: number }
  | { readonly kind: 'no-route'; readonly status: 404; readonly reason: string };

export interface RoutingContext {
  /** Draws the weighted destination; pass a seeded source in tests. */
  readonly random: RandomSource;
  /** Namespace of the VirtualService, against which short host names resolve. Default `default`. */
  readonly namespace?: string;
}

/** True when the VirtualService applies to `host` for traffic entering at `gateway` (`mesh`: sidecar traffic). */
export function virtualServiceAppliesTo(spec: VirtualServiceSpec, host: string, namespace = 'default', gateway = MESH_GATEWAY): boolean {
  if (!gatewayListed(spec.gateways, gateway, namespace)) return false;
  return (spec.hosts ?? []).some((pattern) => hostPatternMatches(pattern, host, namespace));
}

export function routeRequest(spec: VirtualServiceSpec, request: MeshRequest, context: RoutingContext): RouteDecision {
  const namespace = context.namespace ?? 'default';
  if (!virtualServiceAppliesTo(spec, request.host, namespace, entryGateway(request))) {
    return { kind: 'no-route', status: 404, reason: `VirtualService does not serve host ${request.host}` };
  }
  const facts = requestFacts(request);
  const routes = spec.http ?? [];
  const routeIndex = routes.findIndex((route) => routeMatches(route, (m) => matchesHttpMatchRequest(m, facts, namespace)));
  const route = routes[routeIndex];
  if (!route) return { kind: 'no-route', status: 404, reason: 'no http route matched' };
  if (route.directResponse) return { kind: 'direct-response', status: route.directResponse.status, routeIndex };
  const chosen = pickWeighted(route.route ?? [], context.random);
  if (!chosen) return { kind: 'no-route', status: 404, reason: `http route ${routeIndex} has no destination with weight > 0` };
  const { host, subset, port } = chosen.destination;
  return {
    kind: 'destination',
    destination: { host, ...(subset !== undefined ? { subset } : {}), ...(port?.number !== undefined ? { port: port.number } : {}) },
    routeIndex,
    ...(route.name !== undefined ? { routeName: route.name } : {}),
  };
}

function routeMatches(route: HttpRoute, holds: (match: NonNullable<HttpRoute['match']>[number]) => boolean): boolean {
  if (!route.match || route.match.length === 0) return true;
  return route.match.some(holds);
}

/**
 * A lone destination takes all traffic whatever its weight; otherwise each
 * receives weight / sum(weights), and weight 0 (or none) receives nothing.
 */
export function pickWeighted(destinations: readonly HttpRouteDestination[], random: RandomSource): HttpRouteDestination | undefined {
  if (destinations.length === 1) return destinations[0];
  return drawByWeight(destinations, (d) => d.weight ?? 0, random);
}
