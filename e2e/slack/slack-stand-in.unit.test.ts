import { afterEach, describe, expect, it } from '@jest/globals';
import { createSlackSender } from '../../controller/adapters/slack/slack-sender.js';
import { renderSlackMessage } from '../../controller/notifications/render-slack-message.js';
import { startSlackStandIn, type SlackStandIn, type WebhookState } from './slack-stand-in.js';

const running: SlackStandIn[] = [];
async function standIn(options: Parameters<typeof startSlackStandIn>[0] = {}): Promise<SlackStandIn> {
  const s = await startSlackStandIn(options);
  running.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string; retryAfter: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
}

const helloBlocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];
const hello = JSON.stringify({ text: 'hello', blocks: helloBlocks });

describe('startSlackStandIn', () => {
  it('records each message with its path and answers ok like Slack', async () => {
    const slack = await standIn({ secret: 's3cret' });
    expect(slack.url).toBe(`${slack.origin}/services/T0/B0/s3cret`);
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/T0\/B0\/s3cret$/);
    expect(await post(slack.url, hello)).toEqual({ status: 200, text: 'ok', retryAfter: null });
    expect(await post(slack.webhookUrl('other'), JSON.stringify({ text: 'second' }))).toMatchObject({ status: 200 });
    const messages = slack.messages();
    expect(messages.map((m) => [m.path, m.body])).toEqual([
      ['/services/T0/B0/s3cret', { text: 'hello', blocks: helloBlocks }],
      ['/services/T0/B0/other', { text: 'second', blocks: [] }],
    ]);
    expect(messages[0]?.receivedAt).toBeInstanceOf(Date);
  });

  it('builds webhook URLs from a full path or a token', async () => {
    const slack = await standIn();
    expect(slack.webhookUrl()).toBe(slack.url);
    expect(slack.webhookUrl('/services/T9/B9/x')).toBe(`${slack.origin}/services/T9/B9/x`);
    expect(slack.webhookUrl('tok')).toBe(`${slack.origin}/services/T0/B0/tok`);
  });

  it('answers the injected failure the given number of times, then ok', async () => {
    const slack = await standIn();
    slack.failWith(500, 2);
    expect((await post(slack.url, hello)).status).toBe(500);
    expect((await post(slack.url, hello)).status).toBe(500);
    expect((await post(slack.url, hello)).status).toBe(200);
    expect(slack.messages()).toHaveLength(1);
    expect(slack.attempts()).toBe(3);
  });

  it('keeps failing until cleared when no count is given, with Slack error bodies', async () => {
    const slack = await standIn();
    slack.failWith(404);
    expect(await post(slack.url, hello)).toEqual({ status: 404, text: 'no_service', retryAfter: null });
    expect(await post(slack.url, hello)).toEqual({ status: 404, text: 'no_service', retryAfter: null });
    slack.failWith(null);
    expect((await post(slack.url, hello)).status).toBe(200);
  });

  it('sends Retry-After with an injected 429', async () => {
    const slack = await standIn({ retryAfterSeconds: 3 });
    slack.failWith(429, 1);
    expect(await post(slack.url, hello)).toEqual({ status: 429, text: 'rate_limited', retryAfter: '3' });
  });

  it.each<[string, string, number, string]>([
    ['not JSON', 'nope', 400, 'invalid_payload'],
    ['without text or blocks', JSON.stringify({ username: 'x' }), 400, 'no_text'],
    ['with blocks that are not a list', JSON.stringify({ text: 'x', blocks: {} }), 400, 'invalid_blocks'],
  ])('answers like Slack and records nothing for a body %s', async (_, body, status, text) => {
    const slack = await standIn();
    expect(await post(slack.url, body)).toMatchObject({ status, text });
    expect(slack.messages()).toEqual([]);
  });

  it('refuses blocks that break a Block Kit rule with 400 invalid_blocks, records nothing and says why', async () => {
    const slack = await standIn();
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await post(slack.url, JSON.stringify({ text: 'x', blocks: tooMany }))).toEqual({ status: 400, text: 'invalid_blocks', retryAfter: null });
    expect(await post(slack.url, JSON.stringify({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }] }))).toMatchObject({ status: 400, text: 'invalid_blocks' });
    expect(slack.messages()).toEqual([]);
    expect(slack.refusals().map((r) => [r.status, r.error, r.violations[0]?.pointer])).toEqual([
      [400, 'invalid_blocks', ''],
      [400, 'invalid_blocks', '/0/text/text'],
    ]);
  });

  it('reads a form-encoded payload field as Slack does', async () => {
    const slack = await standIn();
    const form = new URLSearchParams({ payload: JSON.stringify({ text: 'from a form' }) }).toString();
    expect(await post(slack.url, form, 'application/x-www-form-urlencoded')).toMatchObject({ status: 200, text: 'ok' });
    expect(await post(slack.url, 'text=nope', 'application/x-www-form-urlencoded')).toMatchObject({ status: 400, text: 'invalid_payload' });
    expect(slack.messages().map((m) => m.body.text)).toEqual(['from a form']);
  });

  it('answers 404 no_service for a webhook that was never created', async () => {
    const slack = await standIn({ secret: 'real' });
    expect(await post(`${slack.origin}/services/T0/B0/guessed`, hello)).toEqual({ status: 404, text: 'no_service', retryAfter: null });
    expect(slack.refusals()).toEqual([{ path: '/services/T0/B0/guessed', status: 404, error: 'no_service', violations: [] }]);
  });

  it.each<[WebhookState, number, string]>([
    ['revoked', 404, 'no_service'],
    ['channelDeleted', 404, 'channel_not_found'],
    ['archived', 410, 'channel_is_archived'],
    ['prohibited', 403, 'action_prohibited'],
    ['generalRestricted', 403, 'posting_to_general_channel_denied'],
  ])('answers a %s webhook with %i %s and records nothing', async (state, status, text) => {
    const slack = await standIn();
    const other = slack.webhookUrl('other');
    slack.setWebhookState('other', state);
    expect(await post(other, hello)).toEqual({ status, text, retryAfter: null });
    expect(await post(slack.url, hello)).toMatchObject({ status: 200 });
    expect(slack.messages().map((m) => m.path)).toEqual([new URL(slack.url).pathname]);
  });

  it('rate-limits each webhook like Slack: a burst passes, then 429 rate_limited with Retry-After in seconds', async () => {
    const slack = await standIn({ rateLimit: { perSecond: 1, burst: 3 } });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await post(slack.url, hello));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]).toEqual({ status: 429, text: 'rate_limited', retryAfter: '1' });
    expect((await post(slack.webhookUrl('another'), hello)).status).toBe(200);
    expect(slack.messages()).toHaveLength(4);
  });

  it('answers no_service for a path that is not a webhook', async () => {
    const slack = await standIn();
    expect(await post(`${slack.origin}/api/chat.postMessage`, hello)).toMatchObject({ status: 404, text: 'no_service' });
  });

  it('resolves waitForMessages when enough have arrived and rejects after its timeout otherwise', async () => {
    const slack = await standIn();
    const waiting = slack.waitForMessages(2, 2_000);
    await post(slack.url, hello);
    await post(slack.url, hello);
    expect(await waiting).toHaveLength(2);
    await expect(slack.waitForMessages(3, 50)).rejects.toThrow('Slack stand-in: 2 of 3 messages after 50 ms');
  });

  it('hands out copies, so a test cannot change what was recorded', async () => {
    const slack = await standIn();
    await post(slack.url, hello);
    slack.messages()[0]?.body.blocks.push('tampered');
    expect(slack.messages()[0]?.body.blocks).toEqual(helloBlocks);
  });

  it('calls onMessage for each recorded message', async () => {
    const seen: string[] = [];
    const slack = await standIn({ onMessage: (m) => seen.push(m.body.text) });
    await post(slack.url, JSON.stringify({ text: 'one' }));
    slack.failWith(500, 1);
    await post(slack.url, JSON.stringify({ text: 'lost' }));
    await post(slack.url, JSON.stringify({ text: 'two' }));
    expect(seen).toEqual(['one', 'two']);
  });

  it('receives exactly one rendered message when the real sender retries through injected failures', async () => {
    const slack = await standIn();
    slack.failWith(503, 2);
    const message = renderSlackMessage({ kind: 'halted', state: 'halted', rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'abc123' }, reason: 'r', unblock: 'u' });
    const result = await createSlackSender({ baseDelayMs: 10 }).send(slack.url, message);
    expect(result).toEqual({ ok: true });
    expect(slack.attempts()).toBe(3);
    expect(slack.messages().map((m) => m.body)).toEqual([JSON.parse(JSON.stringify(message))]);
  });

  it.each<[WebhookState, string]>([
    ['revoked', 'Slack webhook answered 404 no_service (webhook revoked or wrong URL in Secret shop/slack:url)'],
    ['channelDeleted', "Slack webhook answered 404 channel_not_found (the webhook's channel no longer exists; put a webhook for a live channel in Secret shop/slack:url)"],
    ['archived', 'Slack webhook answered 410 channel_is_archived (the channel is archived; put a webhook for a live channel in Secret shop/slack:url)'],
    ['generalRestricted', 'Slack webhook answered 403 posting_to_general_channel_denied (the workspace restricts posting to #general; put a webhook for another channel in Secret shop/slack:url)'],
  ])('gives the real sender one attempt and an actionable error when the webhook is %s', async (state, message) => {
    const slack = await standIn();
    slack.setWebhookState(new URL(slack.url).pathname, state);
    const rendered = renderSlackMessage({ kind: 'halted', state: 'halted', rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'abc123' }, reason: 'r', unblock: 'u' });
    const result = await createSlackSender({ baseDelayMs: 10 }).send(slack.url, rendered, { secretRef: 'shop/slack:url' });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'rejected', retryable: false, attempts: 1, message }) });
    expect(slack.attempts()).toBe(1);
  });

  it('holds the matching post unanswered and unrecorded until released, then answers and records it', async () => {
    const slack = await standIn();
    const hold = slack.holdNext(/second/);
    expect((await post(slack.url, JSON.stringify({ text: 'first' }))).status).toBe(200);
    const answer = post(slack.url, JSON.stringify({ text: 'second' }));
    const received = await hold.received;
    expect(received).toMatchObject({ path: new URL(slack.url).pathname, body: JSON.stringify({ text: 'second' }) });
    let answered = false;
    void answer.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    expect(slack.messages().map((m) => m.body.text)).toEqual(['first']);
    expect(slack.attempts()).toBe(2);
    hold.release();
    expect(await answer).toEqual({ status: 200, text: 'ok', retryAfter: null });
    expect((await hold.ended).kind).toBe('released');
    expect(slack.messages().map((m) => m.body.text)).toEqual(['first', 'second']);
    expect(() => hold.release()).toThrow(/already ended/);
  });

  it('never records a held post whose client went away, and answers the next post normally', async () => {
    const slack = await standIn();
    const hold = slack.holdNext();
    const aborted = new AbortController();
    const answer = fetch(slack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hello, signal: aborted.signal });
    await hold.received;
    aborted.abort();
    await expect(answer).rejects.toThrow();
    expect((await hold.ended).kind).toBe('closed');
    expect(() => hold.release()).toThrow(/already ended/);
    expect(await post(slack.url, hello)).toMatchObject({ status: 200 });
    expect(slack.messages()).toHaveLength(1);
    expect(slack.attempts()).toBe(2);
  });

  it('gives the real sender a timeout, not an answer, while a post is held', async () => {
    const slack = await standIn();
    const hold = slack.holdNext();
    const rendered = renderSlackMessage({ kind: 'halted', state: 'halted', rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'abc123' }, reason: 'r', unblock: 'u' });
    const result = await createSlackSender({ timeoutMs: 300, totalBudgetMs: 1_000 }).send(slack.url, rendered);
    expect(result).toMatchObject({ ok: false, error: { retryable: true } });
    expect((await hold.ended).kind).toBe('closed');
    expect(slack.messages()).toHaveLength(0);
  });

  it('ends a held post as closed when the stand-in stops', async () => {
    const slack = await startSlackStandIn();
    const hold = slack.holdNext();
    const answer = post(slack.url, hello).catch(() => 'no answer');
    await hold.received;
    await slack.stop();
    expect((await hold.ended).kind).toBe('closed');
    expect(await answer).toBe('no answer');
  });

  it('refuses connections once stopped', async () => {
    const slack = await startSlackStandIn();
    await slack.stop();
    await expect(post(slack.url, hello)).rejects.toThrow();
  });
});
