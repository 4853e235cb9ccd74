// The mesh stand-in: plays Istio's data plane and the demo app for one host
// in one namespace. Traffic is simulated in-process; what it leaves behind is
// what a real mesh would: Istio metrics on /metrics and Sentry events.
import type { ClusterView } from './cluster-view.js';
import { createIstioMetrics } from './istio-metrics.js';
import { startKubernetesClusterView, type KubernetesClusterView } from './kubernetes-cluster-view.js';
import { startMetricsServer } from './metrics-server.js';
import { startPoissonTraffic, type TrafficRates } from './poisson-traffic.js';
import { createRequestHandler } from './request-handler.js';
import type { UserKind } from './request-outcome.js';
import { seededRandom } from './seeded-random.js';
import { createSentryReporters } from './sentry-reporters.js';
import { createSessionAggregator } from './session-aggregates.js';
import type { ServedRequest } from './serve-request.js';
import { createTrafficCounter, type MeshCounts } from './traffic-counts.js';
import { DEFAULT_INTERNAL_IDENTITY, requestFactory, type InternalIdentity } from './user-identity.js';

export interface MeshOptions {
  readonly namespace: string;
  /** Host the users call, e.g. `podinfo` (routed by the VirtualService for it, else straight to that Service). */
  readonly host: string;
  readonly internalRps: number;
  readonly customerRps: number;
  /** How internal users identify themselves. Default: DEFAULT_INTERNAL_IDENTITY (header, cookie and JWT). */
  readonly identity?: InternalIdentity;
  readonly seed?: number;
  /** Traffic stops after this long (default 15 minutes); the metrics server stays up until stop(). */
  readonly maxDurationMs?: number;
  readonly maxRequests?: number;
  /** Default 0: a free port on 127.0.0.1. */
  readonly metricsPort?: number;
  readonly tickMs?: number;
  /** How often release-health session aggregates go to Sentry (default 10 s; also on flushSentry/stop). */
  readonly sessionFlushMs?: number;
}

export interface KubernetesMeshOptions extends MeshOptions {
  readonly kubeconfigPath: string;
  readonly pollIntervalMs?: number;
}

export interface Mesh {
  readonly metricsUrl: string;
  /** `127.0.0.1:<port>`, for a Prometheus static scrape config. */
  readonly metricsTarget: string;
  counts(): MeshCounts;
  resetCounts(): void;
  setRates(rates: Partial<TrafficRates>): void;
  rates(): TrafficRates;
  /** Sends one request now, outside the generator (counted and exported like the rest). */
  send(user: UserKind): ServedRequest;
  /** Resolves when the generator reaches its duration or count limit, or stopTraffic() is called. */
  readonly trafficDone: Promise<void>;
  stopTraffic(): void;
  /** Sends pending session aggregates and waits for Sentry events to be delivered. */
  flushSentry(timeoutMs?: number): Promise<boolean>;
  /** Stops traffic, sends pending sessions, flushes and closes Sentry clients, closes the metrics server. */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_DURATION_MS = 15 * 60_000;

/** Runs the mesh over any ClusterView (an in-memory one in unit tests). */
export async function startMeshOnView(view: ClusterView, options: MeshOptions): Promise<Mesh> {
  const random = seededRandom(options.seed ?? 1);
  const metrics = createIstioMetrics();
  const counter = createTrafficCounter();
  const sentry = createSentryReporters();
  const sessions = createSessionAggregator();
  const handle = createRequestHandler({
    view,
    requestFor: requestFactory(options.host, options.identity ?? DEFAULT_INTERNAL_IDENTITY),
    random,
    metrics,
    counter,
    sentry,
    sessions,
    now: () => new Date(),
  });
  const sendSessions = (): void => {
    for (const { config, aggregates } of sessions.drain()) sentry.sendSessionAggregates(config, aggregates);
  };
  const sessionTimer = setInterval(sendSessions, options.sessionFlushMs ?? 10_000);
  const server = await startMetricsServer(metrics.registry, options.metricsPort ?? 0);
  const traffic = startPoissonTraffic({
    rates: { internalRps: options.internalRps, customerRps: options.customerRps },
    limits: {
      maxDurationMs: options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
      ...(options.maxRequests !== undefined ? { maxRequests: options.maxRequests } : {}),
    },
    random,
    onRequest: (user) => void handle(user),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
  });
  return {
    metricsUrl: server.url,
    metricsTarget: server.target,
    counts: () => counter.snapshot(),
    resetCounts: () => counter.reset(),
    setRates: (rates) => traffic.setRates(rates),
    rates: () => traffic.rates(),
    send: handle,
    trafficDone: traffic.done,
    stopTraffic: () => traffic.stop(),
    flushSentry: (timeoutMs = 5_000) => {
      sendSessions();
      return sentry.flush(timeoutMs);
    },
    async stop() {
      traffic.stop();
      clearInterval(sessionTimer);
      sendSessions();
      await sentry.close(5_000);
      await server.close();
    },
  };
}

export interface KubernetesMesh extends Mesh {
  readonly view: KubernetesClusterView;
}

export type MeshStartError =
  | { readonly code: 'cluster-unreachable'; readonly message: string; readonly retryable: true; readonly cause: unknown }
  | { readonly code: 'start-failed'; readonly message: string; readonly retryable: false; readonly cause: unknown };

export type MeshStartResult = { readonly ok: true; readonly mesh: KubernetesMesh } | { readonly ok: false; readonly error: MeshStartError };

/** Starts the mesh against a real cluster; failures come back as values. */
export async function safeStartMesh(options: KubernetesMeshOptions): Promise<MeshStartResult> {
  let view: KubernetesClusterView;
  try {
    view = await startKubernetesClusterView({
      kubeconfigPath: options.kubeconfigPath,
      namespace: options.namespace,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    });
  } catch (cause) {
    return { ok: false, error: { code: 'start-failed', message: `cannot read kubeconfig ${options.kubeconfigPath}: ${String(cause)}`, retryable: false, cause } };
  }
  const firstErrors = view.lastErrors();
  if (firstErrors.some((e) => e.kind === 'services' || e.kind === 'deployments')) {
    view.stop();
    const message = firstErrors.map((e) => e.message).join('; ');
    return { ok: false, error: { code: 'cluster-unreachable', message, retryable: true, cause: firstErrors } };
  }
  try {
    const mesh = await startMeshOnView(view, options);
    return {
      ok: true,
      mesh: {
        ...mesh,
        view,
        async stop() {
          view.stop();
          await mesh.stop();
        },
      },
    };
  } catch (cause) {
    view.stop();
    return { ok: false, error: { code: 'start-failed', message: `cannot start the mesh: ${String(cause)}`, retryable: false, cause } };
  }
}

/** Throwing form of safeStartMesh. */
export async function startMesh(options: KubernetesMeshOptions): Promise<KubernetesMesh> {
  const result = await safeStartMesh(options);
  if (!result.ok) throw new Error(result.error.message, { cause: result.error });
  return result.mesh;
}
