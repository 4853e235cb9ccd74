// Turns HTTP outcomes and exceptions into SentryError values with messages a
// person can act on. Nothing here ever sees the token value except redact().
import { quotedFromServer, redactSecrets } from '../secret-redaction.js';
import type { SentryError, SentryTarget } from './sentry-port.js';
import { transportFailure } from '../bounded-http.js';

/** What a call was for: names the scope Sentry wants for it in 403 messages. */
export interface CallPurpose {
  /** e.g. "read issues" */
  readonly action: string;
  /** e.g. "event:read" */
  readonly scope: string;
}

/** `text` without the token and without any Bearer/Basic credential (the adapters' shared redactSecrets). */
export function redact(text: string, token: string): string {
  return redactSecrets(text, [token]);
}

/**
 * A short (at most 300 code points), redacted excerpt of what Sentry said about a failure, in any of the
 * shapes it answers errors with:
 * - `{"detail": "..."}` (DRF's APIException, e.g. 401/403/404);
 * - DRF field errors, `{"name": ["Ensure this field has no more than 64 characters."]}`,
 *   read as `name: Ensure this field has no more than 64 characters.` (several joined with "; ");
 * - a bare JSON string, as its rate limiter answered 429s: `"You are attempting to use this endpoint too frequently. ..."`;
 * - a list of messages, `["..."]`.
 */
export function detailOf(body: unknown, token: string): string | undefined {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      value = body;
    }
  }
  const text = messageOf(value);
  if (text === undefined || text.trim() === '') return undefined;
  // Redacted before clipped: a token cut in two by the clip would leak its head.
  return quotedFromServer(text.trim(), [token], 300);
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(messageOf).filter((m): m is string => m !== undefined).join('; ');
  if (!value || typeof value !== 'object') return undefined;
  const fields = value as Record<string, unknown>;
  if ('detail' in fields) {
    const detail = fields['detail'];
    if (detail && typeof detail === 'object' && !Array.isArray(detail) && 'message' in detail) return messageOf((detail as { message: unknown }).message);
    return messageOf(detail);
  }
  const parts = Object.entries(fields).map(([field, messages]) => {
    const text = messageOf(messages);
    return text ? (field === 'non_field_errors' ? text : `${field}: ${text}`) : undefined;
  });
  return parts.filter((p): p is string => p !== undefined).join('; ');
}

const ORG_TOKEN_PREFIX = 'sntrys_';

/** Sentry's organization auth tokens carry only `org:ci` (they can mark releases and deploys, never read issues or events). */
function orgTokenHint(t: SentryTarget, scope: string): string {
  if (!t.token.startsWith(ORG_TOKEN_PREFIX) || scope === 'org:ci') return '';
  return `; the token is an organization auth token (${ORG_TOKEN_PREFIX}…), which carries only org:ci: use an internal integration or a user auth token with ${scope}`;
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
    return { code: 'forbidden', status, retryable: false, message: `Sentry token for organization ${org} lacks the scope to ${purpose.action} (${purpose.scope})${why}${orgTokenHint(t, purpose.scope)}` };
  }
  if (status === 404) {
    return { code: 'notFound', status, retryable: false, message: `Sentry found nothing to ${purpose.action} in organization ${org} (404)${why}` };
  }
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds}s`;
    return { code: 'rateLimited', status, retryable: true, retryAfterSeconds, message: `Sentry rate-limited the request to ${purpose.action} for organization ${org} (429)${why}${wait}` };
  }
  if (status >= 500) {
    return { code: 'server', status, retryable: true, message: `Sentry failed to ${purpose.action} for organization ${org} (${status})${why}` };
  }
  return { code: 'badRequest', status, retryable: false, message: `Sentry refused the request to ${purpose.action} for organization ${org} (${status})${why}` };
}

/**
 * Transport failures: a passed deadline is a timeout, an answer over `maxBytes` (axios'
 * maxContentLength) a badResponse. The cause is rebuilt from code and message only: axios errors carry request headers.
 */
export function errorFromException(t: SentryTarget, purpose: CallPurpose, error: unknown, timeoutMs: number, maxBytes: number): SentryError {
  const { kind, code } = transportFailure(error);
  const text = redact(error instanceof Error ? error.message : String(error), t.token);
  const cause = new Error(code ? `${code}: ${text}` : text);
  if (kind === 'timeout') {
    return { code: 'timeout', retryable: true, cause, message: `Sentry did not answer within ${timeoutMs} ms to ${purpose.action} for organization ${t.organization}` };
  }
  if (kind === 'tooLarge') {
    return badResponse(t, purpose, `the answer is larger than ${maxBytes} bytes, the most Songbird reads`, cause);
  }
  return { code: 'network', retryable: true, cause, message: `Could not reach Sentry at ${redact(t.baseUrl, t.token)} to ${purpose.action} for organization ${t.organization}: ${code ?? text}` };
}

export function badResponse(t: SentryTarget, purpose: CallPurpose, problem: string, cause?: unknown): SentryError {
  return { code: 'badResponse', retryable: false, cause, message: `Sentry gave an unexpected answer to ${purpose.action} for organization ${t.organization}: ${redact(problem, t.token)}` };
}
