// One HTTP exchange with Sentry's REST API (/api/0/...): bearer auth, a
// timeout, one wait-and-retry on a short 429, JSON parsing and zod validation.
// Every outcome comes back as a Result; nothing here throws for an expected failure.
import type { AxiosInstance, AxiosResponse } from 'axios';
import { createBoundedHttp } from '../bounded-http.js';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { badResponse, detailOf, errorFromException, errorFromStatus, type CallPurpose } from './sentry-errors.js';
import { parseRateLimit, parseRetryAfterSeconds } from './rate-limit-headers.js';
import type { RateLimitInfo, Result, SentryTarget } from './sentry-port.js';

export interface SentryHttpOptions {
  /** Per request, the whole exchange (an abort deadline, not only axios' idle timeout). Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Largest answer read, in bytes; a larger one is a badResponse. Default 10 MiB. */
  readonly maxResponseBytes?: number;
  /** A 429 whose Retry-After is at most this is waited out and retried once. Default 3 s; 0 never retries. */
  readonly maxRetryAfterWaitSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export interface SentryRequest<T> {
  readonly method: 'GET' | 'POST';
  /** Below /api/0, e.g. `/organizations/acme/issues/`; segments already encoded. */
  readonly path: string;
  readonly params?: ReadonlyArray<readonly [string, string]>;
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  readonly purpose: CallPurpose;
}

export interface SentryResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly link?: string;
}

export interface SentryHttp {
  send<T>(t: SentryTarget, request: SentryRequest<T>): Promise<Result<SentryResponse<T>>>;
}

export function apiUrl(baseUrl: string, path: string, params: ReadonlyArray<readonly [string, string]> = []): string {
  const base = baseUrl.replace(/\/+$/, '').replace(/\/api\/0$/, '');
  const query = new URLSearchParams(params.map(([k, v]) => [k, v])).toString();
  return `${base}/api/0${path}${query ? `?${query}` : ''}`;
}

export function createSentryHttp(options: SentryHttpOptions = {}): SentryHttp {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxWait = options.maxRetryAfterWaitSeconds ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => Date.now());
  const maxBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const client: AxiosInstance = createBoundedHttp({ timeoutMs, maxBytes });

  async function exchange(t: SentryTarget, request: SentryRequest<unknown>): Promise<AxiosResponse<string> | { failed: unknown }> {
    // axios' timeout only bounds idleness; a server trickling bytes is stopped by this deadline.
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      return await client.request<string>({
        method: request.method,
        url: apiUrl(t.baseUrl, request.path, request.params),
        signal: deadline,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          Authorization: `Bearer ${t.token}`,
          Accept: 'application/json',
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
      });
    } catch (failed) {
      return { failed: deadline.aborted ? Object.assign(new Error('deadline passed'), { code: 'ETIMEDOUT' }) : failed };
    }
  }

  async function send<T>(t: SentryTarget, request: SentryRequest<T>): Promise<Result<SentryResponse<T>>> {
    let response = await exchange(t, request);
    if (!('failed' in response) && response.status === 429) {
      const wait = parseRetryAfterSeconds(response.headers, now());
      if (wait !== undefined && wait <= maxWait) {
        options.logger?.warn({ organization: t.organization, path: request.path, retryAfterSeconds: wait }, 'sentry rate limit: waiting once before retrying');
        await sleep(wait * 1000);
        response = await exchange(t, request);
      }
    }
    if ('failed' in response) {
      return { ok: false, error: errorFromException(t, request.purpose, response.failed, timeoutMs, maxBytes) };
    }
    return interpret(t, request, response);
  }

  function interpret<T>(t: SentryTarget, request: SentryRequest<T>, response: AxiosResponse<string>): Result<SentryResponse<T>> {
    const rateLimit: RateLimitInfo | undefined = parseRateLimit(response.headers);
    const withLimit = rateLimit ? { rateLimit } : {};
    if (response.status < 200 || response.status >= 300) {
      const retryAfter = response.status === 429 ? parseRetryAfterSeconds(response.headers, now()) : undefined;
      const error = errorFromStatus(t, request.purpose, response.status, detailOf(response.data, t.token), retryAfter);
      return { ok: false, error, ...withLimit };
    }
    let json: unknown;
    try {
      json = response.data === '' ? null : JSON.parse(String(response.data));
    } catch (cause) {
      return { ok: false, error: badResponse(t, request.purpose, `the body is not JSON (status ${response.status})`, new Error(String(cause))), ...withLimit };
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      return { ok: false, error: badResponse(t, request.purpose, `the body does not have the expected shape (${problems})`), ...withLimit };
    }
    const link = typeof response.headers['link'] === 'string' ? response.headers['link'] : undefined;
    return { ok: true, value: { status: response.status, body: parsed.data, link }, ...withLimit };
  }

  return { send };
}
