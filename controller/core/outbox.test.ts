import type { CanaryStatus } from '../schema/canary-status.js';
import type { Action } from './actions.js';
import { OUTBOX_LIMIT, OUTBOX_MAX_ATTEMPTS, channelOwes, dueEntries, nextDeliveryDelayMs, queueNotifications, settleOutbox, type ChannelResult, type Delivery } from './outbox.js';
import { T0, at, observe, ofType, progressingAt, run, workload } from './step-fixtures.js';

const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v2' };
const notify = (id: string): Action => ({ type: 'notify', id, notification: { kind: 'promoted', rollout, durationMs: 1000, canaryRequests: 5 } });
const entry = (id: string, attempts = 0, queuedAt = T0.toISOString()) => ({ id, notification: JSON.stringify({ kind: 'promoted' }), queuedAt, attempts });
const tried = (id: string, ...channels: ChannelResult[]): Delivery => ({ id, outcome: 'tried', channels });
const sent = (channel: string): ChannelResult => ({ channel, outcome: 'sent' });
const retry = (channel: string, message = '503'): ChannelResult => ({ channel, outcome: 'retry', message });
const refused = (channel: string, message: string): ChannelResult => ({ channel, outcome: 'refused', message });

describe('the notification outbox', () => {
  it('keeps every notification a step decides in the status until its channel accepts it', () => {
    const started = run({ phase: 'Succeeded', lastPromotedRevision: 'v1', canaryRevision: 'v1' }, observe({ target: workload('v2'), primary: workload('v1') }));
    const ids = ofType(started.actions, 'notify').map((a) => a.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(started.status.outbox?.map((e) => e.id)).toEqual(ids);
    expect(JSON.parse(started.status.outbox![0]!.notification)).toMatchObject({ kind: 'rolloutStarted', rollout: { revision: 'v2' } });
  });

  it('carries what is still waiting through the next step, so a restart delivers it', () => {
    const waiting = progressingAt(1, { outbox: [entry('v2#1:rolloutStarted')] });
    const next = run(waiting, observe());
    expect(next.status.outbox?.map((e) => e.id)).toContain('v2#1:rolloutStarted');
  });

  it('does not queue an id that is already waiting', () => {
    const queued = queueNotifications([entry('a')], [notify('a'), notify('b')], T0.toISOString());
    expect(queued.outbox?.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it(`drops the oldest past ${OUTBOX_LIMIT} waiting, each with a NotificationFailed Event naming the channels still owed`, () => {
    const full = Array.from({ length: OUTBOX_LIMIT }, (_, i) => ({ ...entry(`old-${i}`), channels: [{ channel: 'jira', state: 'retrying' as const }] }));
    const queued = queueNotifications(full, [notify('new')], T0.toISOString());
    expect(queued.outbox).toHaveLength(OUTBOX_LIMIT);
    expect(queued.outbox?.at(-1)?.id).toBe('new');
    expect(queued.dropped).toEqual([
      { type: 'recordEvent', id: 'old-0:dropped', reason: 'NotificationFailed', eventType: 'Warning', message: `promoted dropped: more than ${OUTBOX_LIMIT} notifications were waiting (still owed to jira)` },
    ]);
  });

  it('removes what every channel sent, or what no channel owed, and leaves what was not tried', () => {
    const status: CanaryStatus = { outbox: [entry('a'), entry('b'), entry('c')] };
    const settled = settleOutbox(status, [tried('a', sent('slack'), sent('jira')), tried('b')], at(1));
    expect(settled.status.outbox?.map((e) => e.id)).toEqual(['c']);
    expect(settled.actions).toEqual([]);
  });

  it('removes an empty outbox from the status altogether', () => {
    const settled = settleOutbox({ phase: 'Succeeded', outbox: [entry('a')] }, [tried('a', sent('slack'))], at(1));
    expect(settled.status).toEqual({ phase: 'Succeeded' });
  });

  it('removes a notification refused for good with a NotificationFailed Event that names the channel and says why', () => {
    const settled = settleOutbox({ outbox: [entry('a')] }, [tried('a', refused('slack', 'the webhook was revoked (404 no_service)'))], at(1));
    expect(settled.status.outbox).toBeUndefined();
    expect(settled.actions).toEqual([{ type: 'recordEvent', id: 'a:slack-failed', eventType: 'Warning', reason: 'NotificationFailed', message: 'promoted not sent to slack: the webhook was revoked (404 no_service)' }]);
  });

  it('removes an entry that is not a notification Songbird wrote, with one Event', () => {
    const settled = settleOutbox({ outbox: [entry('a')] }, [{ id: 'a', outcome: 'unreadable', message: 'not JSON' }], at(1));
    expect(settled.status.outbox).toBeUndefined();
    expect(settled.actions).toEqual([{ type: 'recordEvent', id: 'a:unreadable', eventType: 'Warning', reason: 'NotificationFailed', message: 'promoted sent to no channel: not JSON' }]);
  });

  it('keeps a notification a channel did not accept yet, one attempt older, and says so once per channel with a NotificationFailed Event', () => {
    const settled = settleOutbox({ outbox: [entry('a')] }, [tried('a', retry('slack'))], at(1));
    expect(settled.status.outbox).toEqual([{ ...entry('a', 1), lastTriedAt: at(1).toISOString(), channels: [{ channel: 'slack', state: 'retrying' }] }]);
    expect(settled.actions).toEqual([{ type: 'recordEvent', id: 'a:slack-retrying', eventType: 'Warning', reason: 'NotificationFailed', message: 'promoted not sent to slack: 503; tried again for up to 10 minutes' }]);
    const again = settleOutbox(settled.status, [tried('a', retry('slack'))], at(20));
    expect(again.status.outbox?.[0]?.attempts).toBe(2);
    expect(again.actions).toEqual([]);
  });

  it('records a channel that sent while another retries, so the retry is owed only by the one that did not take it', () => {
    const settled = settleOutbox({ outbox: [entry('a')] }, [tried('a', sent('slack'), retry('jira', 'Jira answered 503'))], at(1));
    const waiting = settled.status.outbox![0]!;
    expect(waiting.channels).toEqual([{ channel: 'slack', state: 'sent' }, { channel: 'jira', state: 'retrying' }]);
    expect([channelOwes(waiting, 'slack'), channelOwes(waiting, 'jira'), channelOwes(waiting, 'teams')]).toEqual([false, true, true]);
    expect(settled.actions.map((a) => a.message)).toEqual(['promoted not sent to jira: Jira answered 503; tried again for up to 10 minutes']);
    const done = settleOutbox(settled.status, [tried('a', sent('jira'))], at(20));
    expect(done.status.outbox).toBeUndefined();
    expect(done.actions).toEqual([]);
  });

  it('keeps a refusal by one channel final while another retries', () => {
    const settled = settleOutbox({ outbox: [entry('a')] }, [tried('a', refused('slack', 'revoked'), retry('jira'))], at(1));
    expect(settled.status.outbox?.[0]?.channels).toEqual([{ channel: 'slack', state: 'refused' }, { channel: 'jira', state: 'retrying' }]);
    expect(settled.actions.map((a) => a.id)).toEqual(['a:slack-failed', 'a:jira-retrying']);
  });

  it(`gives up after ${OUTBOX_MAX_ATTEMPTS} attempts, with an Event per channel still retrying`, () => {
    const settled = settleOutbox({ outbox: [entry('a', OUTBOX_MAX_ATTEMPTS - 1)] }, [tried('a', retry('slack'), retry('jira', '502'))], at(1));
    expect(settled.status.outbox).toBeUndefined();
    expect(settled.actions.map((a) => a.message)).toEqual([
      `promoted not sent to slack: gave up after ${OUTBOX_MAX_ATTEMPTS} attempts: 503`,
      `promoted not sent to jira: gave up after ${OUTBOX_MAX_ATTEMPTS} attempts: 502`,
    ]);
  });

  it('gives up ten minutes after queueing, and at once when the queue time is unreadable', () => {
    expect(settleOutbox({ outbox: [entry('a')] }, [tried('a', retry('slack'))], at(600)).status.outbox).toBeUndefined();
    expect(settleOutbox({ outbox: [entry('a', 0, 'not a date')] }, [tried('a', retry('slack'))], at(1)).status.outbox).toBeUndefined();
  });
});

describe('when the outbox is tried again', () => {
  const failed = (id: string, attempts: number, seconds: number) => ({ ...entry(id, attempts), lastTriedAt: at(seconds).toISOString() });

  it('is not when it is empty, at once for a new entry, then 15 s after a failure, doubling per failed attempt', () => {
    expect(nextDeliveryDelayMs({}, at(0))).toBeUndefined();
    expect(nextDeliveryDelayMs({ outbox: [entry('a', 0), failed('b', 2, 0)] }, at(0))).toBe(0);
    expect(nextDeliveryDelayMs({ outbox: [failed('a', 1, 0)] }, at(5))).toBe(10_000);
    expect(nextDeliveryDelayMs({ outbox: [failed('a', 3, 0), failed('b', 2, 0)] }, at(0))).toBe(30_000);
  });

  it('counts what cannot be true of an entry Songbird wrote (a future time, too many attempts) as due now, so it never waits forever', () => {
    const status = { outbox: [failed('future', 1, 10_000_000), failed('worn', Number.MAX_SAFE_INTEGER, 0), failed('fine', 1, 0)] };
    expect(dueEntries(status, at(1)).map((e) => e.id)).toEqual(['future', 'worn']);
    expect(nextDeliveryDelayMs(status, at(1))).toBe(0);
    const settled = settleOutbox(status, [tried('worn', retry('slack'))], at(1));
    expect(settled.status.outbox?.map((e) => e.id)).toEqual(['future', 'fine']);
    expect(settled.actions[0]?.id).toBe('worn:slack-failed');
  });

  it('delivers only what is due, so a channel that is down does not slow every reconcile', () => {
    const status = { outbox: [entry('new'), failed('recent', 1, 0), failed('older', 1, -20), { ...entry('unreadable', 2), lastTriedAt: 'x' }] };
    expect(dueEntries(status, at(0)).map((e) => e.id)).toEqual(['new', 'older', 'unreadable']);
  });
});
