// Routes that others own and that would starve the canary: Istio applies only
// one VirtualService per host to sidecar traffic (the oldest; istio.io docs,
// "Split large virtual services and destination rules into multiple
// resources": merging is done for gateways only), and a VirtualService
// evaluates its http routes in order, first match wins, so a route without a
// `match` placed before Songbird's takes every request.
import { servesMesh } from '../schema/mesh-binding.js';
import type { HttpRouteSummary, VirtualServiceSummary } from './observations.js';
import type { Context } from './transition.js';
import { gatewayRouteName, serviceNameOf } from '../schema/generated-names.js';

export interface RouteConflict {
  /** e.g. "VirtualService shop/podinfo-legacy" */
  object: string;
  /** The route's name (or "#3" by position) when one route is the problem. */
  route?: string;
  what: string;
  /** What a person changes to end the conflict. */
  change: string;
}

const SONGBIRD_ROUTE = /^songbird-/;

/** Every conflict in the namespace's VirtualServices for the Canary's Service; [] when they were not read. */
export function routeConflicts(ctx: Context): RouteConflict[] {
  const summaries = ctx.observations.virtualServices;
  if (!summaries) return [];
  const service = serviceNameOf(ctx.spec);
  const ours = new Set([service, gatewayRouteName(service)]);
  const conflicts: RouteConflict[] = [];
  for (const vs of summaries) {
    const object = `VirtualService ${vs.namespace}/${vs.name}`;
    if (ours.has(vs.name) && vs.relation !== 'foreign') {
      conflicts.push(...shadowingRoutes(vs, object, ctx.spec.service.port));
    } else if (!ours.has(vs.name) && servesMesh(vs.gateways) && vs.hosts.some((h) => coversHost(h, service, ctx.canary.namespace))) {
      conflicts.push({
        object,
        what: `${object} also routes host ${service} for sidecars, and Istio applies only one VirtualService per host (the oldest)`,
        change: `delete ${object}, or move its routes into VirtualService ${ctx.canary.namespace}/${service} (Songbird keeps routes it does not own, in their order)`,
      });
    }
  }
  return conflicts;
}

function shadowingRoutes(vs: VirtualServiceSummary, object: string, servicePort: number): RouteConflict[] {
  const conflicts: RouteConflict[] = [];
  for (const [index, route] of vs.http.entries()) {
    if (route.name && SONGBIRD_ROUTE.test(route.name)) break;
    if (!matchesEverything(route, servicePort)) continue;
    const label = route.name ?? `#${index + 1}`;
    conflicts.push({
      object,
      route: label,
      what: `route ${label} of ${object} matches every request and comes before Songbird's routes, so no request reaches them`,
      change: `give route ${label} a match, or move it after the route songbird-default`,
    });
  }
  return conflicts;
}

// Regexes (RE2, whole-path match as Envoy applies them) that every request path satisfies.
const EVERY_PATH = new Set(['.*', '.+', '/.*', '/.+', '^.*$', '^/.*$', '(.*)', '.*.*']);

/**
 * No match, an empty match entry, or one whose only conditions are met by
 * every request to the Service: uri prefix "/" (any case), a regex every path
 * satisfies, or the Service's own `port`. Istio HTTPMatchRequest fields:
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
export function matchesEverything(route: HttpRouteSummary, servicePort?: number): boolean {
  if (!route.match || route.match.length === 0) return true;
  return route.match.some((entry) =>
    Object.entries(entry).every(([key, value]) => {
      if (key === 'name' || key === 'ignoreUriCase') return true;
      if (key === 'port') return servicePort === undefined || value === servicePort;
      if (key !== 'uri' || typeof value !== 'object' || value === null) return false;
      const uri = value as Record<string, unknown>;
      return uri['prefix'] === '/' || (typeof uri['regex'] === 'string' && EVERY_PATH.has(uri['regex']));
    }),
  );
}

/** `host` (as a VirtualService lists it) names the Service `service` of `namespace`: short, partly or fully qualified, or a wildcard. */
export function coversHost(host: string, service: string, namespace: string): boolean {
  const fqdn = `${service}.${namespace}.svc.cluster.local`;
  if (host === '*') return true;
  if (host.startsWith('*.')) return fqdn.endsWith(host.slice(1));
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, fqdn].includes(host);
}

/** One line for reasons and conditions: every conflict's object, route and what is wrong. */
export function describeConflicts(conflicts: readonly RouteConflict[]): string {
  return conflicts.map((c) => c.what).join('; ');
}
