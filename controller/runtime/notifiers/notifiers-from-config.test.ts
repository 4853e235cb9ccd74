import { describe, expect, it } from '@jest/globals';
import type { RolloutNotification } from '../../core/notifications.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import { readConfig, type Config } from '../config.js';
import { NOTIFICATION_KINDS } from './notification-filter.js';
import { notifiersFromConfig, type NotifierBuilders } from './notifiers-from-config.js';
import { NOTIFIER_CHANNELS } from './notifier.js';

const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v2' };
const promoted: RolloutNotification = { kind: 'promoted', rollout, durationMs: 60_000, canaryRequests: 300 };
const rolledBack: RolloutNotification = { kind: 'rolledBack', rollout, reason: 'success-rate below 99 %', stage: '50 %' };
const canary = { namespace: 'shop', name: 'podinfo', uid: 'u1' };
const noWebhook = { notifications: {} } as CanarySpec;
const ownWebhook = { notifications: { slack: { webhookSecretRef: { name: 'slack', key: 'url' } } } } as CanarySpec;

function configOf(env: Record<string, string>): Config {
  const read = readConfig(env);
  if (!read.ok) throw new Error(read.message);
  return read.config;
}

function slackOf(env: Record<string, string>) {
  const notifiers = notifiersFromConfig(configOf(env), { readSecret: async () => ({ ok: true, value: 'https://hooks.slack.test/x' }) });
  const slack = notifiers.find((n) => n.channel === 'slack');
  if (!slack) throw new Error('no Slack notifier');
  return slack;
}

describe('notifiersFromConfig', () => {
  it('builds one notifier per channel, in NOTIFIER_CHANNELS order', () => {
    expect(notifiersFromConfig(configOf({}), { readSecret: async () => ({ ok: true, value: '' }) }).map((n) => n.channel)).toEqual([...NOTIFIER_CHANNELS]);
  });

  it('sends Slack every kind when SONGBIRD_SLACK_NOTIFY_ON is unset', () => {
    const slack = slackOf({});
    expect([promoted, rolledBack].map((n) => slack.accepts(n))).toEqual([true, true]);
  });

  it('sends Slack only the kinds SONGBIRD_SLACK_NOTIFY_ON lists', () => {
    const slack = slackOf({ SONGBIRD_SLACK_NOTIFY_ON: 'rolledBack, halted' });
    expect([promoted, rolledBack].map((n) => slack.accepts(n))).toEqual([false, true]);
  });

  it('serves a Canary that names no webhook only when SONGBIRD_SLACK_DEFAULT_WEBHOOK is set', () => {
    expect(slackOf({}).serves({ canary, spec: noWebhook })).toBe(false);
    expect(slackOf({}).serves({ canary, spec: ownWebhook })).toBe(true);
    expect(slackOf({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'songbird-system/slack:url' }).serves({ canary, spec: noWebhook })).toBe(true);
  });

  it.each(['rollback', '', 'rolledBack,', 'promoted;rolledBack'])('refuses SONGBIRD_SLACK_NOTIFY_ON=%p, naming the variable and the kinds', (value) => {
    const read = readConfig({ SONGBIRD_SLACK_NOTIFY_ON: value });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/^SONGBIRD_SLACK_NOTIFY_ON\b.*rolloutStarted, stageAdvanced, promoted, rolledBack, halted/);
  });

  const jiraEnv = { SONGBIRD_JIRA_URL: 'https://acme.atlassian.net', SONGBIRD_JIRA_PROJECT: 'OPS', SONGBIRD_JIRA_EMAIL: 'songbird@acme.test', SONGBIRD_JIRA_TOKEN_SECRET: 'songbird-system/jira:token' };
  const jiraOf = (env: Record<string, string>) => notifiersFromConfig(configOf(env), { readSecret: async () => ({ ok: true, value: 'token' }) }).find((n) => n.channel === 'jira')!;

  it('serves no Canary on Jira unless its site, project, email and token Secret are set', () => {
    expect(jiraOf({}).serves({ canary, spec: noWebhook })).toBe(false);
    expect(jiraOf(jiraEnv).serves({ canary, spec: noWebhook })).toBe(true);
  });

  it('files only rollbacks in Jira by default, and the kinds SONGBIRD_JIRA_NOTIFY_ON lists when set', () => {
    expect([promoted, rolledBack].map((n) => jiraOf(jiraEnv).accepts(n))).toEqual([false, true]);
    expect([promoted, rolledBack].map((n) => jiraOf({ ...jiraEnv, SONGBIRD_JIRA_NOTIFY_ON: 'promoted' }).accepts(n))).toEqual([true, false]);
  });

  it('refuses some Jira settings without the others, naming the first one missing', () => {
    const read = readConfig({ SONGBIRD_JIRA_URL: 'https://acme.atlassian.net', SONGBIRD_JIRA_PROJECT: 'OPS' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/^SONGBIRD_JIRA_EMAIL: required with SONGBIRD_JIRA_URL, SONGBIRD_JIRA_PROJECT/);
  });

  it('lists every notification kind the schema defines', () => {
    expect(NOTIFICATION_KINDS).toEqual(['rolloutStarted', 'stageAdvanced', 'promoted', 'rolledBack', 'halted']);
  });

  it('does not compile a builders map that misses a channel (checked by tsc --noEmit)', () => {
    // @ts-expect-error every NotifierChannel needs a builder; remove this line and tsc names the missing 'jira'
    const missing: NotifierBuilders = { slack: () => ({}) as never };
    expect(Object.keys(missing)).toEqual(['slack']);
  });
});
