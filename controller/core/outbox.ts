// The notification outbox: what the core decided to tell people stays in the
// status until every channel that takes it (Slack, Jira, …) has sent or
// refused it, so a controller that dies between recording a notification and
// sending it sends it after the restart. Delivery is recorded per channel
// (entry.channels): a retry goes only to the channels still owed, so one
// channel that retries does not make another post twice.
import type { CanaryStatus, OutboxChannel, OutboxEntry } from '../schema/canary-status.js';
import type { Action } from './actions.js';

/** At most this many notifications wait; a Canary that cannot notify drops the oldest, with an Event. */
export const OUTBOX_LIMIT = 20;
/** A notification whose channel keeps failing is given up after this many deliveries… */
export const OUTBOX_MAX_ATTEMPTS = 5;
/** …or this long after it was queued, whichever comes first. */
export const OUTBOX_MAX_AGE_MS = 10 * 60_000;
/** The Event reason of every notification a channel did not take (the channel is named in the message). */
export const NOTIFICATION_FAILED = 'NotificationFailed';

/** What one channel made of one entry in one round of deliveries. */
export type ChannelResult =
  | { channel: string; outcome: 'sent' }
  /** Refused for good (a revoked webhook, an invalid message, an unknown project). */
  | { channel: string; outcome: 'refused'; message: string }
  /** Not accepted yet (unreachable, 5xx, 429, a timeout after which it may or may not have been taken). */
  | { channel: string; outcome: 'retry'; message: string };

/** What one delivery of an outbox entry came to (runtime/deliver-outbox.ts). */
export type Delivery =
  /**
   * Offered to every channel that serves the Canary, takes this kind and
   * still owes it (see channelOwes): one result per such channel; none when
   * no channel has anything left to send, which settles the entry.
   */
  | { id: string; outcome: 'tried'; channels: readonly ChannelResult[] }
  /** Not a notification Songbird wrote (anyone with access to the status can write one): no channel saw it. */
  | { id: string; outcome: 'unreadable'; message: string };

type NotifyAction = Extract<Action, { type: 'notify' }>;
type EventAction = Extract<Action, { type: 'recordEvent' }>;

/**
 * The outbox with the step's new notifications appended (an id already
 * waiting is not queued twice); past OUTBOX_LIMIT the oldest entries are
 * dropped, each with a `NotificationFailed` Warning Event.
 */
export function queueNotifications(outbox: readonly OutboxEntry[] | undefined, actions: readonly Action[], nowIso: string): { outbox: OutboxEntry[] | undefined; dropped: EventAction[] } {
  const waiting = [...(outbox ?? [])];
  for (const action of actions) {
    if (action.type !== 'notify' || waiting.some((e) => e.id === action.id)) continue;
    waiting.push(entryOf(action, nowIso));
  }
  const over = Math.max(0, waiting.length - OUTBOX_LIMIT);
  const dropped = waiting.slice(0, over).map((e) => eventOf(e, 'dropped', `${kindOf(e)} dropped: more than ${OUTBOX_LIMIT} notifications were waiting${owedText(e)}`));
  const kept = waiting.slice(over);
  return { outbox: kept.length > 0 ? kept : undefined, dropped };
}

/** Whether `channel` still owes this entry: it has neither sent nor refused it. */
export function channelOwes(entry: OutboxEntry, channel: string): boolean {
  const state = entry.channels?.find((c) => c.channel === channel)?.state;
  return state !== 'sent' && state !== 'refused';
}

/**
 * The status after a round of deliveries. Per entry: each channel that sent
 * or refused it is recorded (a refusal with a `NotificationFailed` Warning
 * Event naming the channel); an entry no channel is retrying leaves the
 * outbox; else it stays, one attempt older, until OUTBOX_MAX_ATTEMPTS or
 * OUTBOX_MAX_AGE_MS, then leaves with an Event per channel still retrying.
 * A channel's first retry is said at once, with an Event. An unreadable
 * entry leaves with an Event. Entries without a delivery stay as they are.
 */
export function settleOutbox(status: CanaryStatus, deliveries: readonly Delivery[], now: Date): { status: CanaryStatus; actions: EventAction[] } {
  const actions: EventAction[] = [];
  const kept: OutboxEntry[] = [];
  for (const entry of status.outbox ?? []) {
    const delivery = deliveries.find((d) => d.id === entry.id);
    if (!delivery) kept.push(entry);
    else if (delivery.outcome === 'unreadable') actions.push(eventOf(entry, 'unreadable', `${kindOf(entry)} sent to no channel: ${delivery.message}`));
    else {
      const settled = settleEntry(entry, delivery.channels, now);
      actions.push(...settled.events);
      if (settled.entry) kept.push(settled.entry);
    }
  }
  const { outbox: _settled, ...rest } = status;
  return { status: kept.length > 0 ? { ...rest, outbox: kept } : rest, actions };
}

/** One entry after one round: undefined when it leaves the outbox. */
function settleEntry(entry: OutboxEntry, results: readonly ChannelResult[], now: Date): { entry?: OutboxEntry; events: EventAction[] } {
  const events: EventAction[] = [];
  const states = new Map<string, OutboxChannel['state']>((entry.channels ?? []).map((c) => [c.channel, c.state]));
  const retrying: Array<Extract<ChannelResult, { outcome: 'retry' }>> = [];
  for (const result of results) {
    if (result.outcome === 'retry') retrying.push(result);
    else {
      states.set(result.channel, result.outcome);
      if (result.outcome === 'refused') events.push(failedEvent(entry, result.channel, result.message));
    }
  }
  if (retrying.length === 0) return { events };
  const attempts = entry.attempts + 1;
  const age = now.getTime() - Date.parse(entry.queuedAt);
  if (attempts >= OUTBOX_MAX_ATTEMPTS || !(age < OUTBOX_MAX_AGE_MS)) {
    for (const r of retrying) events.push(failedEvent(entry, r.channel, `gave up after ${attempts} attempts: ${r.message}`));
    return { events };
  }
  for (const r of retrying) {
    // Said at the channel's first failure, so people know before the retries run out.
    if (states.get(r.channel) !== 'retrying') {
      events.push(eventOf(entry, `${r.channel}-retrying`, `${notTaken(entry, r.channel)}: ${r.message}; tried again for up to ${OUTBOX_MAX_AGE_MS / 60_000} minutes`));
    }
    states.set(r.channel, 'retrying');
  }
  const channels = [...states].map(([channel, state]) => ({ channel, state }));
  return { entry: { ...entry, attempts, lastTriedAt: now.toISOString(), channels }, events };
}

/** The kind of notification an entry holds, for messages (its JSON may be unreadable). */
export function kindOf(entry: OutboxEntry): string {
  try {
    const kind = (JSON.parse(entry.notification) as { kind?: unknown })?.kind;
    return typeof kind === 'string' ? kind : 'notification';
  } catch {
    return 'notification';
  }
}

function entryOf(action: NotifyAction, nowIso: string): OutboxEntry {
  return { id: action.id, notification: JSON.stringify(action.notification), queuedAt: nowIso, attempts: 0 };
}

function notTaken(entry: OutboxEntry, channel: string): string {
  return `${kindOf(entry)} not sent to ${channel}`;
}

function owedText(entry: OutboxEntry): string {
  const owed = (entry.channels ?? []).filter((c) => c.state === 'retrying').map((c) => c.channel);
  return owed.length > 0 ? ` (still owed to ${owed.join(', ')})` : '';
}

function failedEvent(entry: OutboxEntry, channel: string, message: string): EventAction {
  return eventOf(entry, `${channel}-failed`, `${notTaken(entry, channel)}: ${message}`);
}

function eventOf(entry: OutboxEntry, suffix: string, message: string): EventAction {
  return { type: 'recordEvent', id: `${entry.id}:${suffix}`, eventType: 'Warning', reason: NOTIFICATION_FAILED, message };
}

/** The entries whose delivery is due at `now`: new ones, and failed ones whose backoff (see retryAtMs) has passed. */
export function dueEntries(status: CanaryStatus, now: Date): OutboxEntry[] {
  return (status.outbox ?? []).filter((e) => retryAtMs(e, now) <= now.getTime());
}

/** Milliseconds until the next entry is due: undefined when the outbox is empty, 0 when one is due now. */
export function nextDeliveryDelayMs(status: CanaryStatus, now: Date): number | undefined {
  const waiting = status.outbox ?? [];
  if (waiting.length === 0) return undefined;
  return Math.max(0, Math.min(...waiting.map((e) => retryAtMs(e, now))) - now.getTime());
}

/**
 * When an entry may be tried again: at once when new, else 15 s after its
 * last failure, doubling per attempt. What cannot be true of an entry
 * Songbird wrote (an unreadable or future time, more attempts than allowed)
 * is due now, so the next delivery sends it or gives it up with an Event.
 */
function retryAtMs(entry: OutboxEntry, now: Date): number {
  if (entry.attempts === 0 || entry.attempts >= OUTBOX_MAX_ATTEMPTS || !entry.lastTriedAt) return 0;
  const last = Date.parse(entry.lastTriedAt);
  if (Number.isNaN(last) || last > now.getTime()) return 0;
  return last + 15_000 * 2 ** (entry.attempts - 1);
}
