import type { Logger } from 'pino';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { OutboxEntry } from '../schema/canary-status.js';
import { parseRolloutNotification } from '../schema/rollout-notification.js';
import { channelOwes, type ChannelResult, type Delivery } from '../core/outbox.js';
import type { ChannelDelivery, Notifier, NotifierChannel, NotifyTarget, PendingNotification } from './notifiers/notifier.js';
import type { CanaryIdentity } from './ports.js';

/** A delivery a channel did not complete, for the adapter-errors metric. */
export interface ChannelFailure {
  channel: NotifierChannel;
  outcome: 'refused' | 'retry';
}

interface Pending {
  readonly entry: OutboxEntry;
  readonly pending: PendingNotification;
}

/**
 * Sends each waiting notification of `status.outbox`, in order, to every
 * notifier that serves this Canary, accepts it and still owes it (has neither
 * sent nor refused it in an earlier round: core/outbox.ts channelOwes), and
 * says per entry what each channel made of it (core/outbox.ts settles the
 * status from that). Never throws. An entry that is not a notification
 * Songbird wrote is `unreadable` when some notifier serves the Canary; an
 * entry no notifier takes is `tried` with no channel. Two notifiers of one
 * channel count as one channel: retry beats refused beats sent.
 */
export async function deliverOutbox(
  notifiers: readonly Notifier[],
  canary: CanaryIdentity,
  spec: CanarySpec,
  outbox: readonly OutboxEntry[],
  log: Logger,
): Promise<{ deliveries: Delivery[]; failures: ChannelFailure[] }> {
  if (outbox.length === 0) return { deliveries: [], failures: [] };
  const target: NotifyTarget = { canary, spec };
  const serving = notifiers.filter((n) => n.serves(target));
  if (serving.length === 0) return { deliveries: outbox.map(({ id }) => ({ id, outcome: 'tried', channels: [] })), failures: [] };
  const unreadable = new Map<string, string>();
  const readable: Pending[] = [];
  for (const entry of outbox) {
    const parsed = parseRolloutNotification(entry.notification);
    if (parsed.ok) readable.push({ entry, pending: { id: entry.id, attempt: entry.attempts + 1, notification: parsed.notification } });
    else {
      const message = `status.outbox entry ${entry.id} is not a notification Songbird wrote: ${parsed.message}`;
      log.warn({ id: entry.id, error: message }, 'outbox entry refused');
      unreadable.set(entry.id, message);
    }
  }
  const results: Array<{ channel: NotifierChannel; result: ChannelDelivery }> = [];
  for (const notifier of serving) {
    const owed = readable.filter(({ entry, pending }) => notifier.accepts(pending.notification) && channelOwes(entry, notifier.channel)).map((p) => p.pending);
    if (owed.length === 0) continue;
    for (const result of await notifier.deliver(target, owed, log)) results.push({ channel: notifier.channel, result });
  }
  const failures: ChannelFailure[] = results.flatMap(({ channel, result }) => (result.outcome === 'sent' ? [] : [{ channel, outcome: result.outcome }]));
  for (const notifier of serving) for (let i = 0; i < unreadable.size; i += 1) failures.push({ channel: notifier.channel, outcome: 'refused' });
  const deliveries = outbox.map(({ id }): Delivery => {
    const message = unreadable.get(id);
    if (message !== undefined) return { id, outcome: 'unreadable', message };
    return { id, outcome: 'tried', channels: channelResultsOf(results.filter((r) => r.result.id === id)) };
  });
  return { deliveries, failures };
}

/** One result per channel, in the order the channels answered: retry beats refused beats sent. */
function channelResultsOf(taken: ReadonlyArray<{ channel: NotifierChannel; result: ChannelDelivery }>): ChannelResult[] {
  const channels = [...new Set(taken.map((t) => t.channel))];
  return channels.map((channel): ChannelResult => {
    const own = taken.filter((t) => t.channel === channel).map((t) => t.result);
    for (const outcome of ['retry', 'refused'] as const) {
      const failed = own.flatMap((r) => (r.outcome === outcome ? [r.message] : []));
      if (failed.length > 0) return { channel, outcome, message: failed.join('; ') };
    }
    return { channel, outcome: 'sent' };
  });
}
