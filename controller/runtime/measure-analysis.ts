import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { canaryServiceName, internalServiceName, primaryWorkloadName, serviceNameOf } from '../schema/generated-names.js';
import { analysisWindow, checksDue } from '../core/analysis-plan.js';
import { analysisTimes, intervalWindow, rolloutWindow, stageWindow, type CheckWindow } from '../core/measurement/windows.js';
import type { Analysis, BlastRadiusReading, WorkloadObservation } from '../core/observations.js';
import { sentryReleases } from '../core/release.js';
import { measureCheck } from './checks/measures.js';
import type { MeasureScope } from './checks/measure.js';
import { analysisProviders } from './checks/providers.js';
import { sentryTarget } from './checks/sentry-target.js';
import type { CanaryKey, Ports } from './ports.js';
import type { PrometheusAtNow } from './checks/measure.js';
import type { CountSince, RequestTelemetry } from './routers/request-telemetry.js';
import { telemetryOf } from './routers/routers.js';

/**
 * Asks every signal for the checks of this interval (one module per check type: ./checks/) when
 * the core says they are due (checksDue: while Progressing), the canary's requests in the stage
 * and the rollout, and its blast radius since the rollout started (measureBlastRadius). Every
 * Prometheus query is evaluated at `now`. Failures become measurements of kind 'error' (a blast
 * radius of ok: false); never throws.
 */
export async function measureAnalysis(
  ports: Ports,
  key: CanaryKey,
  spec: CanarySpec,
  status: CanaryStatus,
  workloads: { target: WorkloadObservation; primary: WorkloadObservation },
  now: Date,
): Promise<Analysis> {
  const times = analysisTimes(status, analysisWindow(spec, status, now), now);
  const canary = { namespace: key.namespace, workload: spec.targetRef.name };
  const primary = { namespace: key.namespace, workload: primaryWorkloadName(spec.targetRef.name) };
  const providers = analysisProviders(ports, now);
  const telemetry = telemetryOf(spec);
  const canaryRequests = (window: CheckWindow) => providers.prometheus.scalar(telemetry.requestsIn(canary, window.seconds));
  const [intervalRequests, stageRequests, rolloutRequests, blastRadius] = await Promise.all([
    canaryRequests(intervalWindow(times)), canaryRequests(stageWindow(times)), canaryRequests(rolloutWindow(times)),
    measureBlastRadius(providers.prometheus, telemetry, blastRadiusServices(key.namespace, serviceNameOf(spec)), countSince(rolloutWindow(times))),
  ]);
  const scope: MeasureScope = {
    ...providers,
    telemetry,
    sentryTarget: () => sentryTarget(ports, key.namespace, spec),
    readSecret: (ref) => ports.cluster.readSecret(key.namespace, ref),
    canary,
    primary,
    vars: { namespace: key.namespace, target: spec.targetRef.name },
    times,
    intervalRequests,
    ...sentryReleases(workloads, spec.sentry?.container),
  };
  const checks = checksDue(status) ? spec.analysis.checks : [];
  const measurements = await Promise.all(checks.map((check) => measureCheck(scope, check)));
  return {
    measurements,
    canaryRequestsInStage: stageRequests.ok ? stageRequests.value ?? 0 : 0,
    ...(stageRequests.ok ? {} : { stageRequestsError: stageRequests.error.message }),
    canaryRequestsInRollout: rolloutRequests.ok ? rolloutRequests.value ?? 0 : 0,
    blastRadius,
  };
}

/** The two Services over the canary's pods whose requests make its blast radius (generated-names.ts). */
export interface BlastRadiusServices {
  namespace: string;
  /** `<svc>-internal`: only the internal users' route leads through it. */
  internal: string;
  /** `<svc>-canary`: the customers' share of the weighted route. */
  canary: string;
}

export const blastRadiusServices = (namespace: string, service: string): BlastRadiusServices => ({
  namespace, internal: internalServiceName(service), canary: canaryServiceName(service),
});

/** A window as a count since its start: `start` in Unix seconds, `seconds` its length up to the evaluation time. */
export const countSince = (window: CheckWindow): CountSince => ({ start: window.start.getTime() / 1000, seconds: window.seconds });

/**
 * The canary's requests since `since.start` (the rollout's start), split exactly by whom they
 * reached, each counted exactly rather than extrapolated (RequestTelemetry.requestsThrough):
 * `internal` = routed through `<svc>-internal` (which only the internal users' route leads to),
 * `customers` = routed through `<svc>-canary` (the weighted route's canary share), with the 5xx
 * among each. Both are the client proxies' reports: a server sidecar names the same (oldest)
 * Service for both (see istio-telemetry.ts). Raw answers: the core rounds them and reads an empty
 * one as 0 (core/blast-radius.ts). A failed query makes the whole reading ok: false naming it, so
 * no partial count is ever taken for the whole.
 */
export async function measureBlastRadius(
  prometheus: PrometheusAtNow,
  telemetry: RequestTelemetry,
  services: BlastRadiusServices,
  since: CountSince,
): Promise<BlastRadiusReading> {
  const internal = { namespace: services.namespace, service: services.internal };
  const customers = { namespace: services.namespace, service: services.canary };
  const queries = [
    telemetry.requestsThrough(internal, since),
    telemetry.errorsThrough(internal, since),
    telemetry.requestsThrough(customers, since),
    telemetry.errorsThrough(customers, since),
  ];
  const answers = await Promise.all(queries.map((q) => prometheus.scalar(q)));
  const failed = answers.findIndex((a) => !a.ok);
  if (failed >= 0) {
    const answer = answers[failed]!;
    return { ok: false, reason: `blast radius query ${queries[failed]} failed: ${answer.ok ? '' : answer.error.message}` };
  }
  const [internalRequests, internalErrors, customerRequests, customerErrors] = answers.map((a) => (a.ok ? a.value : undefined));
  return { ok: true, internal: { requests: internalRequests, errors: internalErrors }, customers: { requests: customerRequests, errors: customerErrors } };
}
