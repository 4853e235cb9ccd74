// What Sentry's transactions mean for a check: a duration percentile of the canary's release
// (against a bound, or against the primary release's same percentile), and slow transactions per
// transaction for a comparison. Decisions only: runtime/checks/sentry-latency.ts hands over
// what Sentry's events API answered, unchanged.
import type { SentryLatencyCheck } from '../../schema/checks.js';
import type { CountPair, JudgeableMeasurement } from '../observations.js';
import { round } from './check-kinds.js';

/** One release's transactions over a window, as Sentry answered them (durations in ms). */
export interface TransactionsSeen {
  readonly release: string;
  /** count() */
  readonly transactions: number;
  /** The percentile's function over transaction.duration; null when Sentry had no value (no transactions). */
  readonly percentileMs: number | null;
  /** count_if(transaction.duration,greater,thresholdMs), when asked. */
  readonly slow?: number;
}

const plural = (n: number, word: string) => `${Math.round(n)} ${word}${Math.round(n) === 1 ? '' : 's'}`;

/**
 * sentryLatency: the canary release's percentile in ms (maxMs) or as a ratio to the primary
 * release's (maxRatio). Fewer than minTransactions on a side that is read, or a percentile Sentry
 * did not answer, is no data (the stage holds; it never passes). A primary percentile of 0 ms
 * makes any slower canary infinitely slower (+Inf fails any ratio).
 */
export function transactionLatencyMeasurement(check: SentryLatencyCheck, canary: TransactionsSeen, primary?: TransactionsSeen): JudgeableMeasurement {
  const name = check.name;
  const short = (side: string, seen: TransactionsSeen): JudgeableMeasurement | undefined =>
    seen.transactions < check.minTransactions
      ? { check: name, kind: 'noData', reason: `${plural(seen.transactions, 'transaction')} of the ${side} release ${seen.release} in Sentry, ${check.minTransactions} needed` }
      : seen.percentileMs === null
        ? { check: name, kind: 'noData', reason: `Sentry answered no p${check.percentile} (null) over ${plural(seen.transactions, 'transaction')} of the ${side} release ${seen.release}` }
        : undefined;
  const canaryShort = short('canary', canary);
  if (canaryShort) return canaryShort;
  const canaryMs = canary.percentileMs ?? 0;
  const over = `over ${plural(canary.transactions, 'transaction')} of release ${canary.release}`;
  if (check.maxRatio === undefined) return { check: name, kind: 'value', value: canaryMs, detail: over };
  if (!primary) return { check: name, kind: 'error', reason: 'the primary release\'s transactions were not read' };
  const primaryShort = short('primary', primary);
  if (primaryShort) return primaryShort;
  const primaryMs = primary.percentileMs ?? 0;
  const ratio = primaryMs > 0 ? canaryMs / primaryMs : canaryMs > 0 ? Number.POSITIVE_INFINITY : 1;
  const detail = `(canary ${round(canaryMs)} ms ${over}, primary ${round(primaryMs)} ms over ${plural(primary.transactions, 'transaction')} of release ${primary.release})`;
  return { check: name, kind: 'value', value: ratio, detail };
}

/**
 * comparison of sentrySlowTransactions: each release's transactions slower than the threshold
 * (events) out of its transactions (trials), for the anytime-valid count comparison. A side
 * without a slow count (count_if was not answered) is an error naming the field and the release,
 * never zero slow transactions.
 */
export function slowTransactionCounts(check: string, canary: TransactionsSeen, primary: TransactionsSeen): JudgeableMeasurement {
  for (const [name, seen] of [['canary', canary], ['primary', primary]] as const) {
    if (seen.slow === undefined) {
      return { check, kind: 'error', reason: `Sentry answered no slow count (count_if(transaction.duration,greater,…)) for the ${name} release ${seen.release}` };
    }
  }
  const side = (seen: TransactionsSeen) => ({ events: seen.slow ?? 0, trials: seen.transactions });
  const counts: CountPair = { canary: side(canary), primary: side(primary) };
  return { check, kind: 'counts', unit: 'slow transactions', counts };
}
