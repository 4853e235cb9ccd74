// The router-neutral port the runtime moves traffic with (as Flagger's
// pkg/router Interface and Argo Rollouts' TrafficRoutingReconciler): each
// implementation (adapters/<router>/) owns its objects, their names beyond the
// Services, and its telemetry. The Services `<svc>`, `<svc>-primary`,
// `<svc>-canary` and `<svc>-internal` are the runtime's (cluster-ports.ts),
// shared by every router.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterCaches } from '../../adapters/kubernetes/cluster-caches.js';
import type { Routes } from '../../core/actions.js';
import type { VirtualServiceSummary } from '../../core/observations.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import type { CanaryIdentity, Outcome } from '../ports.js';
import type { RequestTelemetry } from './request-telemetry.js';

/**
 * Moves one Canary's traffic between `<svc>-primary` and `<svc>-canary`, and sends internal users
 * to `<svc>-internal` (the canary's pods too) while the rollout wants them there. Never throws:
 * failures are values.
 */
export interface Router {
  /** Creates or updates the router's own objects the routes lead through (Istio: the DestinationRules), verified. */
  ensureObjects(canary: CanaryIdentity, spec: CanarySpec): Promise<Outcome<unknown>>;
  /** Sets `routes` (weights and the internal match), then reads them back and answers `notVerified` unless they took effect. */
  setRoutes(canary: CanaryIdentity, spec: CanarySpec, routes: Routes): Promise<Outcome<unknown>>;
  /** Every route object of the Canary's namespace, summarised relative to it (the core finds conflicting claims in these). */
  observeRoutes(canary: CanaryIdentity): Promise<Outcome<VirtualServiceSummary[]>>;
  /** On removal: the routes lead to the Service clients call again (objects adopted are restored), verified. */
  handBack(canary: CanaryIdentity, spec: CanarySpec): Promise<Outcome<unknown>>;
}

/** Where a router reads the cluster: the informer caches while they are synced (else every read is a request). */
export interface RouterOptions {
  caches?: ClusterCaches;
}

/** One kind of router: its telemetry (pure PromQL) and how to build it over a cluster. */
export interface RouterImplementation {
  readonly telemetry: RequestTelemetry;
  create(kubeConfig: KubeConfig, options: RouterOptions): Router;
}
