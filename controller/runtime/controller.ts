import cron from 'node-cron';
import type { Logger } from 'pino';
import type { ClusterCacheHub } from '../adapters/kubernetes/cluster-caches.js';
import type { BugReporter } from './bug-reporter.js';
import { CanaryIndex } from './canary-index.js';
import { reconcileCanary, type ReconcileDeps } from './reconcile.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerOptions extends ReconcileDeps {
  /** The informer caches the adapters read; started and stopped with the controller. */
  caches: ClusterCacheHub;
  namespace?: string;
  resyncCron: string;
  /** Reconciles running at once (default 4). */
  concurrency?: number;
  bugs?: BugReporter;
  /** Starts timing one reconcile; the answer ends it (the reconcile-duration metric). */
  timeReconcile?: () => () => void;
  /** A failed reconcile was put back with its backoff (the retries metric). */
  countRetry?: () => void;
}

export interface RunningController {
  /** Resolves once every informer delivered its first list. */
  started: Promise<void>;
  /** True while every informer holds a successful list and its watch runs (the readiness probe). */
  synced(): boolean;
  /** The kinds not synced, e.g. ['virtualServices'] while Istio's CRDs are missing. */
  unsynced(): string[];
  /** Keys waiting to be reconciled. */
  depth(): number;
  /**
   * Stops watching and taking work; running reconciles get `graceMs` (default
   * 0: do not wait). Never rejects.
   */
  stop(graceMs?: number): Promise<{ dropped: number; finished: number; abandoned: number }>;
}

/**
 * Runs the informers (cluster-caches.ts) and reconciles each Canary on a
 * bounded work queue: a change enqueues only the Canaries it concerns
 * (canary-index.ts); a cron enqueues every known Canary so none is forgotten.
 */
export function startController(options: ControllerOptions): RunningController {
  const log = options.logger.child({ component: 'controller' });
  const inScope = (namespace: string) => !options.namespace || options.namespace === namespace;
  const index = new CanaryIndex();
  const queue = new WorkQueue(
    (key) => {
      const slash = key.indexOf('/');
      const timed = options.timeReconcile?.();
      return reconcileCanary(options, { namespace: key.slice(0, slash), name: key.slice(slash + 1) }).finally(() => timed?.());
    },
    options.concurrency ?? 4,
    (key, error) => {
      log.error({ key, err: error }, 'reconcile threw; retrying (this is a bug)');
      options.bugs?.report(error, { canary: key });
    },
    { onRetry: () => options.countRetry?.() },
  );

  const caches = options.caches.start(
    (kind, namespace, name, object, gone) => {
      if (!inScope(namespace)) return;
      const keys = kind === 'canaries' ? index.canaryChanged(namespace, name, object, gone) : index.concerned(kind, namespace, name, object);
      for (const key of keys) queue.add(key);
    },
    { onError: (kind, error, retryInMs) => log.warn({ error: error.message, retryInMs }, `${kind} watch failed; re-listing`) },
  );

  const resync = cron.schedule(options.resyncCron, () => {
    for (const key of index.keys()) queue.add(key);
  });

  return {
    started: caches.started.then(() => log.info({ concurrency: options.concurrency ?? 4 }, 'watching Canaries and what they own')),
    synced: () => caches.synced(),
    unsynced: () => caches.unsynced(),
    depth: () => queue.depth(),
    async stop(graceMs = 0) {
      await resync.stop();
      const stopping = queue.stop(graceMs);
      await caches.stop();
      const stopped = await stopping;
      log.info(stopped, 'stopped');
      return stopped;
    },
  };
}
