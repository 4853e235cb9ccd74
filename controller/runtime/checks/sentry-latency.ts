// Latency from Sentry's transactions (events API, dataset=transactions): each release's count,
// duration percentile and, for a comparison, slow transactions over the check's window. Only
// asks; core/measurement/transaction-readings.ts decides what the answers mean.
import type { ComparisonCheck } from '../../schema/checks.js';
import type { DurationPercentile } from '../../adapters/sentry/sentry-port.js';
import { windowOf } from '../../core/measurement/windows.js';
import { slowTransactionCounts, transactionLatencyMeasurement, type TransactionsSeen } from '../../core/measurement/transaction-readings.js';
import type { Measurement } from '../../core/observations.js';
import { failed, type CheckOf, type Measure, type MeasureScope } from './measure.js';

type Sides = { ok: true; canary: TransactionsSeen; primary?: TransactionsSeen } | { ok: false; measurement: Measurement };

/**
 * Both releases' transactions (the primary's only when `withPrimary`) over the check's window.
 * Errors: a release the core could not name, the token's Secret, Sentry's failures (its words).
 */
async function transactionsOf(scope: MeasureScope, check: CheckOf<'sentryLatency'> | ComparisonCheck, percentile: DurationPercentile, slowerThanMs: number | undefined, withPrimary: boolean): Promise<Sides> {
  if (!scope.canaryRelease.ok) return { ok: false, measurement: failed(check, `no Sentry release for the canary: ${scope.canaryRelease.reason}`) };
  if (withPrimary && !scope.primaryRelease.ok) return { ok: false, measurement: failed(check, `no Sentry release for the primary: ${scope.primaryRelease.reason}`) };
  const resolved = await scope.sentryTarget();
  if (!resolved.ok) return { ok: false, measurement: failed(check, resolved.reason) };
  const { start, end } = windowOf(check, scope.times);
  const ask = async (release: string): Promise<{ ok: true; seen: TransactionsSeen } | { ok: false; reason: string }> => {
    const answer = await scope.sentry.transactionDurations(resolved.target, { release, start, end, percentile, ...(slowerThanMs !== undefined ? { slowerThanMs } : {}) });
    return answer.ok ? { ok: true, seen: { release, ...answer.value } } : { ok: false, reason: answer.error.message };
  };
  const releases = [scope.canaryRelease.release, ...(withPrimary && scope.primaryRelease.ok ? [scope.primaryRelease.release] : [])];
  const [canary, primary] = await Promise.all(releases.map(ask));
  if (!canary?.ok) return { ok: false, measurement: failed(check, canary?.reason ?? 'no answer for the canary release') };
  if (primary && !primary.ok) return { ok: false, measurement: failed(check, primary.reason) };
  return { ok: true, canary: canary.seen, ...(primary?.ok ? { primary: primary.seen } : {}) };
}

/** sentryLatency: the canary release's transaction-duration percentile (and the primary's, for maxRatio). */
export const measureSentryLatency: Measure<CheckOf<'sentryLatency'>> = async (scope, check) => {
  const sides = await transactionsOf(scope, check, `p${check.percentile}`, undefined, check.maxRatio !== undefined);
  return sides.ok ? transactionLatencyMeasurement(check, sides.canary, sides.primary) : sides.measurement;
};

/** comparison of sentrySlowTransactions: both releases' transactions and those longer than latencyThresholdMs. */
export const measureSentrySlowTransactions: Measure<ComparisonCheck & { metric: 'sentrySlowTransactions' }> = async (scope, check) => {
  const sides = await transactionsOf(scope, check, 'p95', check.latencyThresholdMs, true);
  if (!sides.ok) return sides.measurement;
  if (!sides.primary) return failed(check, 'the primary release\'s transactions were not read');
  return slowTransactionCounts(check.name, sides.canary, sides.primary);
};
