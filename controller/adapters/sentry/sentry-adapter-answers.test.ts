// What the adapter makes of answers Sentry should never give: each is a badResponse that
// names what was wrong, never a number read into a check. A scripted server on loopback.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSentryAdapter } from './sentry-adapter.js';
import type { SentryTarget } from './sentry-port.js';

const TOKEN = 'sntryu_answers_test_token_7d2e';
const end = new Date('2026-12-06T06:00:00Z');
const window = { start: new Date(end.getTime() - 600_000), end };

describe('Sentry adapter answers', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  async function answering(body: unknown): Promise<SentryTarget> {
    server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], token: TOKEN };
  }

  it.each([
    ['a blank count', { 'count()': '  ', 'p95(transaction.duration)': 10 }, 'count()'],
    ['a hex count', { 'count()': '0x10', 'p95(transaction.duration)': 10 }, 'count()'],
    ['a negative duration', { 'count()': 100, 'p95(transaction.duration)': -3 }, 'p95(transaction.duration)'],
  ])('is a badResponse naming the field when Sentry answers %s', async (_what, row, field) => {
    const target = await answering({ data: [row], meta: {} });
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@2', ...window, percentile: 'p95' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('badResponse');
      expect(result.error.message).toContain(`data.0.${field}`);
    }
  });

  it('is a badResponse naming the count when an errors count is an empty string', async () => {
    const target = await answering({ data: [{ 'count()': '' }], meta: {} });
    const result = await createSentryAdapter().errorEvents(target, { release: 'shop@2', ...window });
    expect(result).toMatchObject({ ok: false, error: { code: 'badResponse' } });
    expect(!result.ok && result.error.message).toContain('data.0.count()');
  });

  it('is a badResponse naming count_if when the row lacks the slow count that was asked for', async () => {
    const target = await answering({ data: [{ 'count()': 500, 'p95(transaction.duration)': 80 }], meta: {} });
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@2', ...window, percentile: 'p95', slowerThanMs: 200 });
    expect(result).toMatchObject({ ok: false, error: { code: 'badResponse' } });
    expect(!result.ok && result.error.message).toContain('the events row has no "count_if(transaction.duration,greater,200)" field');
  });

  it('is a badResponse naming count() when the transactions row lacks it', async () => {
    const target = await answering({ data: [{ 'p95(transaction.duration)': 80 }], meta: {} });
    const result = await createSentryAdapter().transactionDurations(target, { release: 'shop@2', ...window, percentile: 'p95' });
    expect(!result.ok && result.error.message).toContain('the events row has no "count()" field');
  });

  it('is a badResponse when the events answer has no row at all', async () => {
    const target = await answering({ data: [], meta: {} });
    const result = await createSentryAdapter().errorEvents(target, { release: 'shop@2', ...window });
    expect(!result.ok && result.error).toMatchObject({ code: 'badResponse', message: expect.stringContaining('has no row (expected one with "count()")') });
  });
});
