import pino from 'pino';
import type { RolloutNotification } from '../../core/notifications.js';
import type { CanarySpec } from '../../schema/canary-spec.js';
import { onlyKinds } from '../../runtime/notifiers/notification-filter.js';
import type { Outcome } from '../../runtime/ports.js';
import { startJiraStandIn, type JiraStandIn } from '../../../e2e/jira/jira-stand-in.js';
import { createJiraClient } from './jira-client.js';
import { createJiraNotifier, type JiraSettings } from './jira-notifier.js';

// The Jira notifier against the Jira stand-in on loopback (e2e/jira/), which
// checks every request as Jira Cloud does.

const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v2' };
const rolledBack: RolloutNotification = {
  kind: 'rolledBack',
  rollout,
  reason: 'success-rate 91 % below 99 %',
  stage: '50 %',
  failingCheck: { name: 'success-rate', type: 'successRate', outcome: 'fail', value: 91, limit: '>= 99 %', message: 'success rate 91 % below 99 %', measuredAt: '2026-11-30T10:00:00Z' },
  topIssue: { title: 'TypeError: cart is undefined', culprit: 'checkout', count: 3, permalink: 'https://sentry.example/issues/1/' },
};
const target = { canary: { namespace: 'shop', name: 'podinfo', uid: 'u1' }, spec: { notifications: {} } as CanarySpec };
const pending = [{ id: 'v2#1:rolledBack', attempt: 1, notification: rolledBack }];

describe('the Jira notifier', () => {
  let jira: JiraStandIn;
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  beforeEach(async () => {
    jira = await startJiraStandIn();
    lines.length = 0;
  });
  afterEach(() => jira.stop());

  function notifier(overrides: Partial<JiraSettings> = {}, token: Outcome<string> = { ok: true, value: jira.apiToken }) {
    const settings: JiraSettings = { baseUrl: jira.url, projectKey: 'OPS', issueType: 'Bug', email: jira.email, token: { namespace: 'songbird-system', ref: { name: 'jira', key: 'token' } }, ...overrides };
    return createJiraNotifier({ client: createJiraClient({ timeoutMs: 2_000 }), readSecret: async () => token, settings, filter: onlyKinds(['rolledBack']) });
  }

  it('files one issue with the rollback in it, and finds it instead of filing again on a second delivery', async () => {
    expect(await notifier().deliver(target, pending, log)).toEqual([{ id: 'v2#1:rolledBack', outcome: 'sent' }]);
    expect(await notifier().deliver(target, pending, log)).toEqual([{ id: 'v2#1:rolledBack', outcome: 'sent' }]);
    expect(jira.issues()).toHaveLength(1);
    expect(jira.issues()[0]).toMatchObject({ projectKey: 'OPS', issueType: 'Bug', summary: 'Rolled back podinfo v2: success-rate 91 (limit >= 99 %)' });
    expect(jira.requests()).toEqual(['POST /rest/api/3/search/jql', 'POST /rest/api/3/issue', 'POST /rest/api/3/search/jql']);
  });

  it('refuses for good, naming Jira\'s field error, when the project does not exist', async () => {
    const [result] = await notifier({ projectKey: 'NOPE' }).deliver(target, pending, log);
    expect(result).toMatchObject({ outcome: 'refused', message: expect.stringContaining("The value 'NOPE' does not exist for the field 'project'.") });
  });

  it('refuses for good on a wrong token, and never logs or says the token', async () => {
    const [result] = await notifier({}, { ok: true, value: 'secret-wrong-token-42' }).deliver(target, pending, log);
    expect(result).toMatchObject({ outcome: 'refused', message: expect.stringContaining('401') });
    expect(JSON.stringify(result)).not.toContain('secret-wrong-token-42');
    expect(lines.join('\n')).not.toContain('secret-wrong-token-42');
    expect(lines.join('\n')).not.toContain(Buffer.from(`${jira.email}:secret-wrong-token-42`).toString('base64'));
  });

  it('asks for a retry when Jira answers 503, and files once when it is back', async () => {
    jira.failNext(503);
    expect((await notifier().deliver(target, pending, log))[0]).toMatchObject({ outcome: 'retry' });
    expect((await notifier().deliver(target, pending, log))[0]).toMatchObject({ outcome: 'sent' });
    expect(jira.issues()).toHaveLength(1);
  });

  it('asks for a retry, sending nothing, while the token Secret cannot be read yet', async () => {
    const [result] = await notifier({}, { ok: false, error: { code: 'unavailable', message: 'apiserver unavailable', retryable: true } }).deliver(target, pending, log);
    expect(result).toMatchObject({ outcome: 'retry', message: expect.stringContaining('songbird-system/jira:token') });
    expect(jira.requests()).toEqual([]);
  });
});
