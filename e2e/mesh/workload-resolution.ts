// From a routed destination host (and subset) to the Deployment that serves
// it, as kube-proxy/Envoy endpoints would: the Service's selector (plus the
// DestinationRule subset's labels) picks Deployments by pod-template labels;
// only Deployments with ready replicas are endpoints, chosen in proportion to
// their ready replicas.
import type { V1Deployment, V1ServicePort } from '@kubernetes/client-node';
import type { ClusterView } from './cluster-view.js';
import { fullyQualifiedHost, serviceOfHost } from './host-names.js';
import type { RandomSource } from './seeded-random.js';
import type { ChosenDestination } from './virtual-service-routing.js';

export interface ServiceRef {
  readonly name: string;
  readonly namespace: string;
}

export interface Workload {
  readonly name: string;
  readonly namespace: string;
  readonly deployment: V1Deployment;
  readonly labels: Readonly<Record<string, string>>;
  /** The ports of the Service that reached it: their targetPort names the serving container. */
  readonly servicePorts: readonly V1ServicePort[];
}

export type WorkloadResolution =
  | { readonly kind: 'workload'; readonly service: ServiceRef; readonly workload: Workload }
  | { readonly kind: 'unavailable'; readonly status: 503; readonly service: ServiceRef; readonly reason: string };

export function resolveWorkload(view: ClusterView, destination: ChosenDestination, random: RandomSource): WorkloadResolution {
  const ref = serviceOfHost(destination.host, view.namespace) ?? { name: destination.host, namespace: view.namespace };
  const unavailable = (reason: string): WorkloadResolution => ({ kind: 'unavailable', status: 503, service: ref, reason });
  if (ref.namespace !== view.namespace) return unavailable(`host ${destination.host} is outside namespace ${view.namespace}`);
  const service = view.services().find((s) => s.metadata?.name === ref.name);
  if (!service) return unavailable(`no Service ${ref.name}`);
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return unavailable(`Service ${ref.name} has no selector`);
  const subsetLabels = destination.subset === undefined ? {} : subsetSelector(view, ref, destination.subset);
  if (subsetLabels === undefined) return unavailable(`no DestinationRule subset ${destination.subset} for ${ref.name}`);
  const wanted = { ...selector, ...subsetLabels };
  const ready = view.deployments().filter((d) => (d.status?.readyReplicas ?? 0) > 0 && labelsMatch(d.spec?.template.metadata?.labels ?? {}, wanted));
  const chosen = pickByReadyReplicas(ready, random);
  if (!chosen) return unavailable(`Service ${ref.name} has no ready workload`);
  return {
    kind: 'workload',
    service: ref,
    workload: {
      name: chosen.metadata?.name ?? 'unknown',
      namespace: chosen.metadata?.namespace ?? view.namespace,
      deployment: chosen,
      labels: chosen.spec?.template.metadata?.labels ?? {},
      servicePorts: service.spec?.ports ?? [],
    },
  };
}

function subsetSelector(view: ClusterView, service: ServiceRef, subset: string): Readonly<Record<string, string>> | undefined {
  const fqdn = fullyQualifiedHost(service.name, service.namespace);
  const rule = view.destinationRules().find((r) => fullyQualifiedHost(r.spec.host, r.metadata.namespace ?? view.namespace) === fqdn);
  const found = rule?.spec.subsets?.find((s) => s.name === subset);
  return found ? (found.labels ?? {}) : undefined;
}

function labelsMatch(labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function pickByReadyReplicas(deployments: readonly V1Deployment[], random: RandomSource): V1Deployment | undefined {
  const total = deployments.reduce((sum, d) => sum + (d.status?.readyReplicas ?? 0), 0);
  let remaining = random() * total;
  for (const deployment of deployments) {
    remaining -= deployment.status?.readyReplicas ?? 0;
    if (remaining < 0) return deployment;
  }
  return deployments[deployments.length - 1];
}
