// The simulated world of the bench: requests arrive as Poisson processes, each fails
// independently with the workload's error rate, and latencies are lognormal, observed only
// through Istio's default histogram buckets (milliseconds).
import type { Random } from './random.js';

export const BUCKET_BOUNDS_MS: readonly number[] = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, Infinity];

export interface Workload {
  readonly requestsPerSecond: number;
  readonly errorRate: number;
  /** Median latency in ms; log-latency has standard deviation `latencySpread`. */
  readonly medianLatencyMs: number;
  readonly latencySpread: number;
}

export interface IntervalTraffic {
  readonly requests: number;
  readonly errors: number;
  /** Requests per bucket (NOT cumulative), aligned with BUCKET_BOUNDS_MS. */
  readonly buckets: readonly number[];
}

/** Standard normal CDF (Zelen & Severo 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** Probability of each bucket (between the previous bound and this one). */
export function bucketProbabilities(workload: Pick<Workload, 'medianLatencyMs' | 'latencySpread'>): number[] {
  const below = BUCKET_BOUNDS_MS.map((bound) =>
    bound === Infinity ? 1 : normalCdf(Math.log(bound / workload.medianLatencyMs) / workload.latencySpread),
  );
  return below.map((p, index) => Math.max(0, p - (index === 0 ? 0 : (below[index - 1] ?? 0))));
}

/** One analysis interval of traffic for one workload. */
export function sampleInterval(random: Random, workload: Workload, probabilities: readonly number[], seconds: number): IntervalTraffic {
  const mean = workload.requestsPerSecond * seconds;
  const buckets = probabilities.map((p) => random.poisson(mean * p));
  const requests = buckets.reduce((sum, count) => sum + count, 0);
  return { requests, errors: random.binomial(requests, workload.errorRate), buckets };
}

/** Prometheus histogram_quantile over per-bucket counts (linear within a bucket). */
export function histogramQuantile(buckets: readonly number[], quantile: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let below = 0;
  for (let index = 0; index < buckets.length; index += 1) {
    const count = buckets[index] ?? 0;
    const upper = BUCKET_BOUNDS_MS[index] ?? Infinity;
    if (below + count >= rank && count > 0) {
      if (upper === Infinity) return BUCKET_BOUNDS_MS[index - 1] ?? null;
      const lower = index === 0 ? 0 : (BUCKET_BOUNDS_MS[index - 1] ?? 0);
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return null;
}
