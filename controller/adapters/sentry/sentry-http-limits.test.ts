// The Sentry HTTP exchange is bounded in time as a whole and in size.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startHugeAnswerServer, startTricklingServer, type MisbehavingServer } from '../misbehaving-server.js';
import { createSentryAdapter } from './sentry-adapter.js';

const window = { release: 'shop@2', start: new Date('2026-12-06T05:50:00Z'), end: new Date('2026-12-06T06:00:00Z') };
const target = (baseUrl: string) => ({ baseUrl, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], token: 'sntryu_limits_token' });

describe('Sentry adapter limits', () => {
  let server: MisbehavingServer | undefined;
  afterEach(async () => server?.stop());

  it('times out within the configured timeout when Sentry trickles a byte every 300 ms', async () => {
    server = await startTricklingServer(300);
    const began = Date.now();
    const result = await createSentryAdapter({ timeoutMs: 1_000 }).errorEvents(target(server.url), window);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
    expect(Date.now() - began).toBeLessThan(2_500);
  });

  it('is a badResponse naming the limit when the answer is larger than maxResponseBytes', async () => {
    server = await startHugeAnswerServer(50_000);
    const result = await createSentryAdapter({ maxResponseBytes: 10_000 }).errorEvents(target(server.url), window);
    expect(result).toMatchObject({ ok: false, error: { code: 'badResponse', message: expect.stringContaining('the answer is larger than 10000 bytes') } });
  });
});
