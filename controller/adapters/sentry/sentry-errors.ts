// Turns HTTP outcomes and exceptions into SentryError values with messages a
// person can act on. Nothing here ever sees the token value except redact().
import type { SentryError, SentryTarget } from './sentry-port.js';

/** What a call was for: names the scope Sentry wants for it in 403 messages. */
export interface CallPurpose {
  /** e.g. "read issues" */
  readonly action: string;
  /** e.g. "event:read" */
  readonly scope: string;
}

export function redact(text: string, token: string): string {
  return token.length > 0 ? text.split(token).join('[redacted]') : text;
}

/** Sentry answers errors as {"detail": "..."}; keep a short, redacted excerpt. */
export function detailOf(body: unknown, token: string): string | undefined {
  let detail: unknown = body;
  if (typeof body === 'string') {
    try {
      detail = JSON.parse(body);
    } catch {
      detail = body;
    }
  }
  if (detail && typeof detail === 'object' && 'detail' in detail) detail = (detail as { detail: unknown }).detail;
  if (typeof detail !== 'string' || detail.trim() === '') return undefined;
  return redact(detail.trim().slice(0, 200), token);
}

export function errorFromStatus(
  t: SentryTarget,
  purpose: CallPurpose,
  status: number,
  detail: string | undefined,
  retryAfterSeconds: number | undefined,
): SentryError {
  const org = t.organization;
  const why = detail ? `: ${detail}` : '';
  if (status === 401) {
    const secret = t.tokenSecretRef ? `the Secret ${t.tokenSecretRef}` : 'the Secret that holds the Sentry token';
    return { code: 'unauthorized', status, retryable: false, message: `Sentry rejected the token for organization ${org} (401): check ${secret}` };
  }
  if (status === 403) {
    return { code: 'forbidden', status, retryable: false, message: `Sentry token for organization ${org} lacks the scope to ${purpose.action} (${purpose.scope})${why}` };
  }
  if (status === 404) {
    return { code: 'notFound', status, retryable: false, message: `Sentry found nothing to ${purpose.action} in organization ${org} (404)${why}` };
  }
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds}s`;
    return { code: 'rateLimited', status, retryable: true, retryAfterSeconds, message: `Sentry rate-limited the request to ${purpose.action} for organization ${org} (429)${wait}` };
  }
  if (status >= 500) {
    return { code: 'server', status, retryable: true, message: `Sentry failed to ${purpose.action} for organization ${org} (${status})${why}` };
  }
  return { code: 'badRequest', status, retryable: false, message: `Sentry refused the request to ${purpose.action} for organization ${org} (${status})${why}` };
}

/** Transport failures. The cause is rebuilt from code and message only: axios errors carry request headers. */
export function errorFromException(t: SentryTarget, purpose: CallPurpose, error: unknown, timeoutMs: number): SentryError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const text = redact(error instanceof Error ? error.message : String(error), t.token);
  const cause = new Error(code ? `${code}: ${text}` : text);
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return { code: 'timeout', retryable: true, cause, message: `Sentry did not answer within ${timeoutMs} ms to ${purpose.action} for organization ${t.organization}` };
  }
  return { code: 'network', retryable: true, cause, message: `Could not reach Sentry at ${redact(t.baseUrl, t.token)} to ${purpose.action} for organization ${t.organization}: ${code ?? text}` };
}

export function badResponse(t: SentryTarget, purpose: CallPurpose, problem: string, cause?: unknown): SentryError {
  return { code: 'badResponse', retryable: false, cause, message: `Sentry gave an unexpected answer to ${purpose.action} for organization ${t.organization}: ${redact(problem, t.token)}` };
}
