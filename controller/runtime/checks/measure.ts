// The seam between the analysis and each kind of check: one Measure per check type, each only
// asking its signal and handing back what it answered (raw readings, or a measurement the core
// built from the raw answer), or a measurement error. Nothing here decides: windows come from
// core/measurement/windows.ts, empty answers are read by core/signal-readings.ts and
// core/measurement/sentry-readings.ts.
import type { Check, CheckType } from '../../schema/checks.js';
import type { AnalysisTimes } from '../../core/measurement/windows.js';
import type { Measurement } from '../../core/observations.js';
import type { ReleaseChoice } from '../../core/release.js';
import type { ScalarResult, VectorResult } from '../../adapters/prometheus/prometheus-client.js';
import type { RequestTelemetry, WorkloadSelector } from '../routers/request-telemetry.js';
import type { SentryTarget } from '../../adapters/sentry/sentry-port.js';
import type { SecretKeyRef } from '../../schema/canary-spec.js';
import type { Outcome } from '../ports.js';
import type { AnalysisProviders } from './providers.js';

/** Prometheus, every query evaluated at the analysis's one time (so counts and their parts agree). */
export interface PrometheusAtNow {
  scalar(query: string): Promise<ScalarResult>;
  vector(query: string): Promise<VectorResult>;
}

/** The Sentry token's Secret resolved into a target, or why it cannot be (read only when a Sentry check runs). */
export type SentryTargetResult = { ok: true; target: SentryTarget } | { ok: false; reason: string };

/**
 * What every check of one analysis may ask, and about which workloads and releases: every
 * metric provider (providers.ts: prometheus evaluated at the analysis's time, sentry, wavefront, ...)
 * and the rest below.
 */
export interface MeasureScope extends AnalysisProviders {
  /** The PromQL of the requests the Canary's router carries (runtime/routers/routers.ts, telemetryOf). */
  telemetry: RequestTelemetry;
  sentryTarget: () => Promise<SentryTargetResult>;
  /** A Secret's key in the Canary's namespace, read at use time (a check's token); errors name the Secret and key. */
  readSecret: (ref: SecretKeyRef) => Promise<Outcome<string>>;
  canary: WorkloadSelector;
  primary: WorkloadSelector;
  /** The Canary's namespace and target name, for a PromQL check's {{ namespace }} and {{ target }}. */
  vars: { namespace: string; target: string };
  times: AnalysisTimes;
  /** The canary's requests over the last interval (intervalWindow), asked once for every per-interval check. */
  intervalRequests: ScalarResult;
  /** Decided in the core (sentryReleases): a release, or why none can be named. */
  canaryRelease: ReleaseChoice;
  primaryRelease: ReleaseChoice;
}

export type CheckOf<K extends CheckType> = Extract<Check, { type: K }>;

/** Measures one check; never throws (failures are measurements of kind 'error'). */
export type Measure<C extends Check> = (scope: MeasureScope, check: C) => Promise<Measurement>;

/** One Measure per check type: a check type without one fails `tsc` here (see exhaustive.test.ts). */
export type Measures = { readonly [K in CheckType]: Measure<CheckOf<K>> };

/** A measurement error of one check. */
export const failed = (check: { name: string }, reason: string): Measurement => ({ check: check.name, kind: 'error', reason });
