// The HTTP client the metric and notification adapters share (Sentry, Wavefront, Jira, and the
// failure reading of Prometheus'): bounded in time and size, answers as text for the adapter to
// parse, every status a value, no redirects. axios' `timeout` only bounds idleness, so each call
// also passes `signal: AbortSignal.timeout(timeoutMs)`: a server trickling bytes is stopped too.
import axios, { type AxiosInstance } from 'axios';

/** An axios instance for one system: `timeoutMs` idle timeout, answers and bodies over `maxBytes` refused. */
export function createBoundedHttp(options: { timeoutMs: number; maxBytes: number }): AxiosInstance {
  return axios.create({
    timeout: options.timeoutMs,
    maxContentLength: options.maxBytes,
    maxBodyLength: options.maxBytes,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });
}

/**
 * What a thrown axios call failed of: `timeout` (the deadline or the idle timeout passed),
 * `tooLarge` (the answer passed maxContentLength), else `unreachable`; with the error's code
 * (ETIMEDOUT, ECONNREFUSED, ...) when it has one. Each adapter words its own message.
 */
export function transportFailure(cause: unknown): { kind: 'timeout' | 'tooLarge' | 'unreachable'; code: string | undefined } {
  const raw = typeof cause === 'object' && cause !== null && 'code' in cause ? (cause as { code: unknown }).code : undefined;
  const code = raw === undefined ? undefined : String(raw);
  const message = typeof cause === 'object' && cause !== null && 'message' in cause ? String((cause as { message: unknown }).message) : '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return { kind: 'timeout', code };
  if (code === 'ERR_BAD_RESPONSE' && message.includes('maxContentLength')) return { kind: 'tooLarge', code };
  return { kind: 'unreachable', code };
}
