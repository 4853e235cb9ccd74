import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { primaryWorkloadName } from '../schema/generated-names.js';
import { analysisWindow } from '../core/analysis-plan.js';
import { analysisTimes, intervalWindow, rolloutWindow, stageWindow, type CheckWindow } from '../core/measurement/windows.js';
import type { Analysis, WorkloadObservation } from '../core/observations.js';
import { sentryReleases } from '../core/release.js';
import { measureCheck } from './checks/measures.js';
import type { MeasureScope } from './checks/measure.js';
import { analysisProviders } from './checks/providers.js';
import { sentryTarget } from './checks/sentry-target.js';
import type { CanaryKey, Ports } from './ports.js';
import { telemetryOf } from './routers/routers.js';

/**
 * Asks every signal for the checks of this interval (one module per check type: ./checks/), and
 * the canary's requests in the stage and the rollout. Every Prometheus query is evaluated at
 * `now`. Failures become measurements of kind 'error'; never throws.
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
  const [intervalRequests, stageRequests, rolloutRequests] = await Promise.all([
    canaryRequests(intervalWindow(times)), canaryRequests(stageWindow(times)), canaryRequests(rolloutWindow(times)),
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
  const measurements = await Promise.all(spec.analysis.checks.map((check) => measureCheck(scope, check)));
  return {
    measurements,
    canaryRequestsInStage: stageRequests.ok ? stageRequests.value ?? 0 : 0,
    ...(stageRequests.ok ? {} : { stageRequestsError: stageRequests.error.message }),
    canaryRequestsInRollout: rolloutRequests.ok ? rolloutRequests.value ?? 0 : 0,
  };
}
