// What Songbird asks of Wavefront (Tanzu Observability): one WQL query through the query API
// (GET /api/v2/chart/api), answered as one number, none, or an error value.
import type { Failure, Result } from '../../core/result.js';

/** Where to ask and with what token; the token lives only here and is never logged or put in a message. */
export interface WavefrontTarget {
  /** Base URL of the instance, e.g. https://example.wavefront.com. */
  readonly address: string;
  readonly token: string;
  /** `namespace/name:key` of the token's Secret, for messages. */
  readonly tokenSecretRef: string;
}

/** One query over [start; end), as the API's `s` and `e` (epoch milliseconds). */
export interface WavefrontQuery {
  readonly query: string;
  readonly start: Date;
  readonly end: Date;
}

export type WavefrontErrorCode = 'unreachable' | 'timeout' | 'badQuery' | 'unauthorized' | 'forbidden' | 'rateLimited' | 'server' | 'badResponse';

/** The shared Failure (core/result.ts) of a Wavefront query; its message never carries the token. */
export type WavefrontError = Failure<WavefrontErrorCode>;

/** The shared result shape (core/result.ts): a value, or a WavefrontError. */
export type WavefrontResult<T> = Result<T, WavefrontError>;

export interface WavefrontPort {
  /**
   * Runs `query` over its window and answers the last point of the one series it returned;
   * `value: undefined` when it returned no series or no point in the window (no data). More
   * than one series is a badQuery error (the query must aggregate, e.g. sum(...)).
   */
  lastValue(target: WavefrontTarget, query: WavefrontQuery): Promise<WavefrontResult<number | undefined>>;
}
