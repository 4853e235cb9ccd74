import type { Logger } from 'pino';
import type { CanarySpec, SecretKeyRef } from '../schema/canary-spec.js';
import { renderSlackMessage } from '../notifications/render-slack-message.js';
import type { NotifyAction } from './execute-actions.js';
import type { CanaryIdentity, Ports } from './ports.js';

export interface SlackDefault {
  namespace: string;
  ref: SecretKeyRef;
}

/**
 * Sends notifications one after another; a failure is an Event and a log
 * line, never an error of the rollout. The webhook URL is read at use time
 * and goes nowhere but the sender.
 */
export async function sendNotifications(
  ports: Ports,
  canary: CanaryIdentity,
  spec: CanarySpec,
  notifications: NotifyAction[],
  fallback: SlackDefault | undefined,
  log: Logger,
): Promise<void> {
  if (notifications.length === 0) return;
  const source = spec.notifications.slack ? { namespace: canary.namespace, ref: spec.notifications.slack.webhookSecretRef } : fallback;
  if (!source) return;
  const secretRef = `${source.namespace}/${source.ref.name}:${source.ref.key}`;
  const url = await ports.cluster.readSecret(source.namespace, source.ref);
  if (!url.ok) {
    await warn(ports, canary, notifications[0]!.id, `Slack not notified: ${url.error.message}`, log);
    return;
  }
  for (const { id, notification } of notifications) {
    const sent = await ports.slack.send(url.value, renderSlackMessage(notification), { secretRef });
    if (sent.ok) log.info({ notification: notification.kind, id }, 'Slack notified');
    else await warn(ports, canary, id, `Slack not notified of ${notification.kind}: ${sent.error.message}`, log);
  }
}

async function warn(ports: Ports, canary: CanaryIdentity, id: string, message: string, log: Logger) {
  log.warn({ id, error: message }, 'Slack notification failed');
  await ports.cluster.recordEvent(canary, { id: `${id}:slack-failed`, eventType: 'Warning', reason: 'SlackFailed', message });
}
