import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { prometheusFloat } from './prometheus-float.js';
import { clipCodePoints } from '../../core/clip-code-points.js';
import type { Failure, Result } from '../../core/result.js';
import { transportFailure } from '../bounded-http.js';

export type PrometheusErrorCode = 'unreachable' | 'timeout' | 'badQuery' | 'server' | 'badResponse';

/** The shared Failure (core/result.ts) of a Prometheus query. */
export type PrometheusError = Failure<PrometheusErrorCode>;

/** One number, none (empty result: nothing matched), or an error value. */
export type ScalarResult = Result<number | undefined, PrometheusError>;

/** One sample of an instant vector: the series' labels and its value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every series of an instant vector (possibly none), or an error value. */
export type VectorResult = Result<Sample[], PrometheusError>;

// The query API's answer: https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries
const responseSchema = z.object({
  status: z.enum(['success', 'error']),
  error: z.string().optional(),
  data: z
    .object({
      resultType: z.string(),
      result: z.union([
        z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
        z.tuple([z.number(), z.string()]),
      ]),
    })
    .optional(),
});

/**
 * Instant queries. `at` is the evaluation time (the API's `time`); queries of one analysis share
 * it, so a count and its part (requests and successful requests) see the same samples.
 */
export interface PrometheusClient {
  /** Runs an instant query that should return one series (or a scalar); an empty result is `value: undefined`. */
  scalar(query: string, at?: Date): Promise<ScalarResult>;
  /** Runs an instant query and returns every series it selected, labels included (e.g. `sum by (le)`). */
  vector(query: string, at?: Date): Promise<VectorResult>;
}

/**
 * `timeoutMs` bounds each query as a whole (an abort deadline, not only axios' idle timeout; default
 * 10 000 ms); `maxResponseBytes` bounds what is read (default 10 MiB; more is a badResponse).
 */
export function createPrometheusClient(options: { baseUrl: string; timeoutMs?: number; maxResponseBytes?: number }): PrometheusClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const http: AxiosInstance = axios.create({ baseURL: options.baseUrl, timeout: timeoutMs, maxContentLength: maxBytes, maxBodyLength: maxBytes, validateStatus: () => true });
  const query = async (promql: string, at?: Date): Promise<VectorResult> => {
    let response;
    // axios' timeout only bounds idleness; a server trickling bytes is stopped by this deadline.
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      const params = at ? { query: promql, time: (at.getTime() / 1000).toFixed(3) } : { query: promql };
      response = await http.get('/api/v1/query', { params, signal: deadline });
    } catch (cause) {
      return { ok: false, error: transportError(options.baseUrl, deadline.aborted ? { code: 'ETIMEDOUT' } : cause, timeoutMs, maxBytes) };
    }
    return interpret(promql, response.status, response.data);
  };
  return {
    async scalar(promql, at) {
      const answer = await query(promql, at);
      if (!answer.ok) return answer;
      if (answer.value.length > 1) {
        return { ok: false, error: { code: 'badQuery', message: `the query ${short(promql)} returned ${answer.value.length} series; it must return one (use sum())`, retryable: false } };
      }
      return { ok: true, value: answer.value[0]?.value };
    },
    vector: query,
  };
}

function interpret(query: string, status: number, body: unknown): VectorResult {
  const parsed = responseSchema.safeParse(body);
  if (status === 400 || status === 422 || (parsed.success && parsed.data.status === 'error')) {
    const detail = parsed.success ? parsed.data.error : `HTTP ${status}`;
    return { ok: false, error: { code: 'badQuery', message: `Prometheus rejected the query ${short(query)}: ${detail}`, retryable: false } };
  }
  if (status >= 500) return { ok: false, error: { code: 'server', message: `Prometheus answered HTTP ${status}`, retryable: true } };
  if (!parsed.success || !parsed.data.data) {
    return { ok: false, error: { code: 'badResponse', message: `Prometheus answered something that is not a query result (HTTP ${status})`, retryable: true } };
  }
  const { result } = parsed.data.data;
  const series = isScalar(result) ? [{ metric: {}, value: result }] : result;
  const samples: Sample[] = [];
  for (const { metric, value } of series) {
    const number = prometheusFloat(value[1]);
    if (number === undefined) {
      return { ok: false, error: { code: 'badResponse', message: `Prometheus answered the query ${short(query)} with the value "${short(value[1])}", which is not a number`, retryable: true } };
    }
    samples.push({ labels: metric, value: number });
  }
  return { ok: true, value: samples };
}

const isScalar = (result: unknown): result is [number, string] => Array.isArray(result) && result.length === 2 && typeof result[0] === 'number';

/** A transport failure: a passed deadline is a timeout, an answer over maxBytes (axios' maxContentLength) a badResponse. */
function transportError(baseUrl: string, cause: unknown, timeoutMs: number, maxBytes: number): PrometheusError {
  const { kind, code } = transportFailure(cause);
  if (kind === 'timeout') {
    return { code: 'timeout', message: `Prometheus at ${baseUrl} did not answer in time (within ${timeoutMs} ms)`, retryable: true, cause };
  }
  if (kind === 'tooLarge') {
    return { code: 'badResponse', message: `Prometheus at ${baseUrl} answered more than ${maxBytes} bytes, the most Songbird reads`, retryable: true, cause };
  }
  return { code: 'unreachable', message: `Prometheus at ${baseUrl} is unreachable (${code ?? 'network error'})`, retryable: true, cause };
}

/** A query clipped for messages (status, Events and Slack show it): at most 120 code points, never half a surrogate pair. */
export function short(query: string): string {
  return clipCodePoints(query, 120, '...');
}
