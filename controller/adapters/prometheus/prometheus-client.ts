import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';

export type PrometheusError = {
  code: 'unreachable' | 'timeout' | 'badQuery' | 'server' | 'badResponse';
  message: string;
  retryable: boolean;
  cause?: unknown;
};

/** One number, none (empty result: no data), or an error value. */
export type ScalarResult = { ok: true; value: number | undefined } | { ok: false; error: PrometheusError };

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

export interface PrometheusClient {
  /** Runs an instant query that should return one series (or a scalar). */
  scalar(query: string): Promise<ScalarResult>;
}

export function createPrometheusClient(options: { baseUrl: string; timeoutMs?: number }): PrometheusClient {
  const http: AxiosInstance = axios.create({ baseURL: options.baseUrl, timeout: options.timeoutMs ?? 10_000, validateStatus: () => true });
  return {
    async scalar(query) {
      let response;
      try {
        response = await http.get('/api/v1/query', { params: { query } });
      } catch (cause) {
        return { ok: false, error: transportError(options.baseUrl, cause) };
      }
      return interpret(query, response.status, response.data);
    },
  };
}

function interpret(query: string, status: number, body: unknown): ScalarResult {
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
  if (isScalar(result)) return { ok: true, value: Number(result[1]) };
  if (result.length === 0) return { ok: true, value: undefined };
  if (result.length > 1) {
    return { ok: false, error: { code: 'badQuery', message: `the query ${short(query)} returned ${result.length} series; it must return one (use sum())`, retryable: false } };
  }
  return { ok: true, value: Number(result[0]!.value[1]) };
}

const isScalar = (result: unknown): result is [number, string] => Array.isArray(result) && result.length === 2 && typeof result[0] === 'number';

function transportError(baseUrl: string, cause: unknown): PrometheusError {
  const code = (cause as { code?: string }).code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return { code: 'timeout', message: `Prometheus at ${baseUrl} did not answer in time`, retryable: true, cause };
  }
  return { code: 'unreachable', message: `Prometheus at ${baseUrl} is unreachable (${code ?? 'network error'})`, retryable: true, cause };
}

const short = (query: string) => (query.length > 120 ? `${query.slice(0, 117)}...` : query);
