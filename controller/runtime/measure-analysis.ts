import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Check } from '../schema/checks.js';
import { analysisWindow, type AnalysisWindow } from '../core/analysis-plan.js';
import type { Analysis, Measurement, WorkloadObservation } from '../core/observations.js';
import { sentryReleaseOf } from '../core/release.js';
import * as q from '../adapters/prometheus/istio-queries.js';
import type { ScalarResult } from '../adapters/prometheus/prometheus-client.js';
import { measureSentryCheck, type SentryContext } from './measure-sentry.js';
import type { CanaryKey, Ports } from './ports.js';

interface Scope {
  ports: Ports;
  key: CanaryKey;
  spec: CanarySpec;
  window: AnalysisWindow;
  canary: q.WorkloadSelector;
  primary: q.WorkloadSelector;
  intervalRequests: ScalarResult;
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
    ports.prometheus.scalar(q.requestsIn(canary, window.intervalSeconds)),
    ports.prometheus.scalar(q.requestsIn(canary, window.stageSeconds)),
    ports.prometheus.scalar(q.requestsIn(canary, window.rolloutSeconds)),
  ]);
  const sentry: SentryContext = {
    ports,
    key,
    spec,
    now,
    since: new Date(status.rolloutStartedAt ?? now.toISOString()),
    canaryRelease: sentryReleaseOf(workloads.target.template, spec.sentry?.container),
    primaryRelease: sentryReleaseOf(workloads.primary.template, spec.sentry?.container),
    rolloutRequests: () => countsOf(ports, canary, primary, window.rolloutSeconds, q.requestsIn, q.requestsIn),
  };
  const stageStart = new Date(status.stageStartedAt ?? now.toISOString());
  const stageCounts = () => countsOf(ports, canary, primary, window.stageSeconds, q.requestsIn, q.requestsIn);
  const scope: Scope = { ports, key, spec, window, canary, primary, intervalRequests, sentry, stageStart, stageRequests: stageCounts };
  const measurements = await Promise.all(spec.analysis.checks.map((check) => measureCheck(scope, check)));
  return {
    measurements,
    canaryRequestsInStage: stageRequests.ok ? stageRequests.value ?? 0 : 0,
    canaryRequestsInRollout: rolloutRequests.ok ? rolloutRequests.value ?? 0 : 0,
  };
}

async function measureCheck(scope: Scope, check: Check): Promise<Measurement> {
  const { ports, window, canary } = scope;
  switch (check.type) {
    case 'successRate':
      return perInterval(scope, check.name, q.successRatePercent(canary, window.intervalSeconds));
    case 'latency':
      return perInterval(scope, check.name, q.latencyPercentileMs(canary, window.intervalSeconds, check.percentile));
    case 'promql': {
      const vars = { namespace: scope.key.namespace, target: scope.spec.targetRef.name, interval: `${window.intervalSeconds}s` };
      return fromScalar(check.name, await ports.prometheus.scalar(q.renderTemplate(check.query, vars)), 'the query returned no data');
    }
    case 'comparison':
      return measureComparison(scope, check);
    case 'sentryNewIssues':
    case 'sentryErrorRate':
    case 'sentryCrashFreeSessions':
      return measureSentryCheck(scope.sentry, check);
    default:
      return { check: (check as Check).name, kind: 'error', reason: 'unknown check type' };
  }
}

async function perInterval(scope: Scope, name: string, query: string): Promise<Measurement> {
  const requests = scope.intervalRequests;
  if (!requests.ok) return { check: name, kind: 'error', reason: requests.error.message };
  if (!requests.value || requests.value < 1) {
    return { check: name, kind: 'noData', reason: `no requests reached the canary in the last ${scope.window.intervalSeconds}s` };
  }
  return fromScalar(name, await scope.ports.prometheus.scalar(query), 'no requests reached the canary');
}

/** Comparisons count the current stage from its start; finished stages' counts are kept in status. */
async function measureComparison(scope: Scope, check: Extract<Check, { type: 'comparison' }>): Promise<Measurement> {
  const seconds = scope.window.stageSeconds;
  if (check.metric === 'sentryErrors') return measureSentryCheck({ ...scope.sentry, since: scope.stageStart, rolloutRequests: scope.stageRequests }, check);
  if (check.metric === 'errors') {
    const counts = await countsOf(scope.ports, scope.canary, scope.primary, seconds, q.errorsIn, q.requestsIn);
    return counts.ok ? { check: check.name, kind: 'counts', unit: 'errors', counts: counts.value } : { check: check.name, kind: 'error', reason: counts.reason };
  }
  const bucket = q.bucketAtOrBelow(check.latencyThresholdMs);
  const fast = (w: q.WorkloadSelector, s: number) => q.fasterThan(w, s, bucket);
  const all = (w: q.WorkloadSelector, s: number) => q.fasterThan(w, s, Number.POSITIVE_INFINITY);
  const counts = await countsOf(scope.ports, scope.canary, scope.primary, seconds, fast, all);
  if (!counts.ok) return { check: check.name, kind: 'error', reason: counts.reason };
  const slow = (side: { events: number; trials: number }) => ({ events: Math.max(0, side.trials - side.events), trials: side.trials });
  return { check: check.name, kind: 'counts', unit: `requests over ${bucket} ms`, counts: { canary: slow(counts.value.canary), primary: slow(counts.value.primary) } };
}

type Counts = { ok: true; value: { canary: { events: number; trials: number }; primary: { events: number; trials: number } } } | { ok: false; reason: string };
type QueryOf = (w: q.WorkloadSelector, seconds: number) => string;

async function countsOf(ports: Ports, canary: q.WorkloadSelector, primary: q.WorkloadSelector, seconds: number, events: QueryOf, trials: QueryOf): Promise<Counts> {
  const answers = await Promise.all([events(canary, seconds), trials(canary, seconds), events(primary, seconds), trials(primary, seconds)].map((query) => ports.prometheus.scalar(query)));
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) return { ok: false, reason: failed.error.message };
  const [ce, ct, pe, pt] = answers.map((a) => (a.ok && a.value !== undefined && Number.isFinite(a.value) ? a.value : 0)) as [number, number, number, number];
  return { ok: true, value: { canary: { events: ce, trials: ct }, primary: { events: pe, trials: pt } } };
}

function fromScalar(name: string, result: ScalarResult, noData: string): Measurement {
  if (!result.ok) return { check: name, kind: 'error', reason: result.error.message };
  if (result.value === undefined) return { check: name, kind: 'noData', reason: noData };
  return { check: name, kind: 'value', value: result.value };
}

export type { Counts };
