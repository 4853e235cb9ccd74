// The port the controller uses to read Sentry signals of a release and to
// mark deploys. Expected failures are values (SentryError), never throws.
import type { Failure, Result as SharedResult } from '../../core/result.js';

/** A Sentry project: its numeric id filters reads, its slug names it in releases. */
export interface SentryProject {
  readonly id: string;
  readonly slug: string;
}

export interface SentryTarget {
  /** e.g. https://sentry.io or https://sentry.example.com (without /api/0). */
  readonly baseUrl: string;
  readonly organization: string;
  readonly projects: readonly SentryProject[];
  readonly environment?: string;
  /** The auth token value. Never appears in a message, log line or result. */
  readonly token: string;
  /** Where the token came from, for messages only, e.g. "songbird/sentry-token:token". */
  readonly tokenSecretRef?: string;
}

export type SentryErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'rateLimited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'badResponse'
  | 'notFound'
  | 'badRequest';

/**
 * The shared Failure (core/result.ts) of a Sentry call: `status` the HTTP
 * status when Sentry answered, `retryAfterSeconds` from its Retry-After or
 * rate-limit headers, `cause` sanitized, never the raw HTTP error (its config
 * carries the token).
 */
export type SentryError = Failure<SentryErrorCode>;

/** From Sentry's X-Sentry-Rate-Limit-* response headers, when present. */
export interface RateLimitInfo {
  readonly limit?: number;
  readonly remaining?: number;
  /** When the window resets, UTC seconds since the epoch. */
  readonly resetEpochSeconds?: number;
  readonly concurrentLimit?: number;
  readonly concurrentRemaining?: number;
}

/** The shared Result (core/result.ts) with SentryError, and Sentry's rate-limit headers on either branch when it sent them. */
export type Result<T> = SharedResult<T, SentryError> & { readonly rateLimit?: RateLimitInfo };

export interface SentryIssue {
  readonly id: string;
  readonly shortId: string;
  readonly title: string;
  readonly culprit: string;
  readonly level: string;
  readonly count: number;
  readonly userCount: number;
  readonly permalink: string;
  /** Null when Sentry has no seen stats for the issue under the query's filters. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly projectSlug?: string;
}

export interface NewIssuesQuery {
  readonly release: string;
  /** e.g. ['error', 'fatal']; absent means every level. */
  readonly levels?: readonly string[];
  /** Only issues seen since then (start of the request window). */
  readonly since: Date;
  /** Defaults to now. */
  readonly until?: Date;
}

export interface NewIssues {
  readonly issues: readonly SentryIssue[];
  /** True when the page bound stopped the walk before Sentry ran out of pages. */
  readonly truncated: boolean;
}

export interface WindowQuery {
  readonly release: string;
  readonly start: Date;
  readonly end: Date;
}

export interface CrashFreeSessions {
  /** 0..1, null when the release had no sessions in the window. */
  readonly crashFreeRate: number | null;
  readonly sessions: number;
  /** The window Sentry actually answered for: sessions are bucketed by the hour. */
  readonly windowStart: string;
  readonly windowEnd: string;
}

/** A percentile function Sentry's events API knows for transaction.duration (p95 -> p95(transaction.duration)). */
export type DurationPercentile = 'p50' | 'p75' | 'p95' | 'p99';

export interface TransactionsQuery extends WindowQuery {
  readonly percentile: DurationPercentile;
  /** Also count the transactions longer than this many milliseconds (count_if(transaction.duration,greater,N)). */
  readonly slowerThanMs?: number;
}

/** A release's transactions over the window, as Sentry answered them. */
export interface TransactionDurations {
  /** count() */
  readonly transactions: number;
  /** The percentile of transaction.duration in ms; null when Sentry answered none (no transactions). */
  readonly percentileMs: number | null;
  /** Present when slowerThanMs was asked. */
  readonly slow?: number;
}

export interface SentryPort {
  newIssues(t: SentryTarget, q: NewIssuesQuery): Promise<Result<NewIssues>>;
  errorEvents(t: SentryTarget, q: WindowQuery): Promise<Result<number>>;
  /** Transactions of a release (events API, dataset=transactions): count, a duration percentile, and optionally the slow ones. */
  transactionDurations(t: SentryTarget, q: TransactionsQuery): Promise<Result<TransactionDurations>>;
  crashFreeSessions(t: SentryTarget, q: WindowQuery): Promise<Result<CrashFreeSessions>>;
  ensureRelease(t: SentryTarget, release: string): Promise<Result<{ created: boolean }>>;
  recordDeploy(t: SentryTarget, release: string, environment: string, name?: string): Promise<Result<void>>;
}
