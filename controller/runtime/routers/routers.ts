// The router factory: one implementation per kind of router-kind.ts, in a
// mapped type with no default, so a kind without its implementation fails `tsc`
// here (routers.test.ts proves it). A second router is a new adapters/ folder,
// its kind in router-kind.ts and its line below.
import type { KubeConfig } from '@kubernetes/client-node';
import { GATEWAY_API_ROUTER } from '../../adapters/gateway-api/gateway-api-router.js';
import { ISTIO_ROUTER } from '../../adapters/istio/istio-canary-router.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import type { RequestTelemetry } from './request-telemetry.js';
import type { Router, RouterImplementation, RouterOptions } from './router.js';
import { routerKindOf, type RouterKind } from './router-kind.js';

/** One implementation per router kind. */
export type RouterImplementations = { readonly [K in RouterKind]: RouterImplementation };

const IMPLEMENTATIONS: RouterImplementations = {
  istio: ISTIO_ROUTER,
  gatewayApi: GATEWAY_API_ROUTER,
};

/** The routers of one controller: each built on first use, then reused. */
export interface Routers {
  /** The router of this Canary (routerKindOf its spec). */
  of(spec: CanarySpec): Router;
  ofKind(kind: RouterKind): Router;
}

/** Builds the routers over `kubeConfig`; nothing is asked of the cluster until a router is used. */
export function createRouters(kubeConfig: KubeConfig, options: RouterOptions = {}): Routers {
  const built = new Map<RouterKind, Router>();
  const ofKind = (kind: RouterKind): Router => {
    const known = built.get(kind);
    if (known) return known;
    const router = IMPLEMENTATIONS[kind].create(kubeConfig, options);
    built.set(kind, router);
    return router;
  };
  return { of: (spec) => ofKind(routerKindOf(spec)), ofKind };
}

/** The PromQL of the requests this Canary's router carries, for the built-in checks. */
export const telemetryOf = (spec: CanarySpec): RequestTelemetry => IMPLEMENTATIONS[routerKindOf(spec)].telemetry;
