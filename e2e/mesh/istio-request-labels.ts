// The Istio metric labels for one served (or refused) request. Served
// requests are reported by the destination proxy; requests that never reached
// a workload (no route, no healthy upstream) exist only at the source proxy,
// so they carry reporter="source" and destination_workload="unknown", as in
// Istio.
import { fullyQualifiedHost } from './host-names.js';
import type { IstioLabels } from './istio-metrics.js';
import type { ServedRequest } from './serve-request.js';

const UNKNOWN = 'unknown';

export function istioLabels(served: ServedRequest, requestHost: string, namespace: string): IstioLabels {
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
      return {
        ...common,
        reporter: 'destination',
        connection_security_policy: 'none',
        destination_workload: served.workload.name,
        destination_workload_namespace: served.workload.namespace,
        destination_app: app,
        destination_version: labels['version'] ?? UNKNOWN,
        destination_service: fullyQualifiedHost(served.service.name, served.service.namespace),
        destination_service_name: served.service.name,
        destination_service_namespace: served.service.namespace,
        destination_canonical_service: labels['service.istio.io/canonical-name'] ?? (app === UNKNOWN ? served.workload.name : app),
        destination_canonical_revision:
          labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest',
        response_code: String(served.outcome.status),
        response_flags: '-',
      };
    }
    case 'unavailable':
      return {
        ...common,
        ...unknownDestination,
        reporter: 'source',
        destination_service: fullyQualifiedHost(served.service.name, served.service.namespace),
        destination_service_name: served.service.name,
        destination_service_namespace: served.service.namespace,
        response_code: String(served.status),
        response_flags: 'UH',
      };
    case 'not-routed':
      return {
        ...common,
        ...unknownDestination,
        reporter: 'source',
        destination_service: fullyQualifiedHost(requestHost, namespace),
        destination_service_name: UNKNOWN,
        destination_service_namespace: UNKNOWN,
        response_code: String(served.status),
        response_flags: served.status === 404 ? 'NR' : 'DR',
      };
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
