// The mesh's decision for one request, with no side effects: which route,
// which Service and workload, and what that version answered. The caller
// records metrics, counts and Sentry reports from the result.
import type { ClusterView } from './cluster-view.js';
import { entryGateway, type MeshRequest } from './mesh-request.js';
import { sampleOutcome, type RequestOutcome, type UserKind } from './request-outcome.js';
import type { RandomSource } from './seeded-random.js';
import { servingContainer } from './serving-container.js';
import { containerEnv, versionBehaviour, type VersionBehaviour } from './version-behaviour.js';
import { inboundService } from './inbound-service.js';
import { httpRoutesFor, routeByHttpRoutes } from './http-route-routing.js';
import { routeRequest, type RouteDecision } from './virtual-service-routing.js';
import { virtualServiceFor } from './virtual-service-selection.js';
import { resolveWorkload, type ServiceRef, type Workload } from './workload-resolution.js';

export type ServedRequest =
  | {
      readonly kind: 'served';
      /** The Service the route led through: what the client proxy reports (reporter="source"). */
      readonly service: ServiceRef;
      /** The Service the server sidecar names (reporter="destination"): the oldest on that pod port (inbound-service.ts). */
      readonly serverService: ServiceRef;
      readonly workload: Workload;
      readonly behaviour: VersionBehaviour;
      readonly outcome: RequestOutcome;
    }
  | { readonly kind: 'unavailable'; readonly status: 503; readonly service: ServiceRef; readonly reason: string }
  | { readonly kind: 'not-routed'; readonly status: number; readonly reason: string };

export function serveRequest(view: ClusterView, request: MeshRequest, user: UserKind, random: RandomSource): ServedRequest {
  // HTTPRoutes attached to this traffic (its Service, or its Gateway) route it; else the VirtualServices do.
  const httpRoutes = httpRoutesFor(view.httpRoutes(), request, view.namespace);
  if (httpRoutes.length > 0) return served(view, routeByHttpRoutes(httpRoutes, request, random, view.namespace), user, random);
  const virtualService = virtualServiceFor(view.virtualServices(), request.host, view.namespace, entryGateway(request));
  // A gateway routes only what a VirtualService binds to it; Envoy answers 404 otherwise.
  if (!virtualService && request.gateway) return { kind: 'not-routed', status: 404, reason: `no VirtualService binds ${request.host} to gateway ${request.gateway}` };
  // Without a VirtualService, a sidecar sends the request straight to the Service named by the host.
  const decision: RouteDecision = virtualService
    ? routeRequest(virtualService.spec, request, { random, namespace: virtualService.metadata.namespace ?? view.namespace })
    : { kind: 'destination', destination: { host: request.host }, routeIndex: -1 };
  return served(view, decision, user, random);
}

/** What the destination of `decision` answers: its workload's behaviour, or why nothing served it. */
function served(view: ClusterView, decision: RouteDecision, user: UserKind, random: RandomSource): ServedRequest {
  if (decision.kind === 'no-route') return { kind: 'not-routed', status: decision.status, reason: decision.reason };
  if (decision.kind === 'direct-response') return { kind: 'not-routed', status: decision.status, reason: 'direct response' };
  const resolution = resolveWorkload(view, decision.destination, random);
  if (resolution.kind === 'unavailable') return resolution;
  const template = resolution.workload.deployment.spec?.template.spec;
  // The app runs in the container the Service reaches; its own env (not a sidecar's) configures it and its Sentry SDK.
  const container = servingContainer(template?.containers ?? [], resolution.workload.servicePorts);
  const behaviour = versionBehaviour(containerEnv(container), container?.image);
  const serverService = inboundService(view, resolution.service, resolution.workload);
  return { kind: 'served', service: resolution.service, serverService, workload: resolution.workload, behaviour, outcome: sampleOutcome(behaviour, user, random) };
}
