// The Wavefront query is bounded in time as a whole and in size.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startHugeAnswerServer, startTricklingServer, type MisbehavingServer } from '../misbehaving-server.js';
import { createWavefrontClient } from './wavefront-client.js';

const QUERY = { query: 'sum(ts("shop.errors"))', start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T10:00:30Z') };
const target = (address: string) => ({ address, token: 'wf-limits-token', tokenSecretRef: 'shop/wavefront:token' });

describe('createWavefrontClient limits', () => {
  let server: MisbehavingServer | undefined;
  afterEach(async () => server?.stop());

  it('times out within the configured timeout when Wavefront trickles a byte every 300 ms', async () => {
    server = await startTricklingServer(300);
    const began = Date.now();
    const answer = await createWavefrontClient({ timeoutMs: 1_000 }).lastValue(target(server.url), QUERY);
    expect(answer).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
    expect(Date.now() - began).toBeLessThan(2_500);
  });

  it('is a badResponse naming the limit when the answer is larger than maxResponseBytes', async () => {
    server = await startHugeAnswerServer(50_000);
    const answer = await createWavefrontClient({ maxResponseBytes: 10_000 }).lastValue(target(server.url), QUERY);
    expect(answer).toMatchObject({ ok: false, error: { code: 'badResponse', message: expect.stringContaining('more than 10000 bytes') } });
  });
});
