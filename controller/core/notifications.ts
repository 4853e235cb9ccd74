import type { z } from 'zod';
import type { rolloutNotificationSchema } from '../schema/rollout-notification.js';

/** What people are told about a rollout; the Slack adapter renders it. Defined by its schema (schema/rollout-notification.ts). */
export type RolloutNotification = z.infer<typeof rolloutNotificationSchema>;

export type RolloutRef = RolloutNotification['rollout'];

export type NotificationKind = RolloutNotification['kind'];
