// Per-channel filters: which kinds of rollout notification a channel takes,
// e.g. Slack everything, an issue tracker only `rolledBack`.
import type { NotificationKind, RolloutNotification } from '../../core/notifications.js';
import { rolloutNotificationSchema } from '../../schema/rollout-notification.js';

/** Every kind of notification the core writes, in the schema's order. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = rolloutNotificationSchema.options.map((o) => o.shape.kind.value);

export type NotificationFilter = (notification: RolloutNotification) => boolean;

/** A filter that lets through the kinds listed (all of them when `kinds` is undefined). */
export function onlyKinds(kinds: readonly NotificationKind[] | undefined): NotificationFilter {
  if (kinds === undefined) return () => true;
  const taken = new Set(kinds);
  return (notification) => taken.has(notification.kind);
}
