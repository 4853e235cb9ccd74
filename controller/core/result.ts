// The one result shape every adapter answers with (STYLE.md 6): an expected
// failure is a value, never a throw. Each system keeps its own code union
// (KubernetesErrorCode, SlackErrorCode, ...) and names its error and result
// as aliases of these, e.g. `KubeResult<T> = Result<T, KubernetesError>`.

/**
 * An expected failure of a call to an outside system.
 * - `code`: what went wrong, from the system's own union (the runtime keys on it).
 * - `message`: for people; names the object, field or setting to check, never a secret.
 * - `retryable`: whether the same call later may succeed (429, 5xx, timeouts, unreachable).
 * - `status`: the HTTP status the system answered, when it answered.
 * - `retryAfterSeconds`: how long the system asked to wait (Retry-After, rate-limit headers).
 * - `cause`: what the system answered or threw, sanitized: never a token, URL with a
 *   secret, or request config carrying one.
 */
export interface Failure<C extends string = string> {
  readonly code: C;
  readonly message: string;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** The success of a Result: the value the system answered (or what the adapter read from it). */
export type Succeeded<T> = { readonly ok: true; readonly value: T };

/** The failure of a Result. */
export type Failed<E extends Failure = Failure> = { readonly ok: false; readonly error: E };

/** A value, or a Failure (by default with any code; adapters narrow it to their own). */
export type Result<T, E extends Failure = Failure> = Succeeded<T> | Failed<E>;

export const ok = <T>(value: T): Succeeded<T> => ({ ok: true, value });

export const failed = <E extends Failure>(error: E): Failed<E> => ({ ok: false, error });
