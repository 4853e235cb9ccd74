// The one place that turns configuration into a running controller's parts:
// main.ts and the in-process test harness (e2e/scenario/in-process-controller.ts)
// both call wireController, so what the tests run is what the image runs.
import type { KubeConfig } from '@kubernetes/client-node';
import { createClusterCaches } from '../adapters/kubernetes/cluster-caches.js';
import { createKubernetesAdapter } from '../adapters/kubernetes/kubernetes-port.js';
import { feedDashboardFromCaches } from '../dashboard/cache-feed.js';
import type { CanarySource } from '../dashboard/canary-source.js';
import { watchCanaries } from '../dashboard/canary-watch.js';
import type { MetricSystem } from '../schema/checks.js';
import { createProviders } from './checks/providers.js';
import { clusterPorts } from './cluster-ports.js';
import type { Config } from './config.js';
import type { ControllerOptions } from './controller.js';
import { notifiersFromConfig } from './notifiers/notifiers-from-config.js';
import { createRouters } from './routers/routers.js';
import type { CallLimit } from './system-limits.js';

/** What the caller adds: how it logs and who watches (metrics, tests). */
export type WiringExtras = Pick<ControllerOptions, 'logger'> & Partial<Pick<ControllerOptions, 'observer' | 'bugs' | 'countRetry' | 'timeReconcile' | 'clock'>>;

export interface Wiring {
  /** For startController: ports, informer caches, queue settings and the caller's extras. */
  options: ControllerOptions;
  /** The concurrency limit of each metric provider, for the calls-waiting gauge. */
  limits: Readonly<Record<MetricSystem, CallLimit>>;
  /** The Canaries the dashboard shows (the controller's namespace only, when it has one): see dashboard/cache-feed.ts. */
  dashboard: CanarySource;
}

/**
 * Builds the controller's ports and options from validated configuration
 * (config.ts) and a loaded KubeConfig: informer caches (of SONGBIRD_NAMESPACE only
 * when set: every list and watch then stays in that namespace), the Kubernetes adapter
 * and the routers (routers/routers.ts: one per kind, built on first use) over
 * them, every metric provider (checks/providers.ts) behind its concurrency
 * limit, every notifier (notifiers/notifiers-from-config.ts), and the work
 * queue's settings, and the dashboard's source of Canaries: the informer
 * cache's while leading, a watch of its own on a standby replica
 * (dashboard/cache-feed.ts). Starts nothing: startController(wiring.options)
 * does.
 */
export function wireController(config: Config, kubeConfig: KubeConfig, extras: WiringExtras): Wiring {
  const namespace = config.SONGBIRD_NAMESPACE;
  const { caches, source: dashboard } = feedDashboardFromCaches(createClusterCaches(kubeConfig, namespace === undefined ? {} : { namespace }), {
    ...(namespace === undefined ? {} : { namespace }),
    standby: () => {
      const watch = watchCanaries(kubeConfig, namespace);
      return { ...watch, state: () => ({ ...watch.state(), message: `standby replica (another holds the leader Lease), watching on its own: ${watch.state().message}` }) };
    },
  });
  const kube = createKubernetesAdapter(kubeConfig, { instance: config.HOSTNAME, caches });
  const cluster = clusterPorts(kube, createRouters(kubeConfig, { caches }));
  const providers = createProviders(config, config.SONGBIRD_HTTP_TIMEOUT_MS);
  const notifiers = notifiersFromConfig(config, { readSecret: cluster.readSecret });
  return {
    options: {
      clock: () => new Date(),
      ...extras,
      ports: { cluster, ...providers.ports, notifiers },
      caches,
      namespace: config.SONGBIRD_NAMESPACE,
      resyncCron: config.SONGBIRD_RESYNC_CRON,
      concurrency: config.SONGBIRD_CONCURRENCY,
    },
    limits: providers.limits,
    dashboard,
  };
}
