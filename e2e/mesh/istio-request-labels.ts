// The Istio metric labels for one served (or refused) request, one label set per proxy that
// reports it. A served request is reported twice, as in Istio: by the client proxy (the calling
// sidecar or the ingress gateway, where the route was chosen: reporter="source") and by the
// server sidecar (reporter="destination"). Both take destination_service_* from their upstream
// cluster's metadata (istio/proxy istio_stats.cc, populatePeerInfo: `istio.services[0]`): the
// client's is `outbound|<port>||<routed Service>`, so it names the Service the route led through;
// the server's is the pod's inbound cluster, naming the oldest Service on that port
// (inbound-service.ts). Requests that never reached a workload (no route, no healthy upstream)
// exist only at the client proxy: reporter="source", destination_workload="unknown".
import { fullyQualifiedHost } from './host-names.js';
import type { IstioLabels } from './istio-metrics.js';
import type { ServedRequest } from './serve-request.js';
import type { ServiceRef } from './workload-resolution.js';

const UNKNOWN = 'unknown';

/** One label set per reporting proxy: [source, destination] when served, [source] otherwise. */
export function istioLabels(served: ServedRequest, requestHost: string, namespace: string): readonly IstioLabels[] {
  const common = {
    source_workload: UNKNOWN,
    source_workload_namespace: UNKNOWN,
    source_app: UNKNOWN,
    request_protocol: 'http',
    connection_security_policy: UNKNOWN,
  };
  switch (served.kind) {
    case 'served': {
      const labels = served.workload.labels;
      const app = labels['app'] ?? labels['app.kubernetes.io/name'] ?? UNKNOWN;
      const workload = {
        ...common,
        destination_workload: served.workload.name,
        destination_workload_namespace: served.workload.namespace,
        destination_app: app,
        destination_version: labels['version'] ?? UNKNOWN,
        destination_canonical_service: labels['service.istio.io/canonical-name'] ?? (app === UNKNOWN ? served.workload.name : app),
        destination_canonical_revision:
          labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest',
        response_code: String(served.outcome.status),
        response_flags: '-',
      };
      return [
        { ...workload, ...serviceLabels(served.service), reporter: 'source' },
        { ...workload, ...serviceLabels(served.serverService), reporter: 'destination', connection_security_policy: 'none' },
      ];
    }
    case 'unavailable':
      return [
        {
          ...common,
          ...unknownDestination,
          ...serviceLabels(served.service),
          reporter: 'source',
          response_code: String(served.status),
          response_flags: 'UH',
        },
      ];
    case 'not-routed':
      return [{
        ...common,
        ...unknownDestination,
        reporter: 'source',
        destination_service: fullyQualifiedHost(requestHost, namespace),
        destination_service_name: UNKNOWN,
        destination_service_namespace: UNKNOWN,
        response_code: String(served.status),
        response_flags: served.status === 404 ? 'NR' : 'DR',
      }];
    default: {
      const unhandled: never = served;
      return unhandled;
    }
  }
}

const unknownDestination = {
  destination_workload: UNKNOWN,
  destination_workload_namespace: UNKNOWN,
  destination_app: UNKNOWN,
  destination_version: UNKNOWN,
  destination_canonical_service: UNKNOWN,
  destination_canonical_revision: UNKNOWN,
};

const serviceLabels = (service: ServiceRef) => ({
  destination_service: fullyQualifiedHost(service.name, service.namespace),
  destination_service_name: service.name,
  destination_service_namespace: service.namespace,
});
