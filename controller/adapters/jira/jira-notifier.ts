// Jira as one notifier: for each notification it takes (by default only
// rollbacks), one issue in the configured project. Before filing, it searches
// for an issue carrying the notification's label, so a retry or a restarted
// controller never files twice. The API token is read from its Secret at use
// time and goes nowhere but the client's Authorization header.
import type { SecretKeyRef } from '../../schema/canary-spec.js';
import type { ChannelDelivery, Notifier } from '../../runtime/notifiers/notifier.js';
import type { NotificationFilter } from '../../runtime/notifiers/notification-filter.js';
import type { Outcome } from '../../runtime/ports.js';
import { issueOfNotification, notificationLabel } from './issue-of-notification.js';
import type { JiraClient, JiraResult, JiraSite } from './jira-port.js';

/** The controller-wide Jira settings (config.ts SONGBIRD_JIRA_*); undefined when Jira is not configured. */
export interface JiraSettings {
  readonly baseUrl: string;
  readonly projectKey: string;
  readonly issueType: string;
  readonly email: string;
  /** The API token's Secret key, e.g. songbird-system/jira:token. */
  readonly token: { readonly namespace: string; readonly ref: SecretKeyRef };
}

export interface JiraNotifierOptions {
  readonly client: JiraClient;
  readonly readSecret: (namespace: string, ref: SecretKeyRef) => Promise<Outcome<string>>;
  readonly settings?: JiraSettings;
  readonly filter: NotificationFilter;
}

/**
 * The Jira notifier. Serves every Canary when the settings are complete,
 * none otherwise. Outcomes: a token Secret that cannot be read is `retry`
 * when the read may succeed later, else `refused`; an issue found by its
 * label, or filed, is `sent`; a Jira failure is `retry` when retryable (429,
 * 5xx, timeouts, unreachable; the next try searches first), else `refused`
 * (400 with Jira's field errors, 401, 403, 404).
 */
export function createJiraNotifier(options: JiraNotifierOptions): Notifier & { readonly channel: 'jira' } {
  const settings = options.settings;
  return {
    channel: 'jira',
    serves: () => settings !== undefined,
    accepts: options.filter,
    async deliver(target, pending, log) {
      if (pending.length === 0 || !settings) return [];
      const secretRef = `${settings.token.namespace}/${settings.token.ref.name}:${settings.token.ref.key}`;
      const token = await options.readSecret(settings.token.namespace, settings.token.ref);
      if (!token.ok) {
        log.warn({ secret: secretRef, error: token.error.message }, 'Jira token Secret unreadable');
        const outcome = token.error.retryable ? 'retry' : 'refused';
        return pending.map(({ id }) => ({ id, outcome, message: `Jira token Secret ${secretRef}: ${token.error.message}` }));
      }
      const site: JiraSite = { baseUrl: settings.baseUrl, email: settings.email, apiToken: token.value.trim() };
      const deliveries: ChannelDelivery[] = [];
      for (const { id, attempt, notification } of pending) {
        const label = notificationLabel(target.canary.namespace, target.canary.name, id);
        const filed = await fileOnce(options.client, site, settings, label, () => issueOfNotification(notification, settings, label));
        if (filed.ok) {
          log.info({ notification: notification.kind, id, attempt, issue: filed.value.key, existing: filed.value.existing }, filed.value.existing ? 'Jira issue already filed' : 'Jira issue filed');
          deliveries.push({ id, outcome: 'sent' });
        } else {
          log.warn({ notification: notification.kind, id, code: filed.error.code, error: filed.error.message }, 'Jira notification failed');
          deliveries.push({ id, outcome: filed.error.retryable ? 'retry' : 'refused', message: filed.error.message });
        }
      }
      return deliveries;
    },
  };
}

type Filed = JiraResult<{ key: string; existing: boolean }>;

/** Searches for the label first; files the issue only when none carries it. */
async function fileOnce(client: JiraClient, site: JiraSite, settings: JiraSettings, label: string, fields: () => ReturnType<typeof issueOfNotification>): Promise<Filed> {
  const found = await client.findByLabel(site, settings.projectKey, label);
  if (!found.ok) return found;
  if (found.value) return { ok: true, value: { key: found.value.key, existing: true } };
  const created = await client.createIssue(site, fields());
  return created.ok ? { ok: true, value: { key: created.value.key, existing: false } } : created;
}
