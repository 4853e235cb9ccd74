import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Check } from '../schema/checks.js';
import { analysisWindow } from '../core/analysis-plan.js';
import type { Analysis, Measurement, WorkloadObservation } from '../core/observations.js';
import { sentryReleases } from '../core/release.js';
import * as q from '../adapters/prometheus/istio-queries.js';
import { measureSentryCheck, type SentryContext } from './measure-sentry.js';
import { measurePrometheusCheck, type PrometheusScope } from './measure-prometheus.js';
import type { CanaryKey, Ports } from './ports.js';

interface Scope {
  prometheus: PrometheusScope;
  sentry: SentryContext;
  stageStart: Date;
  stageRequests: () => Promise<Counts>;
}

/** Asks every signal for the checks of this interval; failures become measurements, never throws. */
export async function measureAnalysis(
  ports: Ports,
  key: CanaryKey,
  spec: CanarySpec,
  status: CanaryStatus,
  workloads: { target: WorkloadObservation; primary: WorkloadObservation },
  now: Date,
): Promise<Analysis> {
  const window = analysisWindow(spec, status, now);
  const canary = { namespace: key.namespace, workload: spec.targetRef.name };
  const primary = { namespace: key.namespace, workload: `${spec.targetRef.name}-primary` };
  const [intervalRequests, stageRequests, rolloutRequests] = await Promise.all([
    ports.prometheus.scalar(q.requestsIn(canary, window.intervalSeconds), now),
    ports.prometheus.scalar(q.requestsIn(canary, window.stageSeconds), now),
    ports.prometheus.scalar(q.requestsIn(canary, window.rolloutSeconds), now),
  ]);
  const sentry: SentryContext = {
    ports,
    key,
    spec,
    now,
    since: new Date(status.rolloutStartedAt ?? now.toISOString()),
    ...sentryReleases(workloads, spec.sentry?.container),
    rolloutRequests: () => requestCounts(ports, canary, primary, window.rolloutSeconds),
  };
  const vars = { namespace: key.namespace, target: spec.targetRef.name, interval: `${window.intervalSeconds}s` };
  const scope: Scope = {
    prometheus: { prometheus: ports.prometheus, canary, primary, window, vars, at: now, intervalRequests },
    sentry,
    stageStart: new Date(status.stageStartedAt ?? now.toISOString()),
    stageRequests: () => requestCounts(ports, canary, primary, window.stageSeconds),
  };
  const measurements = await Promise.all(spec.analysis.checks.map((check) => measureCheck(scope, check)));
  return {
    measurements,
    canaryRequestsInStage: stageRequests.ok ? stageRequests.value ?? 0 : 0,
    ...(stageRequests.ok ? {} : { stageRequestsError: stageRequests.error.message }),
    canaryRequestsInRollout: rolloutRequests.ok ? rolloutRequests.value ?? 0 : 0,
  };
}

async function measureCheck(scope: Scope, check: Check): Promise<Measurement> {
  switch (check.type) {
    case 'successRate':
    case 'latency':
    case 'promql':
      return measurePrometheusCheck(scope.prometheus, check);
    case 'comparison':
      // Comparisons count the current stage from its start; finished stages' counts are kept in status.
      if (check.metric === 'sentryErrors') return measureSentryCheck({ ...scope.sentry, since: scope.stageStart, rolloutRequests: scope.stageRequests }, check);
      return measurePrometheusCheck(scope.prometheus, { ...check, metric: check.metric });
    case 'sentryNewIssues':
    case 'sentryErrorRate':
    case 'sentryCrashFreeSessions':
      return measureSentryCheck(scope.sentry, check);
    default:
      return { check: (check as Check).name, kind: 'error', reason: 'unknown check type' };
  }
}

type Counts = { ok: true; value: { canary: { events: number; trials: number }; primary: { events: number; trials: number } } } | { ok: false; reason: string };

/** Requests of both sides in the window, as the trials Sentry's error events are divided by (no requests is 0 here). */
async function requestCounts(ports: Ports, canary: q.WorkloadSelector, primary: q.WorkloadSelector, seconds: number): Promise<Counts> {
  const answers = await Promise.all([canary, primary].map((w) => ports.prometheus.scalar(q.requestsIn(w, seconds))));
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) return { ok: false, reason: failed.error.message };
  const [c, p] = answers.map((a) => (a.ok && a.value !== undefined && Number.isFinite(a.value) ? a.value : 0)) as [number, number];
  return { ok: true, value: { canary: { events: c, trials: c }, primary: { events: p, trials: p } } };
}

export type { Counts };
