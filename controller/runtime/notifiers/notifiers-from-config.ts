// The notifier factory: one builder per channel, each configured from the
// controller's settings (config.ts). The map is exhaustive over
// NotifierChannel, so a channel added without its builder fails `tsc`.
import { createSlackNotifier } from '../../adapters/slack/slack-notifier.js';
import { createSlackSender } from '../../adapters/slack/slack-sender.js';
import { createJiraClient } from '../../adapters/jira/jira-client.js';
import { createJiraNotifier, type JiraSettings } from '../../adapters/jira/jira-notifier.js';
import type { Config } from '../config.js';
import type { ClusterPorts } from '../ports.js';
import { onlyKinds } from './notification-filter.js';
import { NOTIFIER_CHANNELS, type Notifier, type NotifierChannel } from './notifier.js';

/** What the builders need besides the configuration. */
export interface NotifierDeps {
  /** Reads the Secrets that hold webhook URLs and tokens, at use time. */
  readonly readSecret: ClusterPorts['readSecret'];
}

type Builder<C extends NotifierChannel> = (config: Config, deps: NotifierDeps) => Notifier & { readonly channel: C };

/** One builder per channel: a channel without one does not compile. */
export type NotifierBuilders = { readonly [C in NotifierChannel]: Builder<C> };

const builders: NotifierBuilders = {
  slack: (config, deps) =>
    createSlackNotifier({
      sender: createSlackSender(),
      readSecret: deps.readSecret,
      defaultWebhook: config.SONGBIRD_SLACK_DEFAULT_WEBHOOK,
      filter: onlyKinds(config.SONGBIRD_SLACK_NOTIFY_ON),
    }),
  jira: (config, deps) =>
    createJiraNotifier({
      client: createJiraClient({ timeoutMs: config.SONGBIRD_HTTP_TIMEOUT_MS }),
      readSecret: deps.readSecret,
      settings: jiraSettingsOf(config),
      filter: onlyKinds(config.SONGBIRD_JIRA_NOTIFY_ON),
    }),
};

/** The Jira settings when all are set (readConfig refuses some without the others). */
function jiraSettingsOf(config: Config): JiraSettings | undefined {
  const { SONGBIRD_JIRA_URL: baseUrl, SONGBIRD_JIRA_PROJECT: projectKey, SONGBIRD_JIRA_EMAIL: email, SONGBIRD_JIRA_TOKEN_SECRET: token } = config;
  if (!baseUrl || !projectKey || !email || !token) return undefined;
  return { baseUrl, projectKey, issueType: config.SONGBIRD_JIRA_ISSUE_TYPE, email, token };
}

/**
 * Every notifier, in NOTIFIER_CHANNELS order. Each is built whether or not
 * it has a controller-wide destination: a Canary can name its own (e.g.
 * spec.notifications.slack), and `serves` says per Canary.
 */
export function notifiersFromConfig(config: Config, deps: NotifierDeps): Notifier[] {
  return NOTIFIER_CHANNELS.map((channel) => builders[channel](config, deps));
}
