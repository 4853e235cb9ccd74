// Istio as one implementation of the runtime's router port
// (runtime/routers/router.ts): the DestinationRules `<svc>-primary`,
// `<svc>-canary` and `<svc>-internal`, the VirtualService `<svc>` (and `<svc>-gateway`) with the
// Canary's hosts and gateways, and Istio's request telemetry.
import { ALL_TO_PRIMARY, type Routes } from '../../core/actions.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import { canaryServiceName, internalServiceName, primaryServiceName, serviceNameOf } from '../../schema/generated-names.js';
import type { Router, RouterImplementation } from '../../runtime/routers/router.js';
import type { CanaryRef } from '../kubernetes/owner-reference.js';
import { createIstioRouter, type RouterPort } from './istio-router.js';
import { istioTelemetry } from './istio-telemetry.js';
import type { RoutingInput } from './virtual-service-plan.js';

/** The router port over Istio's own operations (istio-router.ts). */
export function istioCanaryRouter(istio: RouterPort): Router {
  return {
    ensureObjects: (canary, spec) => istio.ensureDestinationRules({ namespace: canary.namespace, serviceName: serviceNameOf(spec), owner: canary }),
    setRoutes: (canary, spec, routes) => istio.applyRoutes(routingInput(canary, spec, routes)),
    observeRoutes: (canary) => istio.observeVirtualServices(canary.namespace, canary),
    handBack: (canary, spec) => istio.handBackRoutes(routingInput(canary, spec, ALL_TO_PRIMARY)),
  };
}

/** The Istio entry of the router factory (runtime/routers/routers.ts). */
export const ISTIO_ROUTER: RouterImplementation = {
  telemetry: istioTelemetry,
  create: (kubeConfig, options) => istioCanaryRouter(createIstioRouter(kubeConfig, options)),
};

/** The VirtualService `<svc>` of a Canary: its hosts (the Service name first), gateways, internal match and `routes`. */
export function routingInput(canary: CanaryRef & { namespace: string }, spec: CanarySpec, routes: Routes): RoutingInput {
  const serviceName = serviceNameOf(spec);
  return {
    name: serviceName,
    namespace: canary.namespace,
    hosts: [serviceName, ...spec.service.hosts],
    gateways: spec.service.gateways,
    primaryHost: primaryServiceName(serviceName),
    canaryHost: canaryServiceName(serviceName),
    internalHost: internalServiceName(serviceName),
    port: spec.service.port,
    internalMatch: spec.stages.internal?.match,
    routes,
    owner: canary,
  };
}
