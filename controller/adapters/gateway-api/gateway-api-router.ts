// The Kubernetes Gateway API as one implementation of the runtime's router
// port (runtime/routers/router.ts): one HTTPRoute `<svc>` per Canary
// (http-route-plan.ts), written only when it differs from what is stored,
// then read back; its telemetry is Istio's, since Istio implements this
// HTTPRoute (its waypoints in ambient mode, its sidecars and gateways
// otherwise) and reports istio_requests_total for what it routes.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { ALL_TO_PRIMARY, type Routes } from '../../core/actions.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import { canaryServiceName, internalServiceName, primaryServiceName, serviceNameOf } from '../../schema/generated-names.js';
import type { CanaryIdentity, Outcome } from '../../runtime/ports.js';
import type { Router, RouterImplementation } from '../../runtime/routers/router.js';
import { istioTelemetry } from '../istio/istio-telemetry.js';
import { errorFromException, failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { describeController, isOwnedBy } from '../kubernetes/owner-reference.js';
import { GATEWAY_API_GROUP, GATEWAY_API_VERSION, HTTP_ROUTES, planHttpRoute, type HttpRouteObject } from './http-route-plan.js';
import { summariseHttpRoute, type ListedHttpRoute } from './http-route-summary.js';

/** A stored HTTPRoute: the plan's fields plus what the apiserver adds. */
type StoredHttpRoute = ListedHttpRoute & { metadata?: { resourceVersion?: string; ownerReferences?: Array<{ uid?: string; kind?: string; name?: string; controller?: boolean }> }; spec?: unknown };

/** The HTTPRoute a Canary's spec and routes call for. */
export function httpRouteFor(canary: CanaryIdentity, spec: CanarySpec, routes: Routes): HttpRouteObject {
  const service = serviceNameOf(spec);
  return planHttpRoute({
    name: service,
    namespace: canary.namespace,
    primaryService: primaryServiceName(service),
    canaryService: canaryServiceName(service),
    internalService: internalServiceName(service),
    port: spec.service.port,
    gatewayRef: spec.router?.gatewayRef,
    internalMatch: spec.stages.internal?.match,
    routes,
    owner: canary,
  });
}

/**
 * True when every field of `wanted` has the same value in `stored` (arrays:
 * same length, element by element); fields only the apiserver added are ignored.
 */
export function holds(stored: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return Array.isArray(stored) && stored.length === wanted.length && wanted.every((w, i) => holds(stored[i], w));
  if (typeof wanted === 'object' && wanted !== null) {
    if (typeof stored !== 'object' || stored === null) return false;
    return Object.entries(wanted).every(([key, value]) => holds((stored as Record<string, unknown>)[key], value));
  }
  return stored === wanted;
}

/** The router over one cluster's HTTPRoutes. Reads are requests (no informer cache of HTTPRoutes yet). */
export function gatewayApiRouter(kubeConfig: KubeConfig): Router {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const at = (namespace: string, name: string) => ({ group: GATEWAY_API_GROUP, version: GATEWAY_API_VERSION, namespace, plural: HTTP_ROUTES, name });

  const read = async (namespace: string, name: string): Promise<KubeResult<StoredHttpRoute | undefined>> => {
    try {
      return ok((await api.getNamespacedCustomObject(at(namespace, name))) as StoredHttpRoute);
    } catch (error) {
      const e = errorFromException(`read HTTPRoute ${namespace}/${name}`, error);
      return e.code === 'notFound' ? ok(undefined) : failed(e);
    }
  };

  const write = async (wanted: HttpRouteObject, stored: StoredHttpRoute | undefined): Promise<KubeResult<unknown>> => {
    const { namespace, name } = wanted.metadata;
    try {
      if (!stored) return ok(await api.createNamespacedCustomObject({ ...at(namespace, name), body: wanted }));
      const body = { ...wanted, metadata: { ...wanted.metadata, resourceVersion: stored.metadata?.resourceVersion } };
      return ok(await api.replaceNamespacedCustomObject({ ...at(namespace, name), body }));
    } catch (error) {
      return failed(errorFromException(`${stored ? 'replace' : 'create'} HTTPRoute ${namespace}/${name}`, error));
    }
  };

  const setRoutes = async (canary: CanaryIdentity, spec: CanarySpec, routes: Routes): Promise<Outcome<unknown>> => {
    const wanted = httpRouteFor(canary, spec, routes);
    const { namespace, name } = wanted.metadata;
    const stored = await read(namespace, name);
    if (!stored.ok) return stored;
    if (stored.value && !isOwnedBy(stored.value.metadata, canary)) {
      return failed({
        code: 'notOwned',
        retryable: false,
        message: `HTTPRoute ${namespace}/${name} exists and is controlled by ${describeController(stored.value.metadata)}, not Canary ${canary.name}: delete it (or give the Canary another spec.service.name) so Songbird can route ${name}`,
      });
    }
    if (stored.value && holds(stored.value, wanted)) return ok(undefined);
    const written = await write(wanted, stored.value);
    if (!written.ok) return written;
    const back = await read(namespace, name);
    if (!back.ok) return back;
    if (!back.value || !holds(back.value, wanted)) {
      return failed({ code: 'notVerified', retryable: true, message: `HTTPRoute ${namespace}/${name} read back without the routes just written (canary weight ${routes.canaryWeight}, internal users ${routes.internalToCanary ? 'to canary' : 'to primary'})` });
    }
    return ok(undefined);
  };

  return {
    // Nothing to create before the routes: the Services are the runtime's and the Gateway is the cluster owner's.
    ensureObjects: async () => ok(undefined),
    setRoutes,
    observeRoutes: async (canary) => {
      try {
        const list = (await api.listNamespacedCustomObject({ group: GATEWAY_API_GROUP, version: GATEWAY_API_VERSION, namespace: canary.namespace, plural: HTTP_ROUTES })) as { items?: ListedHttpRoute[] };
        if (!Array.isArray(list.items)) return failed({ code: 'badResponse', retryable: false, message: `Unexpected answer to listing HTTPRoutes in ${canary.namespace}: no items array` });
        return ok(list.items.map((route) => summariseHttpRoute(route, canary)));
      } catch (error) {
        return failed(errorFromException(`list HTTPRoutes in ${canary.namespace}`, error));
      }
    },
    handBack: (canary, spec) => setRoutes(canary, spec, ALL_TO_PRIMARY),
  };
}

/** The Gateway API entry of the router factory (runtime/routers/routers.ts). */
export const GATEWAY_API_ROUTER: RouterImplementation = {
  telemetry: istioTelemetry,
  create: (kubeConfig) => gatewayApiRouter(kubeConfig),
};
