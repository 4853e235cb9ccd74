// The channel-neutral port for rollout notifications. The core decides what
// people are told (status.outbox, core/outbox.ts); each notifier only says
// whether it takes a notification and delivers it to its channel (Slack, Jira).
import type { Logger } from 'pino';
import type { RolloutNotification } from '../../core/notifications.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import type { CanaryIdentity } from '../ports.js';

/**
 * Every channel Songbird can notify. Adding one here without a builder in
 * notifiers-from-config.ts fails `tsc` (the builders map is exhaustive).
 */
export const NOTIFIER_CHANNELS = ['slack', 'jira'] as const;
export type NotifierChannel = (typeof NOTIFIER_CHANNELS)[number];

/** The Canary a batch of notifications is about. */
export interface NotifyTarget {
  readonly canary: CanaryIdentity;
  readonly spec: CanarySpec;
}

/** One outbox entry, already read back and checked against its schema. */
export interface PendingNotification {
  /** The outbox entry's id (deterministic: a retry is the same id). */
  readonly id: string;
  /** 1 for the first delivery. */
  readonly attempt: number;
  readonly notification: RolloutNotification;
}

/** What one channel made of one notification. */
export type ChannelDelivery =
  | { readonly id: string; readonly outcome: 'sent' }
  /** Refused for good: a revoked webhook, a message the channel cannot take. */
  | { readonly id: string; readonly outcome: 'refused'; readonly message: string }
  /** Not accepted yet (unreachable, 5xx, 429, a timeout after which it may have been posted). */
  | { readonly id: string; readonly outcome: 'retry'; readonly message: string };

export interface Notifier {
  readonly channel: NotifierChannel;
  /**
   * Whether this channel has somewhere to send this Canary's notifications:
   * a destination in its spec or a controller-wide one from config.
   */
  serves(target: NotifyTarget): boolean;
  /** The channel's filter (e.g. only `rolledBack`); see notification-filter.ts. */
  accepts(notification: RolloutNotification): boolean;
  /**
   * Delivers `pending` in order (only what `serves` and `accepts` let
   * through) and answers one ChannelDelivery per entry, by id. Never throws;
   * secrets it reads (webhook URLs, tokens) appear in no message or log line.
   */
  deliver(target: NotifyTarget, pending: readonly PendingNotification[], log: Logger): Promise<ChannelDelivery[]>;
}
