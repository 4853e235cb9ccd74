// transactionDurations against the Sentry stand-in on loopback: the events API with
// dataset=transactions, as Sentry answers and refuses it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { seedTransactions } from '../../../e2e/sentry/seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from '../../../e2e/sentry/start-sentry-stand-in.js';
import { createSentryAdapter } from './sentry-adapter.js';
import type { SentryTarget } from './sentry-port.js';

describe('Sentry adapter transactionDurations', () => {
  let standIn: SentryStandIn;
  let target: SentryTarget;
  const end = new Date();
  const start = new Date(end.getTime() - 600_000);
  const window = { start, end: new Date(end.getTime() + 1_000) };

  beforeEach(async () => {
    standIn = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }] });
    target = { baseUrl: standIn.url, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], environment: 'prod', token: standIn.token };
    const at = new Date(end.getTime() - 60_000);
    await seedTransactions(standIn, '7', [
      ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110].map((durationMs) => ({ release: 'shop@2', environment: 'prod', durationMs, end: at })),
      { release: 'shop@1', environment: 'prod', durationMs: 5, end: at },
      { release: 'shop@2', environment: 'staging', durationMs: 9_000, end: at },
      { release: 'shop@2', environment: 'prod', durationMs: 9_000, end: new Date(start.getTime() - 1_000) },
    ]);
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('answers the release\'s count, percentile and slow transactions in its environment and window', async () => {
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@2', ...window, percentile: 'p50', slowerThanMs: 75 });
    expect(result.ok && result.value).toEqual({ transactions: 11, percentileMs: 60, slow: 4 });
  });

  it('interpolates a percentile between the two nearest durations, as ClickHouse quantile() does', async () => {
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@2', ...window, percentile: 'p95' });
    expect(result.ok && result.value).toEqual({ transactions: 11, percentileMs: 105 });
  });

  it('answers no percentile and no transactions for a release with none', async () => {
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@3', ...window, percentile: 'p99', slowerThanMs: 10 });
    expect(result.ok && result.value).toEqual({ transactions: 0, percentileMs: null, slow: 0 });
  });

  it('is refused with Sentry\'s words when the token lacks org:read', async () => {
    const narrow = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], scopes: ['event:read'] });
    try {
      const result = await createSentryAdapter().transactionDurations({ ...target, baseUrl: narrow.url, token: narrow.token }, { release: 'shop@2', ...window, percentile: 'p95' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'forbidden', status: 403 });
    } finally {
      await narrow.stop();
    }
  });
});
