import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { readConfig } from '../../controller/runtime/config.js';
import { startController, type RunningController } from '../../controller/runtime/controller.js';
import type { ReconcileObserver } from '../../controller/runtime/reconcile.js';
import { wireController } from '../../controller/runtime/wiring.js';

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

/**
 * The real controller, wired by the function main.ts uses (runtime/wiring.ts)
 * from settings read as main.ts reads them, with its log captured. Throws
 * when `env` holds a setting readConfig refuses (a mistake in the test).
 */
export async function startInProcessController(options: {
  kubeconfigPath: string;
  prometheusUrl: string;
  namespace: string;
  /** More controller settings, as main.ts would read them from its environment, e.g. SONGBIRD_SLACK_DEFAULT_WEBHOOK. */
  env?: Record<string, string>;
  /** Called with every API request the controller makes (watches excluded), e.g. "GET https://…/services/web". */
  onRequest?: (method: string, url: string) => void;
  /** Told of every reconcile that completed. */
  observer?: ReconcileObserver;
  /** Default every 10 s. */
  resyncCron?: string;
}): Promise<ControllerUnderTest> {
  const read = readConfig({
    SONGBIRD_PROMETHEUS_URL: options.prometheusUrl,
    SONGBIRD_NAMESPACE: options.namespace,
    SONGBIRD_RESYNC_CRON: options.resyncCron ?? '*/10 * * * * *',
    SONGBIRD_HTTP_TIMEOUT_MS: '3000',
    ...options.env,
  });
  if (!read.ok) throw new Error(`startInProcessController: bad settings: ${read.message}`);
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
  const wiring = wireController(read.config, kubeConfig, { logger, ...(options.observer ? { observer: options.observer } : {}) });
  const controller = startController(wiring.options);
  await controller.started;
  return { controller, logLines: () => [...lines], stop: async () => { await controller.stop(10_000); } };
}
