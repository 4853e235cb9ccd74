import { describe, expect, it } from '@jest/globals';
import { sentryLatencyCheckSchema, type SentryLatencyCheck } from '../../schema/checks.js';
import { evaluateCheck } from '../check-evaluation.js';
import { slowTransactionCounts, transactionLatencyMeasurement, type TransactionsSeen } from './transaction-readings.js';

const check = (fields: Record<string, unknown>): SentryLatencyCheck => sentryLatencyCheckSchema.parse({ name: 'tx-latency', type: 'sentryLatency', minTransactions: 20, ...fields });
const seen = (release: string, transactions: number, percentileMs: number | null, slow?: number): TransactionsSeen => ({ release, transactions, percentileMs, ...(slow !== undefined ? { slow } : {}) });
const AT = '2026-12-06T06:00:00.000Z';

describe('transactionLatencyMeasurement', () => {
  it('fails a maxRatio check when the canary release is slower than the ratio allows, naming both percentiles', () => {
    const c = check({ percentile: 95, maxRatio: 1.5 });
    const result = evaluateCheck(c, transactionLatencyMeasurement(c, seen('v2', 120, 300), seen('v1', 900, 100)), AT);
    expect(result.outcome).toBe('fail');
    expect(result.value).toBe(3);
    expect(result.limit).toBe('p95 ≤ 1.5× primary');
    expect(result.message).toBe("tx-latency: p95 3× the primary's (limit p95 ≤ 1.5× primary) (canary 300 ms over 120 transactions of release v2, primary 100 ms over 900 transactions of release v1)");
  });

  it('passes a maxRatio check when the canary is within the ratio', () => {
    const c = check({ percentile: 99, maxRatio: 2 });
    expect(evaluateCheck(c, transactionLatencyMeasurement(c, seen('v2', 50, 150), seen('v1', 50, 100)), AT).outcome).toBe('pass');
  });

  it('judges a maxMs check on the canary alone, without the primary', () => {
    const c = check({ percentile: 50, maxMs: 200 });
    const result = evaluateCheck(c, transactionLatencyMeasurement(c, seen('v2', 30, 250)), AT);
    expect(result).toMatchObject({ outcome: 'fail', value: 250, limit: 'p50 ≤ 200 ms' });
    expect(result.message).toBe('tx-latency: p50 250 ms (limit p50 ≤ 200 ms) over 30 transactions of release v2');
  });

  it('holds with no data when either side has fewer transactions than minTransactions', () => {
    const c = check({ maxRatio: 1.5 });
    expect(transactionLatencyMeasurement(c, seen('v2', 19, 900), seen('v1', 500, 100))).toEqual({ check: 'tx-latency', kind: 'noData', reason: '19 transactions of the canary release v2 in Sentry, 20 needed' });
    expect(transactionLatencyMeasurement(c, seen('v2', 40, 900), seen('v1', 1, 100))).toMatchObject({ kind: 'noData', reason: '1 transaction of the primary release v1 in Sentry, 20 needed' });
  });

  it('holds with no data saying the percentile was null when Sentry answered null over enough transactions', () => {
    const c = check({ maxMs: 100 });
    expect(transactionLatencyMeasurement(c, seen('v2', 500, null))).toEqual({ check: 'tx-latency', kind: 'noData', reason: 'Sentry answered no p95 (null) over 500 transactions of the canary release v2' });
  });

  it('fails any ratio when the primary percentile is 0 ms and the canary is slower', () => {
    const c = check({ maxRatio: 10 });
    const result = evaluateCheck(c, transactionLatencyMeasurement(c, seen('v2', 40, 5), seen('v1', 40, 0)), AT);
    expect(result).toMatchObject({ outcome: 'fail', value: null });
  });
});

describe('slowTransactionCounts', () => {
  it('counts slow transactions as events and transactions as trials for the comparison', () => {
    expect(slowTransactionCounts('slow', seen('v2', 200, 90, 30), seen('v1', 800, 80, 16))).toEqual({
      check: 'slow', kind: 'counts', unit: 'slow transactions',
      counts: { canary: { events: 30, trials: 200 }, primary: { events: 16, trials: 800 } },
    });
  });
});

describe('slowTransactionCounts without a slow count', () => {
  it.each([
    ['canary', seen('v2', 200, 90), seen('v1', 800, 80, 16), 'v2'],
    ['primary', seen('v2', 200, 90, 30), seen('v1', 800, 80), 'v1'],
  ])('is an error naming count_if and the %s release when its slow count is missing', (side, canary, primary, release) => {
    expect(slowTransactionCounts('slow', canary, primary)).toEqual({
      check: 'slow', kind: 'error', reason: `Sentry answered no slow count (count_if(transaction.duration,greater,…)) for the ${side} release ${release}`,
    });
  });
});

describe('sentryLatency schema', () => {
  it('refuses a check with both maxMs and maxRatio, or neither', () => {
    expect(sentryLatencyCheckSchema.safeParse({ name: 'x', type: 'sentryLatency', maxMs: 1, maxRatio: 2 }).success).toBe(false);
    expect(sentryLatencyCheckSchema.safeParse({ name: 'x', type: 'sentryLatency' }).success).toBe(false);
    expect(sentryLatencyCheckSchema.parse({ name: 'x', type: 'sentryLatency', maxRatio: 2 })).toMatchObject({ percentile: 95, minTransactions: 50 });
  });
});
