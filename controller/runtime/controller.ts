import cron from 'node-cron';
import type { Logger } from 'pino';
import type { KubernetesPort } from '../adapters/kubernetes/kubernetes-port.js';
import type { BugReporter } from './bug-reporter.js';
import { reconcileCanary, type ReconcileDeps } from './reconcile.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerOptions extends ReconcileDeps {
  kube: KubernetesPort;
  namespace?: string;
  resyncCron: string;
  concurrency?: number;
  bugs?: BugReporter;
  /** Starts timing one reconcile; the answer ends it (the reconcile-duration metric). */
  timeReconcile?: () => () => void;
}

export interface RunningController {
  /** Resolves once both informers delivered their first list. */
  started: Promise<void>;
  /** True while both informers hold a successful list and their watches run (the readiness probe). */
  synced(): boolean;
  /** Keys waiting to be reconciled. */
  depth(): number;
  /**
   * Stops watching and taking work; running reconciles get `graceMs` (default
   * 0: do not wait). Never rejects.
   */
  stop(graceMs?: number): Promise<{ dropped: number; finished: number; abandoned: number }>;
}

/**
 * Watches Canaries and Deployments (list, watch, re-list) and reconciles each
 * Canary on its own queue; a cron re-lists every Canary so none is forgotten.
 */
export function startController(options: ControllerOptions): RunningController {
  const log = options.logger.child({ component: 'controller' });
  const known = new Map<string, Set<string>>(); // namespace → Canary names seen
  const inScope = (namespace: string) => !options.namespace || options.namespace === namespace;
  const queue = new WorkQueue(
    (key) => {
      const [namespace, name] = key.split('/') as [string, string];
      const timed = options.timeReconcile?.();
      return reconcileCanary(options, { namespace, name }).finally(() => timed?.());
    },
    options.concurrency ?? 4,
    (key, error) => {
      log.error({ key, err: error }, 'reconcile threw; retrying (this is a bug)');
      options.bugs?.report(error, { canary: key });
    },
  );
  const onError = (what: string) => (error: { message: string }, retryInMs: number) =>
    log.warn({ error: error.message, retryInMs }, `${what} watch failed; re-listing`);

  const canaries = options.kube.watchCanaries((namespace, name) => {
    if (!inScope(namespace)) return;
    if (!known.has(namespace)) known.set(namespace, new Set());
    known.get(namespace)!.add(name);
    queue.add(`${namespace}/${name}`);
  }, { onError: onError('Canary') });
  const deployments = options.kube.watchDeployments((namespace) => {
    for (const name of known.get(namespace) ?? []) queue.add(`${namespace}/${name}`);
  }, { onError: onError('Deployment') });

  const resync = cron.schedule(options.resyncCron, async () => {
    const listed = await options.kube.listCanaries(options.namespace);
    if (!listed.ok) return log.warn({ error: listed.error.message }, 'resync list failed');
    for (const canary of listed.value) queue.add(`${canary.metadata.namespace}/${canary.metadata.name}`);
  });

  return {
    started: Promise.all([canaries.started, deployments.started]).then(() => log.info('watching Canaries and Deployments')),
    synced: () => canaries.synced() && deployments.synced(),
    depth: () => queue.depth(),
    async stop(graceMs = 0) {
      await resync.stop();
      const stopping = queue.stop(graceMs);
      await Promise.all([canaries.stop(), deployments.stop()]);
      const stopped = await stopping;
      log.info(stopped, 'stopped');
      return stopped;
    },
  };
}
