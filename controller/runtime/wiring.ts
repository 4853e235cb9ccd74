// The one place that turns configuration into a running controller's parts:
// main.ts and the in-process test harness (e2e/scenario/in-process-controller.ts)
// both call wireController, so what the tests run is what the image runs.
import type { KubeConfig } from '@kubernetes/client-node';
import { createClusterCaches } from '../adapters/kubernetes/cluster-caches.js';
import { createKubernetesAdapter } from '../adapters/kubernetes/kubernetes-port.js';
import { createPrometheusClient } from '../adapters/prometheus/prometheus-client.js';
import { createSentryAdapter } from '../adapters/sentry/sentry-adapter.js';
import { createWavefrontClient } from '../adapters/wavefront/wavefront-client.js';
import { clusterPorts } from './cluster-ports.js';
import type { Config } from './config.js';
import type { ControllerOptions } from './controller.js';
import { notifiersFromConfig } from './notifiers/notifiers-from-config.js';
import { createRouters } from './routers/routers.js';
import { limitPrometheus, limitSentry, limitWavefront, type CallLimit } from './system-limits.js';

/** What the caller adds: how it logs and who watches (metrics, tests). */
export type WiringExtras = Pick<ControllerOptions, 'logger'> & Partial<Pick<ControllerOptions, 'observer' | 'bugs' | 'countRetry' | 'timeReconcile' | 'clock'>>;

export interface Wiring {
  /** For startController: ports, informer caches, queue settings and the caller's extras. */
  options: ControllerOptions;
  /** The concurrency limits of the outside systems, for the calls-waiting gauge. */
  limits: { prometheus: CallLimit; sentry: CallLimit; wavefront: CallLimit };
}

/**
 * Builds the controller's ports and options from validated configuration
 * (config.ts) and a loaded KubeConfig: informer caches, the Kubernetes adapter
 * and the routers (routers/routers.ts: one per kind, built on first use) over
 * them, Prometheus, Sentry and Wavefront behind their concurrency limits, every notifier (notifiers/notifiers-from-config.ts), and the work
 * queue's settings. Starts nothing: startController(wiring.options) does.
 */
export function wireController(config: Config, kubeConfig: KubeConfig, extras: WiringExtras): Wiring {
  const caches = createClusterCaches(kubeConfig);
  const kube = createKubernetesAdapter(kubeConfig, { instance: config.HOSTNAME, caches });
  const cluster = clusterPorts(kube, createRouters(kubeConfig, { caches }));
  const timeoutMs = config.SONGBIRD_HTTP_TIMEOUT_MS;
  const prometheus = limitPrometheus(createPrometheusClient({ baseUrl: config.SONGBIRD_PROMETHEUS_URL, timeoutMs }), config.SONGBIRD_PROMETHEUS_CONCURRENCY);
  const sentry = limitSentry(createSentryAdapter({ timeoutMs }), config.SONGBIRD_SENTRY_CONCURRENCY);
  const wavefront = limitWavefront(createWavefrontClient({ timeoutMs }), config.SONGBIRD_WAVEFRONT_CONCURRENCY);
  const notifiers = notifiersFromConfig(config, { readSecret: cluster.readSecret });
  return {
    options: {
      clock: () => new Date(),
      ...extras,
      ports: { cluster, prometheus, sentry, wavefront, notifiers },
      caches,
      namespace: config.SONGBIRD_NAMESPACE,
      resyncCron: config.SONGBIRD_RESYNC_CRON,
      concurrency: config.SONGBIRD_CONCURRENCY,
    },
    limits: { prometheus: prometheus.limit, sentry: sentry.limit, wavefront: wavefront.limit },
  };
}
