// For tests: Prometheus answering from memory, by exact query, recording every query. A query it
// holds nothing for answers an empty result (no series), as Prometheus does for an unknown metric.
import type { PrometheusError, ScalarResult, Sample, VectorResult } from '../../adapters/prometheus/prometheus-client.js';
import type { PrometheusAtNow } from './measure.js';

export interface InMemoryPrometheus extends PrometheusAtNow {
  queries: string[];
}

export function inMemoryPrometheus(scalars: Record<string, number | PrometheusError>, vectors: Record<string, Sample[]> = {}): InMemoryPrometheus {
  const queries: string[] = [];
  return {
    queries,
    scalar(query): Promise<ScalarResult> {
      queries.push(query);
      const held = scalars[query];
      if (typeof held === 'object') return Promise.resolve({ ok: false, error: held });
      return Promise.resolve({ ok: true, value: held });
    },
    vector(query): Promise<VectorResult> {
      queries.push(query);
      return Promise.resolve({ ok: true, value: vectors[query] ?? [] });
    },
  };
}
