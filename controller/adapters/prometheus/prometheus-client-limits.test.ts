// A Prometheus query is bounded in time as a whole and in size.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startHugeAnswerServer, startTricklingServer, type MisbehavingServer } from '../misbehaving-server.js';
import { createPrometheusClient } from './prometheus-client.js';

describe('createPrometheusClient limits', () => {
  let server: MisbehavingServer | undefined;
  afterEach(async () => server?.stop());

  it('times out within the configured timeout when Prometheus trickles a byte every 300 ms', async () => {
    server = await startTricklingServer(300);
    const began = Date.now();
    const answer = await createPrometheusClient({ baseUrl: server.url, timeoutMs: 1_000 }).scalar('sum(up)');
    expect(answer).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
    expect(Date.now() - began).toBeLessThan(2_500);
  });

  it('is a badResponse naming the limit when the answer is larger than maxResponseBytes', async () => {
    server = await startHugeAnswerServer(50_000);
    const answer = await createPrometheusClient({ baseUrl: server.url, maxResponseBytes: 10_000 }).scalar('sum(up)');
    expect(answer).toMatchObject({ ok: false, error: { code: 'badResponse', message: expect.stringContaining('more than 10000 bytes') } });
  });
});
