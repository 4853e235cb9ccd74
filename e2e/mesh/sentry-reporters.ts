// Reports a version's 5xx, new exceptions and (with a tracesSampleRate) each request as an
// http.server transaction with the real @sentry/node SDK:
// one NodeClient + Scope per (DSN, release, environment), never the global
// Sentry.init, so several versions report side by side from one process.
import { NodeClient, Scope, defaultStackParser, makeNodeTransport, startInactiveSpan } from '@sentry/node';
import { caught, checkoutWithNewFlow, handleRequestWithServerError } from './demo-errors.js';
import type { UserKind } from './request-outcome.js';
import type { AggregateBucket } from './session-aggregates.js';
import type { SentryConfig } from './version-behaviour.js';

export interface ReportContext {
  readonly workload: string;
  readonly service: string;
  readonly user: UserKind;
}

export interface SentryReporters {
  /** The version answered 500: report a DemoServerError. */
  reportServerError(config: SentryConfig, context: ReportContext): void;
  /** The version hit its new bug for an internal user: report a NewCheckoutError. */
  reportNewException(config: SentryConfig, context: ReportContext): void;
  /**
   * The version served a request: a root span (an http.server transaction) from `startMs` lasting
   * `durationMs`, sampled by the SDK with the config's tracesSampleRate (none without one).
   */
  reportTransaction(config: SentryConfig, context: ReportContext, request: { readonly name: string; readonly startMs: number; readonly durationMs: number; readonly status: number }): void;
  /** Sends release-health session aggregates for the version (request mode). */
  sendSessionAggregates(config: SentryConfig, aggregates: readonly AggregateBucket[]): void;
  /** Number of distinct clients (one per version). */
  clientCount(): number;
  flush(timeoutMs: number): Promise<boolean>;
  close(timeoutMs: number): Promise<void>;
}

export function createSentryReporters(): SentryReporters {
  const scopes = new Map<string, Scope>();
  const clients: NodeClient[] = [];

  const scopeFor = (config: SentryConfig): Scope => {
    const key = JSON.stringify([config.dsn, config.release, config.environment ?? '', config.tracesSampleRate ?? null]);
    const existing = scopes.get(key);
    if (existing) return existing;
    const client = new NodeClient({
      dsn: config.dsn,
      release: config.release,
      ...(config.environment ? { environment: config.environment } : {}),
      transport: makeNodeTransport,
      stackParser: defaultStackParser,
      integrations: [],
      sendClientReports: false,
      ...(config.tracesSampleRate !== undefined ? { tracesSampleRate: config.tracesSampleRate } : {}),
    });
    const scope = new Scope();
    scope.setClient(client);
    client.init();
    scopes.set(key, scope);
    clients.push(client);
    return scope;
  };

  const capture = (config: SentryConfig, context: ReportContext, error: Error): void => {
    const scope = scopeFor(config).clone();
    scope.setTags({ workload: context.workload, service: context.service, user_kind: context.user });
    scope.captureException(error);
  };

  return {
    reportServerError: (config, context) => capture(config, context, caught(() => handleRequestWithServerError(context.workload))),
    reportNewException: (config, context) => capture(config, context, caught(() => checkoutWithNewFlow(config.release))),
    reportTransaction(config, context, request) {
      if (config.tracesSampleRate === undefined) return;
      const scope = scopeFor(config).clone();
      scope.setTags({ workload: context.workload, service: context.service, user_kind: context.user });
      // The SDK's own tracing: it samples, builds the transaction event and sends it when the root span ends.
      const span = startInactiveSpan({
        name: request.name,
        op: 'http.server',
        scope,
        forceTransaction: true,
        startTime: request.startMs / 1000,
        attributes: { 'http.response.status_code': request.status, 'sentry.source': 'route' },
      });
      span.setStatus(request.status >= 500 ? { code: 2, message: 'internal_error' } : { code: 1 });
      span.end((request.startMs + request.durationMs) / 1000);
    },
    sendSessionAggregates(config, aggregates) {
      if (aggregates.length === 0) return;
      scopeFor(config)
        .getClient()
        ?.sendSession({
          attrs: { release: config.release, ...(config.environment ? { environment: config.environment } : {}) },
          aggregates: aggregates.map((bucket) => ({ ...bucket })),
        });
    },
    clientCount: () => clients.length,
    async flush(timeoutMs) {
      const results = await Promise.all(clients.map((client) => client.flush(timeoutMs)));
      return results.every(Boolean);
    },
    async close(timeoutMs) {
      await Promise.all(clients.map((client) => client.close(timeoutMs)));
      clients.length = 0;
      scopes.clear();
    },
  };
}
