// The Service a server sidecar names for a request it received (reporter="destination"), which is
// not always the Service the client's route led through. Istio's stats filter takes
// destination_service_name from the upstream cluster's metadata `istio.services[0]` (istio/proxy,
// source/extensions/filters/http/istio_stats/istio_stats.cc, populatePeerInfo). At the server
// sidecar that cluster is the inbound cluster of the pod port, whose list istiod fills with every
// Service on that port that selects the pod (istio/istio pilot/pkg/networking/core/cluster_builder.go,
// addTelemetryMetadata: inbound services whose port is the cluster's), in the order of the proxy's
// service targets: oldest creationTimestamp first, then hostname (pilot/pkg/model/context.go,
// SetServiceTargets). So `<svc>-canary` and `<svc>-internal`, both over the canary's pods, are
// reported under the same (older) name there; only the client proxy (reporter="source") tells them apart.
import type { V1Container, V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { ClusterView } from './cluster-view.js';
import { fullyQualifiedHost } from './host-names.js';
import type { ServiceRef, Workload } from './workload-resolution.js';

/**
 * The oldest Service of the view's namespace (creationTimestamp, then fully qualified name) whose
 * selector selects the workload's pods and which has a port with the same `port` number and the
 * same pod port (resolved targetPort) as the first port of the Service the request came through.
 * That routed Service always qualifies, so it is the answer when nothing older does. A Service
 * without a creationTimestamp (only in hand-built views; the API server always sets one) counts as
 * the newest.
 */
export function inboundService(view: ClusterView, routed: ServiceRef, workload: Workload): ServiceRef {
  const routedPort = workload.servicePorts[0];
  const containers = workload.deployment.spec?.template.spec?.containers ?? [];
  if (!routedPort) return routed;
  const podPort = resolvedPodPort(routedPort, containers);
  const candidates = view.services().filter(
    (service) =>
      selects(service, workload.labels) &&
      (service.spec?.ports ?? []).some((port) => port.port === routedPort.port && resolvedPodPort(port, containers) === podPort),
  );
  const oldest = [...candidates].sort((a, b) => createdAt(a) - createdAt(b) || compareNames(a, b, view.namespace))[0];
  const name = oldest?.metadata?.name;
  return name === undefined ? routed : { name, namespace: oldest?.metadata?.namespace ?? view.namespace };
}

function selects(service: V1Service, podLabels: Readonly<Record<string, string>>): boolean {
  const selector = service.spec?.selector ?? {};
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => podLabels[key] === value);
}

/** The container port a Service port reaches: a number, a named container port, or the Service port when targetPort is unset. */
function resolvedPodPort(port: V1ServicePort, containers: readonly V1Container[]): number | string {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number' || /^\d+$/.test(String(target))) return Number(target);
  const named = containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target);
  return named?.containerPort ?? `unresolved:${String(target)}`;
}

function createdAt(service: V1Service): number {
  const created = service.metadata?.creationTimestamp;
  return created === undefined ? Number.POSITIVE_INFINITY : new Date(created).getTime();
}

function compareNames(a: V1Service, b: V1Service, namespace: string): number {
  const host = (s: V1Service) => fullyQualifiedHost(s.metadata?.name ?? '', s.metadata?.namespace ?? namespace);
  return host(a) < host(b) ? -1 : host(a) > host(b) ? 1 : 0;
}
