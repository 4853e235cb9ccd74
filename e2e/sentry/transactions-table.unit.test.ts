// The stand-in's events API over transactions: the answers' shape and what it refuses, as Sentry does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { envelope, postEnvelope, seedTransactions, transactionPayload } from './seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from './start-sentry-stand-in.js';

describe('Sentry stand-in: events API, dataset=transactions', () => {
  let standIn: SentryStandIn;
  const ask = async (params: Array<[string, string]>) => {
    const query = new URLSearchParams([['statsPeriod', '1h'], ...params]);
    const response = await fetch(`${standIn.url}/api/0/organizations/acme/events/?${query}`, { headers: { Authorization: `Bearer ${standIn.token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    standIn = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }] });
    await seedTransactions(standIn, '7', [100, 200, 300].map((durationMs) => ({ release: 'shop@2', durationMs, end: new Date(Date.now() - 1_000) })));
  });
  afterAll(async () => {
    await standIn.stop();
  });

  it('answers one row keyed by each field as asked, with meta.fields types and millisecond units', async () => {
    const answer = await ask([['dataset', 'transactions'], ['field', 'count()'], ['field', 'p95(transaction.duration)'], ['field', 'count_if(transaction.duration,greater,150)'], ['query', 'release:"shop@2" event.type:transaction']]);
    expect(answer.status).toBe(200);
    expect(answer.body['data']).toEqual([{ 'count()': 3, 'p95(transaction.duration)': 290, 'count_if(transaction.duration,greater,150)': 2 }]);
    expect(answer.body['meta']).toMatchObject({
      fields: { 'count()': 'integer', 'p95(transaction.duration)': 'duration', 'count_if(transaction.duration,greater,150)': 'integer' },
      units: { 'count()': null, 'p95(transaction.duration)': 'millisecond', 'count_if(transaction.duration,greater,150)': null },
      dataset: 'transactions',
    });
  });

  it('refuses a function Sentry does not know with its 400 "<function> is not a valid function"', async () => {
    expect(await ask([['dataset', 'transactions'], ['field', 'p96(transaction.duration)']])).toEqual({ status: 400, body: { detail: 'p96 is not a valid function' } });
  });

  it('refuses an unknown dataset with the list of datasets, as Sentry\'s get_dataset does', async () => {
    const answer = await ask([['dataset', 'transactionz'], ['field', 'count()']]);
    expect(answer.status).toBe(400);
    expect(answer.body['detail']).toMatch(/^dataset must be one of: .*transactions/);
  });

  it('refuses a count_if condition and a search key it does not know, in the {detail} shape', async () => {
    expect((await ask([['dataset', 'transactions'], ['field', 'count_if(transaction.duration,bigger,1)']])).status).toBe(400);
    const unknownKey = await ask([['dataset', 'transactions'], ['field', 'count()'], ['query', 'http.method:GET']]);
    expect(unknownKey.status).toBe(400);
    expect(typeof unknownKey.body['detail']).toBe('string');
  });

  it('drops a transaction that ends before it starts, as Relay does', async () => {
    const payload = { ...transactionPayload({ release: 'shop@9', durationMs: 10 }), start_timestamp: Date.now() / 1000 + 60 };
    expect(await postEnvelope(standIn, '7', envelope([{ type: 'transaction', payload }]))).toBe(200);
    const answer = await ask([['dataset', 'transactions'], ['field', 'count()'], ['query', 'release:"shop@9"']]);
    expect(answer.body['data']).toEqual([{ 'count()': 0 }]);
  });
});
