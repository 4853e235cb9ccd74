// Slack as one notifier: the webhook comes from the Canary's
// spec.notifications.slack, else from the controller-wide default
// (SONGBIRD_SLACK_DEFAULT_WEBHOOK); each notification is rendered with Block
// Kit and posted by the sender. The URL is read at use time and goes nowhere
// but the sender.
import type { SecretKeyRef } from '../../schema/canary-spec.js';
import { renderSlackMessage } from '../../notifications/render-slack-message.js';
import type { ChannelDelivery, Notifier, NotifyTarget } from '../../runtime/notifiers/notifier.js';
import type { NotificationFilter } from '../../runtime/notifiers/notification-filter.js';
import type { Outcome } from '../../runtime/ports.js';
import type { SlackSender } from './slack-port.js';

/** A webhook Secret key in a namespace, e.g. songbird-system/slack:url. */
export interface SlackWebhookSource {
  readonly namespace: string;
  readonly ref: SecretKeyRef;
}

export interface SlackNotifierOptions {
  readonly sender: SlackSender;
  /** Reads one key of a Secret (the cluster port's readSecret). */
  readonly readSecret: (namespace: string, ref: SecretKeyRef) => Promise<Outcome<string>>;
  /** For Canaries that name no webhook; undefined: those are not notified on Slack. */
  readonly defaultWebhook?: SlackWebhookSource;
  readonly filter: NotificationFilter;
}

/**
 * The Slack notifier. Outcomes: a webhook Secret that cannot be read is
 * `retry` for every entry when the read may succeed later, else `refused`;
 * a notification the renderer cannot take is `refused`; a webhook that
 * answers 5xx, 429, times out or cannot be reached is `retry` (Slack may have
 * posted a message that timed out: a rare duplicate beats a lost rollback
 * message); any other refusal by Slack is `refused`.
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier & { readonly channel: 'slack' } {
  const sourceOf = (target: NotifyTarget): SlackWebhookSource | undefined => {
    const own = target.spec.notifications.slack;
    return own ? { namespace: target.canary.namespace, ref: own.webhookSecretRef } : options.defaultWebhook;
  };
  return {
    channel: 'slack',
    serves: (target) => sourceOf(target) !== undefined,
    accepts: options.filter,
    async deliver(target, pending, log) {
      const source = sourceOf(target);
      if (pending.length === 0 || !source) return [];
      const secretRef = `${source.namespace}/${source.ref.name}:${source.ref.key}`;
      const url = await options.readSecret(source.namespace, source.ref);
      if (!url.ok) {
        log.warn({ secret: secretRef, error: url.error.message }, 'Slack webhook Secret unreadable');
        const outcome = url.error.retryable ? 'retry' : 'refused';
        return pending.map(({ id }) => ({ id, outcome, message: url.error.message }));
      }
      const deliveries: ChannelDelivery[] = [];
      for (const { id, attempt, notification } of pending) {
        let message: ReturnType<typeof renderSlackMessage>;
        try {
          message = renderSlackMessage(notification);
        } catch (error) {
          const refusal = `status.outbox entry ${id} cannot be rendered: ${(error as Error).message}`;
          log.warn({ id, error: refusal }, 'outbox entry refused');
          deliveries.push({ id, outcome: 'refused', message: refusal });
          continue;
        }
        const sent = await options.sender.send(url.value, message, { secretRef });
        if (sent.ok) {
          log.info({ notification: notification.kind, id, attempt }, 'Slack notified');
          deliveries.push({ id, outcome: 'sent' });
        } else {
          log.warn({ notification: notification.kind, id, error: sent.error.message }, 'Slack notification failed');
          deliveries.push({ id, outcome: sent.error.code === 'rejected' ? 'refused' : 'retry', message: sent.error.message });
        }
      }
      return deliveries;
    },
  };
}
