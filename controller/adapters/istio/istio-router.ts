// The routing port the runtime uses, and its one implementation: Istio
// VirtualService and DestinationRules over the Kubernetes API.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Routes } from '../../core/actions.js';
import type { VirtualServiceSummary } from '../../core/observations.js';
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { cachedClients } from '../kubernetes/cached-clients.js';
import type { ClusterCaches } from '../kubernetes/cluster-caches.js';
import type { KubeResult } from '../kubernetes/kubernetes-errors.js';
import type { CanaryRef } from '../kubernetes/owner-reference.js';
import { applyRoutes, getRoutes, type AppliedRoutes } from './apply-routes.js';
import type { DestinationRulesInput } from './destination-rule-plan.js';
import { ensureDestinationRules, type RuleOutcomes } from './ensure-destination-rules.js';
import { handBackRoutes } from './hand-back-routes.js';
import { observeVirtualServices } from './observe-virtual-services.js';
import type { CanaryHosts } from './route-reading.js';
import type { RoutingInput } from './virtual-service-plan.js';

export interface RouterPort {
  applyRoutes(input: RoutingInput): Promise<KubeResult<AppliedRoutes>>;
  ensureDestinationRules(input: DestinationRulesInput): Promise<KubeResult<RuleOutcomes>>;
  getRoutes(namespace: string, name: string, hosts: CanaryHosts): Promise<KubeResult<Routes | undefined>>;
  /** Every VirtualService in `namespace`, summarised (relation relative to `canary`). */
  observeVirtualServices(namespace: string, canary: CanaryRef): Promise<KubeResult<VirtualServiceSummary[]>>;
  /** The Canary's VirtualServices handed back on removal (hand-back-routes.ts), read back and verified. */
  handBackRoutes(input: RoutingInput): Promise<KubeResult<'handedBack'>>;
}

/** `caches`: read from these informer caches while they are synced (cached-clients.ts); without them every read is a request. */
export function createIstioRouter(kubeConfig: KubeConfig, options: { caches?: ClusterCaches } = {}): RouterPort {
  const direct = makeKubernetesClients(kubeConfig);
  const clients = options.caches ? cachedClients(direct, options.caches) : direct;
  return {
    applyRoutes: (input) => applyRoutes(clients, input),
    ensureDestinationRules: (input) => ensureDestinationRules(clients, input),
    getRoutes: (namespace, name, hosts) => getRoutes(clients, namespace, name, hosts),
    observeVirtualServices: (namespace, canary) => observeVirtualServices(clients, namespace, canary),
    handBackRoutes: (input) => handBackRoutes(clients, input),
  };
}
