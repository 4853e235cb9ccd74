// Istio's standard HTTP request metrics, in a registry of their own (never
// prom-client's global one), so several meshes can live in one process.
import { Counter, Histogram, Registry } from 'prom-client';

/** Istio's default buckets for istio_request_duration_milliseconds. */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

export const ISTIO_LABEL_NAMES = [
  'reporter',
  'source_workload',
  'source_workload_namespace',
  'source_app',
  'destination_workload',
  'destination_workload_namespace',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'request_protocol',
  'response_code',
  'response_flags',
  'connection_security_policy',
] as const;

export type IstioLabels = Readonly<Record<(typeof ISTIO_LABEL_NAMES)[number], string>>;

export interface IstioMetrics {
  readonly registry: Registry;
  record(labels: IstioLabels, durationMs: number): void;
}

export function createIstioMetrics(): IstioMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'istio_requests_total',
    help: 'Total number of requests handled by an Istio proxy (mesh stand-in).',
    labelNames: ISTIO_LABEL_NAMES,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'istio_request_duration_milliseconds',
    help: 'Request duration in milliseconds as seen by an Istio proxy (mesh stand-in).',
    labelNames: ISTIO_LABEL_NAMES,
    buckets: [...ISTIO_DURATION_BUCKETS_MS],
    registers: [registry],
  });
  return {
    registry,
    record(labels, durationMs) {
      // Same label order on every series, as Istio's own exposition has.
      const ordered = Object.fromEntries(ISTIO_LABEL_NAMES.map((name) => [name, labels[name]]));
      requests.inc(ordered);
      duration.observe(ordered, durationMs);
    },
  };
}
