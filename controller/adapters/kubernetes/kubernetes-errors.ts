// Expected failures of Kubernetes API calls, as values. Exceptions from
// @kubernetes/client-node become KubernetesError here; nothing in the
// adapters throws for a failure the runtime can act on.
import { failed as failure, ok as okValue, type Failure, type Result } from '../../core/result.js';

export type KubernetesErrorCode =
  | 'notFound'
  | 'conflict'
  | 'alreadyExists'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'notOwned'
  | 'missingKey'
  | 'notVerified'
  | 'badResponse'
  | 'server'
  | 'network';

/** A failed Kubernetes call: the shared Failure (core/result.ts) with `status` the HTTP status the apiserver answered, when it answered. */
export type KubernetesError = Failure<KubernetesErrorCode>;

export type KubeResult<T> = Result<T, KubernetesError>;

export const ok = <T>(value: T): KubeResult<T> => okValue(value);
export const failed = <T = never>(error: KubernetesError): KubeResult<T> => failure(error);

/**
 * Thrown by the raw JSON requests (json-request.ts, deployment-json-api.ts)
 * for a 2xx answer the apiserver would never send: a body that is not JSON,
 * not a JSON object, or not the kind of object asked for. `code` is the HTTP
 * status (as on client-node's ApiException, so statusCodeOf reads it);
 * `detail` says what was wrong and what to check. errorFromException turns it
 * into a `badResponse` value whose message carries the detail.
 */
export class UnexpectedAnswer extends Error {
  override readonly name = 'UnexpectedAnswer';
  constructor(
    readonly code: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** The HTTP status of a client-node ApiException (or a watch error), if it carries one. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof candidate === 'number' && candidate >= 100 && candidate < 600 ? candidate : undefined;
}

/** The apiserver's Status.message, read from the exception's body (a JSON string or object). */
export function serverMessageOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('body' in error)) return undefined;
  let body: unknown = (error as { body: unknown }).body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') return message.trim().slice(0, 400);
  }
  return undefined;
}

/**
 * Turns whatever a client-node call threw into a KubernetesError. `what` says
 * what was attempted, e.g. "read Deployment shop/web".
 * `sensitive` drops the exception's text and the server's message (the body
 * of a failed Secret call must never travel further).
 */
export function errorFromException(what: string, error: unknown, options: { sensitive?: boolean } = {}): KubernetesError {
  const status = statusCodeOf(error);
  // A sensitive call's server message is dropped too: it could quote what it failed on.
  const detail = options.sensitive ? undefined : serverMessageOf(error);
  const why = detail ? `: ${detail}` : '';
  const cause = options.sensitive ? new Error(status ? `HTTP ${status}` : 'request failed') : error;
  if (error instanceof UnexpectedAnswer) {
    const said = options.sensitive ? '' : `: ${error.detail}`;
    return { code: 'badResponse', status: error.code, retryable: false, cause, message: `Unexpected answer (${error.code}) to the request to ${what}${said}` };
  }
  if (status === undefined) {
    const text = options.sensitive ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
    return { code: 'network', retryable: true, cause, message: `Could not ${what}${text.slice(0, 300)}` };
  }
  switch (status) {
    case 401:
      return { code: 'unauthorized', status, retryable: false, cause, message: `Not authenticated to ${what} (401)${why}` };
    case 403:
      return { code: 'forbidden', status, retryable: false, cause, message: `Not allowed to ${what} (403): check Songbird's RBAC${why}` };
    case 404:
      return { code: 'notFound', status, retryable: false, cause, message: `Could not ${what}: not found (404)${why}` };
    case 409:
      return { code: /already exists/i.test(detail ?? '') ? 'alreadyExists' : 'conflict', status, retryable: true, cause, message: `Could not ${what}: conflict (409)${why}` };
    case 400:
    case 422:
      return { code: 'invalid', status, retryable: false, cause, message: `The apiserver rejected the request to ${what} (${status})${why}` };
    default:
      if (status === 429 || status >= 500) {
        return { code: 'server', status, retryable: true, cause, message: `The apiserver failed to ${what} (${status})${why}` };
      }
      return { code: 'badResponse', status, retryable: false, cause, message: `Unexpected answer (${status}) to the request to ${what}${why}` };
  }
}

/**
 * Another writer changed the object between a read and a JSON patch that
 * tests its resourceVersion: the apiserver answers 409, or 422 with the
 * json-patch library's "testing value <path> failed: test failed"
 * (k8s.io/apiserver pkg/endpoints/handlers/patch.go, applyJSPatch). Worth one
 * more read and try.
 */
export function isLostRace(error: { code: string; message: string }): boolean {
  return error.code === 'conflict' || (error.code === 'invalid' && /testing value \S+ failed/.test(error.message));
}
