// The Jira client against scripted servers on loopback: what it makes of answers the
// stand-in never gives (echoed credentials, trickling bodies, huge bodies).
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHugeAnswerServer, startTricklingServer, type MisbehavingServer } from '../misbehaving-server.js';
import { createJiraClient } from './jira-client.js';
import type { JiraSite } from './jira-port.js';

const EMAIL = 'bot@example.com';
const API_TOKEN = 'ATATT3xJiraSecretToken_5e1';
const BASIC = Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64');

describe('createJiraClient against a scripted server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  async function site(handler: RequestListener): Promise<JiraSite> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, email: EMAIL, apiToken: API_TOKEN };
  }

  it('redacts the API token, the base64 of email:token and the Basic credential from what Jira said, and clips it', async () => {
    const said = `token ${API_TOKEN} and ${BASIC} from Authorization: Basic ${BASIC} ${'z'.repeat(1000)}`;
    const s = await site((_req, res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessages: [said] })));
    const result = await createJiraClient({ timeoutMs: 2_000 }).createIssue(s, { summary: 'x' } as never);
    expect(result.ok).toBe(false);
    const message = !result.ok ? result.error.message : '';
    expect(message).not.toContain(API_TOKEN);
    expect(message).not.toContain(BASIC);
    expect(message).toContain('token [redacted] and [redacted] from Authorization: Basic [redacted]');
    expect(message.length).toBeLessThan(450);
  });

  describe('limits', () => {
    let misbehaving: MisbehavingServer | undefined;
    afterEach(async () => misbehaving?.stop());
    const at = (url: string): JiraSite => ({ baseUrl: url, email: EMAIL, apiToken: API_TOKEN });

    it('times out within the configured timeout when Jira trickles a byte every 300 ms', async () => {
      misbehaving = await startTricklingServer(300);
      const began = Date.now();
      const result = await createJiraClient({ timeoutMs: 1_000 }).findByLabel(at(misbehaving.url), 'OPS', 'songbird');
      expect(result).toMatchObject({ ok: false, error: { code: 'timeout', retryable: true } });
      expect(Date.now() - began).toBeLessThan(2_500);
    });

    it('is a badResponse naming the limit when the answer is larger than maxResponseBytes', async () => {
      misbehaving = await startHugeAnswerServer(50_000);
      const result = await createJiraClient({ maxResponseBytes: 10_000 }).findByLabel(at(misbehaving.url), 'OPS', 'songbird');
      expect(result).toMatchObject({ ok: false, error: { code: 'badResponse', message: expect.stringContaining('more than 10000 bytes') } });
    });
  });
});
