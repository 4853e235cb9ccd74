// For tests: a SentryPort answering from memory, per release, as the real adapter's values look
// (sentry-port.ts), recording every call. A release it holds nothing for answers Sentry's 404.
import type { CrashFreeSessions, NewIssuesQuery, Result, SentryIssue, SentryPort, SentryTarget, TransactionDurations, TransactionsQuery, WindowQuery } from '../../adapters/sentry/sentry-port.js';

export interface SentryRelease {
  issues?: SentryIssue[];
  errorEvents?: number;
  sessions?: CrashFreeSessions;
  /** What transactionDurations answers for this release, whatever percentile or threshold is asked. */
  transactions?: TransactionDurations;
  /** Every read of this release fails with this error (e.g. rate limited). */
  failure?: { code: 'rateLimited' | 'unauthorized' | 'server'; message: string };
}

export interface InMemorySentry extends SentryPort {
  calls: Array<{ method: string; release: string; start: string; end: string; token: string }>;
}

export function inMemorySentry(releases: Record<string, SentryRelease>): InMemorySentry {
  const calls: InMemorySentry['calls'] = [];
  function answer<T>(method: string, t: SentryTarget, release: string, start: Date, end: Date | undefined, value: (r: SentryRelease) => T | undefined): Promise<Result<T>> {
    calls.push({ method, release, start: start.toISOString(), end: end?.toISOString() ?? '', token: t.token });
    const held = releases[release];
    if (held?.failure) return Promise.resolve({ ok: false, error: { ...held.failure, retryable: held.failure.code !== 'unauthorized' } });
    const found = held && value(held);
    if (found === undefined) return Promise.resolve({ ok: false, error: { code: 'notFound', message: `Sentry answered 404 for release ${release}`, retryable: false, status: 404 } });
    return Promise.resolve({ ok: true, value: found });
  }
  return {
    calls,
    newIssues: (t, q: NewIssuesQuery) => answer('newIssues', t, q.release, q.since, q.until, (r) => (r.issues ? { issues: r.issues, truncated: false } : undefined)),
    errorEvents: (t, q: WindowQuery) => answer('errorEvents', t, q.release, q.start, q.end, (r) => r.errorEvents),
    transactionDurations: (t, q: TransactionsQuery) => answer('transactionDurations', t, q.release, q.start, q.end, (r) => r.transactions),
    crashFreeSessions: (t, q: WindowQuery) => answer('crashFreeSessions', t, q.release, q.start, q.end, (r) => r.sessions),
    ensureRelease: () => Promise.resolve({ ok: true, value: { created: false } }),
    recordDeploy: () => Promise.resolve({ ok: true, value: undefined }),
  };
}
