import { KubeConfig } from '@kubernetes/client-node';
import { createKubernetesAdapter } from '../adapters/kubernetes/kubernetes-port.js';
import { createIstioRouter } from '../adapters/istio/istio-router.js';
import { createPrometheusClient } from '../adapters/prometheus/prometheus-client.js';
import { createSentryAdapter } from '../adapters/sentry/sentry-adapter.js';
import { createSlackSender } from '../adapters/slack/slack-sender.js';
import { createBugReporter } from './bug-reporter.js';
import { clusterPorts } from './cluster-ports.js';
import { readConfig } from './config.js';
import { startController } from './controller.js';
import { createLogger } from './logger.js';

// The controller's entry point: read the configuration once, wire the
// adapters, run until SIGTERM/SIGINT.
const read = readConfig(process.env);
if (!read.ok) {
  console.error(`songbird: bad configuration: ${read.message}`);
  process.exit(2);
}
const config = read.config;
const logger = createLogger(config.LOG_LEVEL);
const bugs = createBugReporter(config.SONGBIRD_SENTRY_DSN);

const kubeConfig = new KubeConfig();
// In a pod: KUBERNETES_SERVICE_HOST/PORT and the service account files; a root prefix lets a test play the pod.
if (config.KUBECONFIG) kubeConfig.loadFromFile(config.KUBECONFIG);
else if (config.SONGBIRD_SERVICE_ACCOUNT_ROOT !== undefined) kubeConfig.loadFromCluster(config.SONGBIRD_SERVICE_ACCOUNT_ROOT);
else kubeConfig.loadFromDefault();

const kube = createKubernetesAdapter(kubeConfig, { instance: config.HOSTNAME });
const ports = {
  cluster: clusterPorts(kube, createIstioRouter(kubeConfig)),
  prometheus: createPrometheusClient({ baseUrl: config.SONGBIRD_PROMETHEUS_URL, timeoutMs: config.SONGBIRD_HTTP_TIMEOUT_MS }),
  sentry: createSentryAdapter({ timeoutMs: config.SONGBIRD_HTTP_TIMEOUT_MS }),
  slack: createSlackSender(),
};
const controller = startController({
  ports,
  kube,
  logger,
  clock: () => new Date(),
  slackDefault: config.SONGBIRD_SLACK_DEFAULT_WEBHOOK,
  namespace: config.SONGBIRD_NAMESPACE,
  resyncCron: config.SONGBIRD_RESYNC_CRON,
  bugs,
});
logger.info({ prometheus: config.SONGBIRD_PROMETHEUS_URL, namespace: config.SONGBIRD_NAMESPACE ?? 'all' }, 'songbird controller starting');

process.on('unhandledRejection', (error) => {
  logger.error({ err: error }, 'unhandled rejection (a bug)');
  bugs.report(error, { source: 'unhandledRejection' });
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'stopping');
    await controller.stop();
    await bugs.flush(2_000);
    process.exit(0);
  });
}
