import type { ControllerMetrics } from './metrics.js';
import type { ReconcileObserver } from './reconcile.js';

/** What reconciles report, turned into the controller's metrics. */
export function metricsObserver(metrics: ControllerMetrics): ReconcileObserver {
  return {
    reconciled: (key, before, after, now) => metrics.observeReconcile(key, before, after, now),
    removed: (key) => metrics.forgetCanary(key),
    failed: (system, reason) => metrics.countError(system, reason),
  };
}
