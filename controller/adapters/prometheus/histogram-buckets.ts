import type { LatencyBucket } from '../../core/statistics/latency-comparison.js';
import type { PrometheusError, Sample } from './prometheus-client.js';
import type { Result } from '../../core/result.js';
import { prometheusFloat } from './prometheus-float.js';

/** The buckets, or `badResponse` naming the metric and the series' label. */
export type BucketsResult = Result<LatencyBucket[], PrometheusError>;

/** The number an `le` label stands for: "500", "500.0", "1.8e+06" and "+Inf" alike; undefined when it is none (NaN is no bound). */
export function bucketBound(le: string): number | undefined {
  const bound = prometheusFloat(le);
  return bound === undefined || Number.isNaN(bound) ? undefined : bound;
}

/**
 * The samples of a `sum by (le)` query as cumulative buckets, sorted by bound. Two spellings of
 * one bound (possible across a Prometheus 2 → 3 upgrade within the window) are added together;
 * a series without a readable `le` is an error naming the metric.
 */
export function bucketsOf(metric: string, samples: Sample[]): BucketsResult {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    const le = sample.labels['le'];
    const bound = le === undefined ? undefined : bucketBound(le);
    if (bound === undefined) {
      const message = `${metric} answered a series whose le label ${le === undefined ? 'is missing' : `"${le}" is not a number`}`;
      return { ok: false, error: { code: 'badResponse', message, retryable: false } };
    }
    byBound.set(bound, (byBound.get(bound) ?? 0) + sample.value);
  }
  const buckets = [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  return { ok: true, value: buckets };
}
