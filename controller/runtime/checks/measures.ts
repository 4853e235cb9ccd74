import type { Check } from '../../schema/checks.js';
import type { Measurement } from '../../core/observations.js';
import { measureComparison } from './comparison.js';
import { measureLatency } from './latency.js';
import type { Measure, MeasureScope, Measures } from './measure.js';
import { measurePromql } from './promql.js';
import { measureSentryCrashFreeSessions } from './sentry-crash-free-sessions.js';
import { measureSentryErrorRate } from './sentry-error-rate.js';
import { measureSentryLatency } from './sentry-latency.js';
import { measureSentryNewIssues } from './sentry-new-issues.js';
import { measureSuccessRate } from './success-rate.js';
import { measureWavefront } from './wavefront.js';

/** Every check type's measurement. No default: a check type added to schema/checks.ts without one here fails `tsc`. */
export const measures: Measures = {
  successRate: measureSuccessRate,
  latency: measureLatency,
  promql: measurePromql,
  comparison: measureComparison,
  sentryNewIssues: measureSentryNewIssues,
  sentryErrorRate: measureSentryErrorRate,
  sentryCrashFreeSessions: measureSentryCrashFreeSessions,
  wavefront: measureWavefront,
  sentryLatency: measureSentryLatency,
};

/** Measures one check with its type's Measure; never throws. */
export function measureCheck(scope: MeasureScope, check: Check): Promise<Measurement> {
  // TypeScript cannot tie measures[check.type] to check's own variant; the mapped type Measures does.
  return (measures[check.type] as Measure<Check>)(scope, check);
}
