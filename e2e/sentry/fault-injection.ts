// Faults the stand-in's REST API answers with, set by a test, until cleared
// (or for `times` requests). SDK ingestion is never faulted. Each is answered
// in Sentry's own shape (see README.md).

export interface SentryFault {
  readonly status?: 401 | 403 | 429 | 500;
  /** With status 429: seconds until X-Sentry-Rate-Limit-Reset (Sentry sends no Retry-After). Default 1. */
  readonly resetInSeconds?: number;
  /** With status 429: the concurrency limit was hit rather than the request window. */
  readonly concurrent?: boolean;
  readonly delayMs?: number;
  /** Value of X-Sentry-Rate-Limit-Remaining on answers while the fault holds. */
  readonly remaining?: number;
  /** Issues carry `firstSeen`/`lastSeen: null`, as Sentry answers when it has no seen stats for the filter. */
  readonly nullSeen?: boolean;
  /** Apply to this many API requests, then clear. Default: until clear(). */
  readonly times?: number;
}

export interface FaultControl {
  set(fault: SentryFault): void;
  clear(): void;
}

export function createFaults(): FaultControl & { take(): SentryFault | undefined } {
  let current: SentryFault | undefined;
  let left = Infinity;
  return {
    set(fault) {
      current = fault;
      left = fault.times ?? Infinity;
    },
    clear() {
      current = undefined;
    },
    take() {
      if (!current) return undefined;
      const fault = current;
      left -= 1;
      if (left <= 0) current = undefined;
      return fault;
    },
  };
}

export const faultBodies: Record<401 | 403 | 500, { detail: string }> = {
  401: { detail: 'Invalid token' },
  403: { detail: 'You do not have permission to perform this action.' },
  500: { detail: 'Internal Error' },
};
