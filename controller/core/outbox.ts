// The notification outbox: what the core decided to tell people stays in the
// status until its channel accepted it, so a controller that dies between
// recording a notification and sending it sends it after the restart.
import type { CanaryStatus, OutboxEntry } from '../schema/canary-status.js';
import type { Action } from './actions.js';

/** At most this many notifications wait; a Canary that cannot notify drops the oldest, with an Event. */
export const OUTBOX_LIMIT = 20;
/** A notification whose channel keeps failing is given up after this many deliveries… */
export const OUTBOX_MAX_ATTEMPTS = 5;
/** …or this long after it was queued, whichever comes first. */
export const OUTBOX_MAX_AGE_MS = 10 * 60_000;

/** What one delivery of an outbox entry came to (runtime/deliver-outbox.ts). */
export type Delivery =
  | { id: string; outcome: 'sent' }
  /** No channel is configured for this Canary (no Slack webhook anywhere): nothing to deliver. */
  | { id: string; outcome: 'noChannel' }
  /** The channel refused it for good (a revoked webhook, an invalid message). */
  | { id: string; outcome: 'refused'; message: string }
  /** Not accepted yet (unreachable, 5xx, 429, a timeout after which it may or may not have been posted). */
  | { id: string; outcome: 'retry'; message: string };

type NotifyAction = Extract<Action, { type: 'notify' }>;
type EventAction = Extract<Action, { type: 'recordEvent' }>;

/**
 * The outbox with the step's new notifications appended (an id already
 * waiting is not queued twice); past OUTBOX_LIMIT the oldest entries are
 * dropped, each with a Warning Event.
 */
export function queueNotifications(outbox: readonly OutboxEntry[] | undefined, actions: readonly Action[], nowIso: string): { outbox: OutboxEntry[] | undefined; dropped: EventAction[] } {
  const waiting = [...(outbox ?? [])];
  for (const action of actions) {
    if (action.type !== 'notify' || waiting.some((e) => e.id === action.id)) continue;
    waiting.push(entryOf(action, nowIso));
  }
  const over = Math.max(0, waiting.length - OUTBOX_LIMIT);
  const dropped = waiting.slice(0, over).map((e) => failedEvent(e, `dropped: more than ${OUTBOX_LIMIT} notifications were waiting for Slack`));
  const kept = waiting.slice(over);
  return { outbox: kept.length > 0 ? kept : undefined, dropped };
}

/**
 * The status after a round of deliveries: sent (or nowhere to send) entries
 * leave the outbox; refused ones leave it with a `SlackFailed` Warning Event;
 * the rest stay, one attempt older, until OUTBOX_MAX_ATTEMPTS or
 * OUTBOX_MAX_AGE_MS, then leave it with an Event too. Entries without a
 * delivery (none was tried) stay as they are.
 */
export function settleOutbox(status: CanaryStatus, deliveries: readonly Delivery[], now: Date): { status: CanaryStatus; actions: EventAction[] } {
  const actions: EventAction[] = [];
  const kept: OutboxEntry[] = [];
  for (const entry of status.outbox ?? []) {
    const delivery = deliveries.find((d) => d.id === entry.id);
    if (!delivery) kept.push(entry);
    else if (delivery.outcome === 'refused') actions.push(failedEvent(entry, delivery.message));
    else if (delivery.outcome === 'retry') {
      const attempts = entry.attempts + 1;
      const age = now.getTime() - Date.parse(entry.queuedAt);
      if (attempts >= OUTBOX_MAX_ATTEMPTS || !(age < OUTBOX_MAX_AGE_MS)) actions.push(failedEvent(entry, `gave up after ${attempts} attempts: ${delivery.message}`));
      else {
        kept.push({ ...entry, attempts, lastTriedAt: now.toISOString() });
        // Said at the first failure, so people know before the retries run out.
        if (attempts === 1) actions.push({ ...failedEvent(entry, `${delivery.message}; tried again for up to ${OUTBOX_MAX_AGE_MS / 60_000} minutes`), id: `${entry.id}:slack-retrying` });
      }
    }
  }
  const { outbox: _settled, ...rest } = status;
  return { status: kept.length > 0 ? { ...rest, outbox: kept } : rest, actions };
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

function failedEvent(entry: OutboxEntry, message: string): EventAction {
  return { type: 'recordEvent', id: `${entry.id}:slack-failed`, eventType: 'Warning', reason: 'SlackFailed', message: `Slack not notified of ${kindOf(entry)}: ${message}` };
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
