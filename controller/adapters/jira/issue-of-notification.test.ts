import type { RolloutNotification } from '../../core/notifications.js';
import { SUMMARY_MAX, issueOfNotification, notificationLabel } from './issue-of-notification.js';

const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: '7d9f8c6b5a' };
const failingCheck = { name: 'success-rate', type: 'successRate', outcome: 'fail' as const, value: 91.25, limit: '>= 99 %', message: 'success rate 91.25 % below 99 %', measuredAt: '2026-11-30T10:00:00Z' };
const topIssue = { title: 'TypeError: cart is undefined', culprit: 'checkout/pay', count: 42, permalink: 'https://sentry.example/organizations/acme/issues/7/' };
const rolledBack: RolloutNotification = { kind: 'rolledBack', rollout, reason: 'success-rate 91.25 % below 99 %', failingCheck, topIssue, stage: '50 %' };
const target = { projectKey: 'OPS', issueType: 'Bug' };

/** Every text node of an ADF document, in order, with its marks. */
function texts(node: unknown): Array<{ text: string; marks?: unknown[] }> {
  if (typeof node !== 'object' || node === null) return [];
  const n = node as { type?: string; text?: string; marks?: unknown[]; content?: unknown[] };
  if (n.type === 'text') return [{ text: n.text ?? '', marks: n.marks }];
  return (n.content ?? []).flatMap(texts);
}

describe('issueOfNotification', () => {
  it('names the service, the revision and the failing check with its value and limit in the summary of a rollback', () => {
    const fields = issueOfNotification(rolledBack, target, 'songbird-x');
    expect(fields.summary).toBe('Rolled back podinfo 7d9f8c6b5a: success-rate 91.25 (limit >= 99 %)');
    expect(fields.project).toEqual({ key: 'OPS' });
    expect(fields.issuetype).toEqual({ name: 'Bug' });
  });

  it('describes the rollback in ADF: a doc of version 1 with the reason, the check and the top Sentry issue linked', () => {
    const { description } = issueOfNotification(rolledBack, target, 'songbird-x');
    expect(description).toMatchObject({ type: 'doc', version: 1 });
    expect(description.content.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'heading', 'paragraph', 'heading', 'bulletList', 'heading', 'bulletList']);
    const all = texts(description);
    expect(all.map((t) => t.text).join('')).toContain('success rate 91.25 % below 99 %');
    expect(all.find((t) => t.text === topIssue.title)?.marks).toEqual([{ type: 'link', attrs: { href: topIssue.permalink } }]);
    expect(all.every((t) => t.text.length > 0)).toBe(true);
  });

  it('labels the issue songbird, by kind, and with the label that finds it again', () => {
    expect(issueOfNotification(rolledBack, target, 'songbird-abc').labels).toEqual(['songbird', 'songbird-rolled-back', 'songbird-abc']);
  });

  it('clips a summary to the 255 characters Jira takes, and says the reason when no check failed', () => {
    const long: RolloutNotification = { kind: 'rolledBack', rollout, reason: 'x'.repeat(400), stage: 'internal' };
    const { summary } = issueOfNotification(long, target, 'l');
    expect([...summary]).toHaveLength(SUMMARY_MAX);
    expect(summary.startsWith('Rolled back podinfo 7d9f8c6b5a: xxx')).toBe(true);
  });

  it('does not link a Sentry permalink that is not an http(s) URL', () => {
    const odd: RolloutNotification = { ...rolledBack, topIssue: { ...topIssue, permalink: 'javascript:alert(1)' } } as RolloutNotification;
    expect(texts(issueOfNotification(odd, target, 'l').description).find((t) => t.text === topIssue.title)?.marks).toBeUndefined();
  });
});

describe('notificationLabel', () => {
  it('is one label per Canary and notification id, without spaces or characters JQL would need quoted', () => {
    const label = notificationLabel('shop', 'podinfo', 'v2#1:rolledBack');
    expect(label).toMatch(/^songbird-[0-9a-f]{20}$/);
    expect(notificationLabel('shop', 'podinfo', 'v2#1:rolledBack')).toBe(label);
    expect(notificationLabel('shop', 'other', 'v2#1:rolledBack')).not.toBe(label);
    expect(notificationLabel('shop', 'podinfo', 'v2#2:rolledBack')).not.toBe(label);
  });
});

describe('issueOfNotification: blast radius', () => {
  const reach = { internal: { requests: 214, errors: 31 }, customers: { requests: 1250, errors: 3 }, measuredAt: '2026-11-26T06:00:00Z', atLeast: false };

  it('says what a promoted canary reached under its own heading', () => {
    const n: RolloutNotification = { kind: 'promoted', rollout, durationMs: 60_000, canaryRequests: 1464, reach };
    const description = JSON.stringify(issueOfNotification(n, target, 'songbird-x').description);
    expect(description).toContain('"Blast radius"');
    expect(description).toContain('reached 1,250 customer requests with 3 errors (214 internal requests, 31 errors)');
  });

  it('keeps a rollback\'s reach where the core put it, at the end of the reason', () => {
    const n: RolloutNotification = { kind: 'rolledBack', rollout, stage: 'internal', reason: 'aborted by request; reached 0 customers (214 internal requests, 31 errors)', reach: { ...reach, customers: { requests: 0, errors: 0 } } };
    const description = JSON.stringify(issueOfNotification(n, target, 'songbird-x').description);
    expect(description).toContain('aborted by request; reached 0 customers (214 internal requests, 31 errors)');
    expect(issueOfNotification(n, target, 'songbird-x').summary).toBe('Rolled back podinfo 7d9f8c6b5a: aborted by request; reached 0 customers (214 internal requests, 31 errors)');
  });
});
