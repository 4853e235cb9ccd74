import type { AxiosInstance, AxiosResponse } from 'axios';
import { createBoundedHttp, transportFailure } from '../bounded-http.js';
import { clipCodePoints } from '../../core/clip-code-points.js';
import { quotedFromServer } from '../secret-redaction.js';
import { errorDetail, parseJson, queryResultSchema } from './query-result.js';
import type { WavefrontError, WavefrontPort, WavefrontQuery, WavefrontResult, WavefrontTarget } from './wavefront-port.js';

/**
 * Wavefront's query API, GET {address}/api/v2/chart/api with q (the WQL), s and e (the window,
 * epoch milliseconds), g (granularity: s, m, h or d) and strict=true (no point outside [s;e)),
 * as wavefrontHQ/python-client docs/QueryApi.md documents them; the token goes as
 * `Authorization: Bearer <token>` (the API's own description). Every outcome is a value:
 * transport failures, 400 (badQuery), 401 (unauthorized), 403 (forbidden), 429, 5xx, and a
 * 200 whose body is not a QueryResult or names an error. The token is never put in a message
 * or a cause (an axios error's config would hold it).
 */
export function createWavefrontClient(options: { timeoutMs?: number; maxResponseBytes?: number } = {}): WavefrontPort {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const http: AxiosInstance = createBoundedHttp({ timeoutMs, maxBytes });
  return {
    async lastValue(target, query) {
      let response: AxiosResponse<string>;
      // axios' timeout only bounds idleness; a server trickling bytes is stopped by this deadline.
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        response = await http.get<string>(chartUrl(target.address), {
          params: chartParams(query),
          headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/json' },
          signal: deadline,
        });
      } catch (cause) {
        return { ok: false, error: transportError(target.address, deadline.aborted ? { code: 'ETIMEDOUT' } : cause, timeoutMs, maxBytes) };
      }
      return interpret(target, query.query, response.status, typeof response.data === 'string' ? response.data : '');
    },
  };
}

/** The query API's URL under a base address (a trailing slash is allowed). */
export const chartUrl = (address: string): string => `${address.replace(/\/+$/, '')}/api/v2/chart/api`;

/**
 * The granularity for a window: seconds below an hour, minutes below a day, else hours, so a
 * short analysis interval still has points inside [s;e) and a long one is not slow to compute
 * ("Long time spans and small granularities can take a long time to calculate", QueryApi.md).
 */
export function granularityFor(seconds: number): 's' | 'm' | 'h' {
  return seconds < 3600 ? 's' : seconds < 86_400 ? 'm' : 'h';
}

export function chartParams(query: WavefrontQuery): Record<string, string> {
  const seconds = Math.max(1, Math.round((query.end.getTime() - query.start.getTime()) / 1000));
  return { q: query.query, s: String(query.start.getTime()), e: String(query.end.getTime()), g: granularityFor(seconds), strict: 'true' };
}

function interpret(target: WavefrontTarget, query: string, status: number, body: string): WavefrontResult<number | undefined> {
  const at = `Wavefront at ${target.address}`;
  const detail = errorDetail(body);
  // The server's words may echo the token or the Authorization header: redacted, then clipped.
  const why = detail ? `: ${quotedFromServer(detail, [target.token], 200)}` : '';
  if (status === 400) return fail('badQuery', `${at} rejected the query ${short(query)}${why}`, false);
  if (status === 401) return fail('unauthorized', `${at} refused the API token in Secret ${target.tokenSecretRef} (HTTP 401${why}); put a valid token there`, false);
  if (status === 403) return fail('forbidden', `${at} does not let the token in Secret ${target.tokenSecretRef} query metrics (HTTP 403${why}); give its account permission to read metrics`, false);
  if (status === 429) return fail('rateLimited', `${at} is rate-limiting queries (HTTP 429)`, true);
  if (status >= 500) return fail('server', `${at} answered HTTP ${status}${why}`, true);
  if (status !== 200) return fail('badResponse', `${at} answered HTTP ${status}${why}`, true);
  const json = parseJson(body);
  if (json === undefined) {
    // A query Wavefront cannot parse may come back as 200 with a plain-text reason (wavefront-sdk's response_shim).
    return fail('badQuery', `${at} rejected the query ${short(query)}${why}`, false);
  }
  const parsed = queryResultSchema.safeParse(json);
  if (!parsed.success) return fail('badResponse', `${at} answered something that is not a query result (HTTP ${status})`, true);
  const result = parsed.data;
  if (result.errorType || result.errorMessage) return fail('badQuery', `${at} rejected the query ${short(query)}${why}`, false);
  if (result.timeseries.length > 1) {
    return fail('badQuery', `the query ${short(query)} returned ${result.timeseries.length} series; it must return one (aggregate with sum(...))`, false);
  }
  const points = [...(result.timeseries[0]?.data ?? [])].filter((point): point is [number, number] => point[1] !== null);
  points.sort((a, b) => a[0] - b[0]);
  return { ok: true, value: points.at(-1)?.[1] };
}

const fail = (code: WavefrontError['code'], message: string, retryable: boolean): WavefrontResult<never> => ({ ok: false, error: { code, message, retryable } });

/** A transport failure: a passed deadline is a timeout, an answer over maxBytes (axios' maxContentLength) a badResponse. */
function transportError(address: string, cause: unknown, timeoutMs: number, maxBytes: number): WavefrontError {
  const { kind, code } = transportFailure(cause);
  // Only the code travels on: the axios error's config holds the Authorization header.
  const safeCause = { code };
  if (kind === 'timeout') return { code: 'timeout', message: `Wavefront at ${address} did not answer in time (within ${timeoutMs} ms)`, retryable: true, cause: safeCause };
  if (kind === 'tooLarge') {
    return { code: 'badResponse', message: `Wavefront at ${address} answered more than ${maxBytes} bytes, the most Songbird reads`, retryable: true, cause: safeCause };
  }
  return { code: 'unreachable', message: `Wavefront at ${address} is unreachable (${code ?? 'network error'})`, retryable: true, cause: safeCause };
}

/** A query clipped for messages: at most 120 code points. */
const short = (query: string): string => clipCodePoints(query, 120, '...');
