import type { Logger } from 'pino';
import type { CanarySpec, SecretKeyRef } from '../schema/canary-spec.js';
import type { OutboxEntry } from '../schema/canary-status.js';
import { parseRolloutNotification } from '../schema/rollout-notification.js';
import type { Delivery } from '../core/outbox.js';
import { renderSlackMessage } from '../notifications/render-slack-message.js';
import type { CanaryIdentity, Ports } from './ports.js';

export interface SlackDefault {
  namespace: string;
  ref: SecretKeyRef;
}

/**
 * Sends each waiting notification of `status.outbox`, in order, and says what
 * became of each (core/outbox.ts settles the status from that). The webhook
 * URL is read at use time and goes nowhere but the sender. Never throws:
 * an unreadable entry or one the renderer cannot take is `refused`; a
 * webhook that answers 5xx, 429, times out or cannot be reached is `retry`
 * (Slack may have posted a message that timed out: a rare duplicate beats a
 * lost rollback message); any other refusal by Slack is `refused`.
 */
export async function deliverOutbox(
  ports: Ports,
  canary: CanaryIdentity,
  spec: CanarySpec,
  outbox: readonly OutboxEntry[],
  fallback: SlackDefault | undefined,
  log: Logger,
): Promise<Delivery[]> {
  if (outbox.length === 0) return [];
  const source = spec.notifications.slack ? { namespace: canary.namespace, ref: spec.notifications.slack.webhookSecretRef } : fallback;
  if (!source) return outbox.map(({ id }) => ({ id, outcome: 'noChannel' }));
  const secretRef = `${source.namespace}/${source.ref.name}:${source.ref.key}`;
  const url = await ports.cluster.readSecret(source.namespace, source.ref);
  if (!url.ok) {
    log.warn({ secret: secretRef, error: url.error.message }, 'Slack webhook Secret unreadable');
    const outcome = url.error.retryable ? 'retry' : 'refused';
    return outbox.map(({ id }) => ({ id, outcome, message: url.error.message }));
  }
  const deliveries: Delivery[] = [];
  for (const entry of outbox) {
    const payload = render(entry);
    if (!payload.ok) {
      log.warn({ id: entry.id, error: payload.message }, 'outbox entry refused');
      deliveries.push({ id: entry.id, outcome: 'refused', message: payload.message });
      continue;
    }
    const sent = await ports.slack.send(url.value, payload.message, { secretRef });
    if (sent.ok) {
      log.info({ notification: payload.kind, id: entry.id, attempt: entry.attempts + 1 }, 'Slack notified');
      deliveries.push({ id: entry.id, outcome: 'sent' });
    } else {
      log.warn({ notification: payload.kind, id: entry.id, error: sent.error.message }, 'Slack notification failed');
      deliveries.push({ id: entry.id, outcome: sent.error.code === 'rejected' ? 'refused' : 'retry', message: sent.error.message });
    }
  }
  return deliveries;
}

function render(entry: OutboxEntry): { ok: true; kind: string; message: ReturnType<typeof renderSlackMessage> } | { ok: false; message: string } {
  const parsed = parseRolloutNotification(entry.notification);
  if (!parsed.ok) return { ok: false, message: `status.outbox entry ${entry.id} is not a notification Songbird wrote: ${parsed.message}` };
  try {
    return { ok: true, kind: parsed.notification.kind, message: renderSlackMessage(parsed.notification) };
  } catch (error) {
    return { ok: false, message: `status.outbox entry ${entry.id} cannot be rendered: ${(error as Error).message}` };
  }
}
