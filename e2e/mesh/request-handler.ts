// Executes the effects of one request's decision: Istio metrics, exact
// counts, and Sentry reports (errors, release-health sessions and, with a
// traces sample rate, transactions) from versions that have a DSN.
import type { ClusterView } from './cluster-view.js';
import { istioLabels } from './istio-request-labels.js';
import type { IstioMetrics } from './istio-metrics.js';
import type { MeshRequest } from './mesh-request.js';
import type { UserKind } from './request-outcome.js';
import type { RandomSource } from './seeded-random.js';
import type { SentryReporters } from './sentry-reporters.js';
import { serveRequest, type ServedRequest } from './serve-request.js';
import { sessionOutcome, type SessionAggregator } from './session-aggregates.js';
import type { TrafficCounter } from './traffic-counts.js';

export interface RequestHandlerDeps {
  readonly view: ClusterView;
  readonly requestFor: (user: UserKind) => MeshRequest;
  readonly random: RandomSource;
  readonly metrics: IstioMetrics;
  readonly counter: TrafficCounter;
  readonly sentry: SentryReporters;
  readonly sessions: SessionAggregator;
  readonly now: () => Date;
}

export function createRequestHandler(deps: RequestHandlerDeps): (user: UserKind) => ServedRequest {
  return (user) => {
    const request = deps.requestFor(user);
    const served = serveRequest(deps.view, request, user, deps.random);
    const durationMs = served.kind === 'served' ? served.outcome.durationMs : 0;
    for (const labels of istioLabels(served, request.host, deps.view.namespace)) deps.metrics.record(labels, durationMs);
    deps.counter.record(served, user);
    if (served.kind === 'served' && served.behaviour.sentry) {
      const context = { workload: served.workload.name, service: served.service.name, user };
      if (served.outcome.status >= 500) deps.sentry.reportServerError(served.behaviour.sentry, context);
      if (served.outcome.exception) deps.sentry.reportNewException(served.behaviour.sentry, context);
      const endMs = deps.now().getTime();
      deps.sentry.reportTransaction(served.behaviour.sentry, context, { name: `GET ${request.path ?? '/'}`, startMs: endMs - durationMs, durationMs, status: served.outcome.status });
      deps.sessions.record(served.behaviour.sentry, sessionOutcome(served.outcome.status, served.outcome.exception), deps.now());
    }
    return served;
  };
}
