import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { createKubernetesAdapter } from '../../controller/adapters/kubernetes/kubernetes-port.js';
import { createIstioRouter } from '../../controller/adapters/istio/istio-router.js';
import { createClusterCaches } from '../../controller/adapters/kubernetes/cluster-caches.js';
import { limitPrometheus, limitSentry } from '../../controller/runtime/system-limits.js';
import { createPrometheusClient } from '../../controller/adapters/prometheus/prometheus-client.js';
import { createSentryAdapter } from '../../controller/adapters/sentry/sentry-adapter.js';
import { createSlackSender } from '../../controller/adapters/slack/slack-sender.js';
import { clusterPorts } from '../../controller/runtime/cluster-ports.js';
import { startController, type RunningController } from '../../controller/runtime/controller.js';
import type { SlackDefault } from '../../controller/runtime/deliver-outbox.js';
import type { ReconcileObserver } from '../../controller/runtime/reconcile.js';

export interface ControllerUnderTest {
  controller: RunningController;
  /** Every log line the controller wrote, as JSON text. */
  logLines(): string[];
  stop(): Promise<void>;
}

/** A KubeConfig that reports each request it authenticates: every API call but the watches' streams. */
class CountingKubeConfig extends KubeConfig {
  constructor(private readonly onRequest: (method: string, url: string) => void) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    this.onRequest(String(context.getHttpMethod()), context.getUrl());
    return super.applySecurityAuthentication(context);
  }
}

/** The real controller, wired exactly as main.ts wires it, with its log captured. */
export async function startInProcessController(options: {
  kubeconfigPath: string;
  prometheusUrl: string;
  namespace: string;
  slackDefault?: SlackDefault;
  /** Called with every API request the controller makes (watches excluded), e.g. "GET https://…/services/web". */
  onRequest?: (method: string, url: string) => void;
  /** Told of every reconcile that completed. */
  observer?: ReconcileObserver;
  /** Default every 10 s. */
  resyncCron?: string;
}): Promise<ControllerUnderTest> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug', base: { app: 'songbird' } }, sink);
  const kubeConfig = options.onRequest ? new CountingKubeConfig(options.onRequest) : new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfigPath);
  const caches = createClusterCaches(kubeConfig);
  const kube = createKubernetesAdapter(kubeConfig, { caches });
  const controller = startController({
    ports: {
      cluster: clusterPorts(kube, createIstioRouter(kubeConfig, { caches })),
      prometheus: limitPrometheus(createPrometheusClient({ baseUrl: options.prometheusUrl, timeoutMs: 3_000 }), 8),
      sentry: limitSentry(createSentryAdapter({ timeoutMs: 3_000 }), 4),
      slack: createSlackSender(),
    },
    caches,
    logger,
    clock: () => new Date(),
    namespace: options.namespace,
    resyncCron: options.resyncCron ?? '*/10 * * * * *',
    ...(options.observer ? { observer: options.observer } : {}),
    slackDefault: options.slackDefault,
  });
  await controller.started;
  return { controller, logLines: () => [...lines], stop: async () => { await controller.stop(10_000); } };
}
