import type { Logger } from 'pino';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { OutboxEntry } from '../schema/canary-status.js';
import { parseRolloutNotification } from '../schema/rollout-notification.js';
import type { Delivery } from '../core/outbox.js';
import type { ChannelDelivery, Notifier, NotifierChannel, NotifyTarget, PendingNotification } from './notifiers/notifier.js';
import type { CanaryIdentity } from './ports.js';

/** A delivery a channel did not complete, for the adapter-errors metric. */
export interface ChannelFailure {
  channel: NotifierChannel;
  outcome: 'refused' | 'retry';
}

interface ChannelResults {
  channel: NotifierChannel;
  results: readonly ChannelDelivery[];
}

/**
 * Sends each waiting notification of `status.outbox`, in order, to every
 * notifier that serves this Canary and accepts it, and says what became of
 * each entry (core/outbox.ts settles the status from that). Never throws.
 * Per entry: no notifier serves the Canary, or none accepts the entry:
 * `noChannel`; an entry that is not a notification Songbird wrote: `refused`;
 * else `retry` if a channel asked for it, else `refused` if a channel refused,
 * else `sent`. (A retry sends again to every accepting channel: the outbox
 * keeps one state per entry, not per channel.)
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
  if (serving.length === 0) return { deliveries: outbox.map(({ id }) => ({ id, outcome: 'noChannel' })), failures: [] };
  const refused = new Map<string, string>();
  const pending: PendingNotification[] = [];
  for (const entry of outbox) {
    const parsed = parseRolloutNotification(entry.notification);
    if (parsed.ok) pending.push({ id: entry.id, attempt: entry.attempts + 1, notification: parsed.notification });
    else {
      const message = `status.outbox entry ${entry.id} is not a notification Songbird wrote: ${parsed.message}`;
      log.warn({ id: entry.id, error: message }, 'outbox entry refused');
      refused.set(entry.id, message);
    }
  }
  // One result list per notifier (two notifiers may share a channel, e.g. two Slack workspaces).
  const byNotifier: ChannelResults[] = [];
  for (const notifier of serving) {
    const accepted = pending.filter((p) => notifier.accepts(p.notification));
    byNotifier.push({ channel: notifier.channel, results: accepted.length === 0 ? [] : await notifier.deliver(target, accepted, log) });
  }
  const failures: ChannelFailure[] = [];
  for (const { channel, results } of byNotifier) for (const r of results) if (r.outcome !== 'sent') failures.push({ channel, outcome: r.outcome });
  for (const notifier of serving) for (let i = 0; i < refused.size; i += 1) failures.push({ channel: notifier.channel, outcome: 'refused' });
  const deliveries = outbox.map(({ id }): Delivery => {
    const refusal = refused.get(id);
    return refusal !== undefined ? { id, outcome: 'refused', message: refusal } : combine(id, byNotifier);
  });
  return { deliveries, failures };
}

/** One entry's outcome over the channels that took it: retry beats refused beats sent; none took it: noChannel. */
function combine(id: string, byNotifier: readonly ChannelResults[]): Delivery {
  const taken = byNotifier.flatMap(({ channel, results }) => results.filter((r) => r.id === id).map((r) => ({ channel, r })));
  if (taken.length === 0) return { id, outcome: 'noChannel' };
  for (const outcome of ['retry', 'refused'] as const) {
    const failed = taken.flatMap(({ channel, r }) => (r.outcome === outcome ? [{ channel, message: r.message }] : []));
    if (failed.length === 0) continue;
    const message = taken.length === 1 ? failed[0]!.message : failed.map((f) => `${f.channel}: ${f.message}`).join('; ');
    return { id, outcome, message };
  }
  return { id, outcome: 'sent' };
}
