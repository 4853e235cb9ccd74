// The routing port the runtime uses, and its one implementation: Istio
// VirtualService and DestinationRules over the Kubernetes API.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Routes } from '../../core/actions.js';
import { makeKubernetesClients } from '../kubernetes/kubernetes-clients.js';
import type { KubeResult } from '../kubernetes/kubernetes-errors.js';
import { applyRoutes, getRoutes, type AppliedRoutes } from './apply-routes.js';
import type { DestinationRulesInput } from './destination-rule-plan.js';
import { ensureDestinationRules, type RuleOutcomes } from './ensure-destination-rules.js';
import type { RoutingInput } from './virtual-service-plan.js';

export interface RouterPort {
  applyRoutes(input: RoutingInput): Promise<KubeResult<AppliedRoutes>>;
  ensureDestinationRules(input: DestinationRulesInput): Promise<KubeResult<RuleOutcomes>>;
  getRoutes(namespace: string, name: string, canaryHost: string): Promise<KubeResult<Routes | undefined>>;
}

export function createIstioRouter(kubeConfig: KubeConfig): RouterPort {
  const clients = makeKubernetesClients(kubeConfig);
  return {
    applyRoutes: (input) => applyRoutes(clients, input),
    ensureDestinationRules: (input) => ensureDestinationRules(clients, input),
    getRoutes: (namespace, name, canaryHost) => getRoutes(clients, namespace, name, canaryHost),
  };
}
