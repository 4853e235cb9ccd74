import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { makeKubernetesClients } from '../adapters/kubernetes/kubernetes-clients.js';
import { createLeaseLock } from '../adapters/kubernetes/lease-lock.js';
import { METRIC_SYSTEMS } from '../schema/checks.js';
import { createDashboardHandler } from '../dashboard/dashboard-handler.js';
import { createBugReporter } from './bug-reporter.js';
import { readConfig } from './config.js';
import { startController, type RunningController } from './controller.js';
import { startHealthServer } from './health-server.js';
import { startLeaderElection, type LeaderElection } from './leader-election.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { metricsObserver } from './metrics-observer.js';
import { wireController } from './wiring.js';

// The controller's entry point: read the configuration once, serve the probes
// and /metrics, run for leader, reconcile while leading, stop on SIGTERM/SIGINT.
const read = readConfig(process.env);
if (!read.ok) {
  console.error(`songbird: bad configuration: ${read.message}`);
  process.exit(2);
}
const config = read.config;
const logger = createLogger(config.LOG_LEVEL);
const bugs = await createBugReporter(config.SONGBIRD_SENTRY_DSN);

const kubeConfig = new KubeConfig();
// In a pod: KUBERNETES_SERVICE_HOST/PORT and the service account files; a root prefix lets a test play the pod.
try {
  if (config.KUBECONFIG) kubeConfig.loadFromFile(config.KUBECONFIG);
  else if (config.SONGBIRD_SERVICE_ACCOUNT_ROOT !== undefined) {
    const missing = missingServiceAccountFile(config.SONGBIRD_SERVICE_ACCOUNT_ROOT);
    if (missing) throw new Error(`${missing} does not exist`);
    kubeConfig.loadFromCluster(config.SONGBIRD_SERVICE_ACCOUNT_ROOT);
  } else {
    kubeConfig.loadFromDefault();
    // client-node's last resort is http://localhost:8080, which no cluster serves: say so now rather than fail every request.
    if (kubeConfig.getCurrentCluster()?.server === 'http://localhost:8080' && kubeConfig.getCurrentCluster()?.name === 'cluster') {
      throw new Error('none found (no KUBECONFIG, no ~/.kube/config, not in a pod): set KUBECONFIG');
    }
  }
} catch (error) {
  const source = config.KUBECONFIG ? `KUBECONFIG ${config.KUBECONFIG}` : config.SONGBIRD_SERVICE_ACCOUNT_ROOT !== undefined ? 'SONGBIRD_SERVICE_ACCOUNT_ROOT' : 'the default kubeconfig';
  console.error(`songbird: bad configuration: ${source}: ${(error as Error).message}`);
  process.exit(2);
}

const metrics = createMetrics();
// Reads come from the wiring's informer caches while this replica leads (they run only then).
const wiring = wireController(config, kubeConfig, {
  logger,
  countRetry: () => metrics.countRetry(),
  bugs,
  observer: metricsObserver(metrics),
  timeReconcile: () => metrics.reconcileDuration(),
});
metrics.setQueueConcurrency(config.SONGBIRD_CONCURRENCY);
for (const system of METRIC_SYSTEMS) metrics.setCallsWaiting(system, () => wiring.limits[system].waiting());
// As client-go does: the pod name plus a unique suffix, so two processes on one host never share an identity.
const identity = `${config.HOSTNAME ?? hostname()}_${randomUUID()}`;
let controller: RunningController | undefined;
let stopping = false;

function startWork(): void {
  if (stopping || controller) return;
  metrics.setLeader(true);
  controller = startController(wiring.options);
  metrics.setQueueDepth(() => controller?.depth() ?? 0);
}

const health = await startHealthServer({
  host: config.SONGBIRD_METRICS_HOST,
  port: config.SONGBIRD_METRICS_PORT,
  registry: metrics.registry,
  // The read-only rollout dashboard at /dashboard/ (no login: reach it by port-forward or the cluster's auth proxy).
  dashboard: createDashboardHandler({ source: wiring.dashboard, acceptHosts: config.SONGBIRD_DASHBOARD_HOSTS }),
  live: () => !stopping,
  ready: () => {
    if (stopping) return { ok: false, reason: 'stopping' };
    const problem = elector?.problem();
    if (!controller && problem) return { ok: false, reason: `standby, and cannot read the leader Lease: ${problem}` };
    if (!controller) return { ok: true, reason: 'standby: another replica holds the Lease; this one takes over when it goes' };
    // A kind that never syncs names itself, e.g. virtualServices while Istio's CRDs are not installed.
    return controller.synced() ? { ok: true, reason: 'leading; informers synced' } : { ok: false, reason: `leading; informers not synced yet: ${controller.unsynced().join(', ')}` };
  },
}).catch((error: Error) => {
  const code = (error.cause as { code?: string } | undefined)?.code ?? error.message;
  console.error(`songbird: bad configuration: SONGBIRD_METRICS_HOST/SONGBIRD_METRICS_PORT ${config.SONGBIRD_METRICS_HOST}:${config.SONGBIRD_METRICS_PORT}: cannot listen (${code})`);
  process.exit(2);
});

let elector: LeaderElection | undefined;
if (config.SONGBIRD_LEADER_ELECTION) {
  const leaseDurationMs = config.SONGBIRD_LEASE_DURATION_SECONDS * 1000;
  metrics.setLeader(false);
  elector = startLeaderElection({
    lock: createLeaseLock(makeKubernetesClients(kubeConfig), config.POD_NAMESPACE, config.SONGBIRD_LEASE_NAME),
    identity,
    leaseDurationMs,
    renewDeadlineMs: leaseDurationMs * 0.7,
    retryPeriodMs: Math.min(2_000, leaseDurationMs / 5),
    logger,
    onStartedLeading: startWork,
    onStoppedLeading: () => {
      // As client-go's callers do: a replica that lost the Lease exits, and its restart runs for leader afresh.
      logger.error({ lease: `${config.POD_NAMESPACE}/${config.SONGBIRD_LEASE_NAME}` }, 'lost the leader Lease; exiting');
      metrics.setLeader(false);
      void (controller?.stop(0) ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
} else {
  startWork();
}
logger.info(
  { prometheus: config.SONGBIRD_PROMETHEUS_URL, namespace: config.SONGBIRD_NAMESPACE ?? 'all', metricsPort: health.port, identity, leaderElection: config.SONGBIRD_LEADER_ELECTION },
  'songbird controller starting',
);

process.on('unhandledRejection', (error) => {
  logger.error({ err: error }, 'unhandled rejection (a bug)');
  bugs.report(error, { source: 'unhandledRejection' });
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return logger.info({ signal }, 'already stopping'); // a second signal does not cut the grace short
    stopping = true;
    const graceMs = config.SONGBIRD_SHUTDOWN_GRACE_SECONDS * 1000;
    // Whatever hangs, the process is gone before the kubelet's SIGKILL.
    setTimeout(() => process.exit(0), graceMs + 5_000).unref();
    logger.info({ signal, graceMs }, 'stopping');
    const stopped = await controller?.stop(graceMs);
    await elector?.release();
    await health.close();
    await bugs.flush(2_000);
    logger.info({ ...stopped }, 'stopped');
    process.exit(0);
  });
}

/** The first service-account file client-node's loadFromCluster(root) needs that is not there, or undefined. */
function missingServiceAccountFile(root: string): string | undefined {
  const folder = `${root}/var/run/secrets/kubernetes.io/serviceaccount`;
  return ['token', 'ca.crt'].map((file) => `${folder}/${file}`).find((file) => !existsSync(file));
}
