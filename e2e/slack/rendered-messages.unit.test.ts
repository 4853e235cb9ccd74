// Property-style: whatever a notification carries, the rendered message passes
// the strict stand-in's rules (the same pure function the HTTP stand-in uses)
// and its mrkdwn never breaks (no half entity, no unclosed link).
import { describe, expect, it } from '@jest/globals';
import type { RolloutNotification, RolloutRef } from '../../controller/core/notifications.js';
import type { SentryIssueSummary } from '../../controller/core/observations.js';
import type { CheckOutcome, CheckResult } from '../../controller/schema/canary-status.js';
import { renderSlackMessage } from '../../controller/notifications/render-slack-message.js';
import { checkWebhookPayload } from './webhook-payload.js';

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PIECES = ['<', '>', '&', '*', '_', '~', '`', '|', '&amp;', '<!channel>', '<@U123>', '<https://x.example|x>', '\n', ' ', 'a', 'Z', 'é', 'e\u0301', '🐦', '👩‍💻', ':bird:', '€', '\t', '"', "'", '\\'];

function generator(seed: number) {
  const next = random(seed);
  const int = (max: number) => Math.floor(next() * (max + 1));
  const pick = <T>(items: readonly T[]): T => items[int(items.length - 1)]!;
  const text = (maxLength: number): string => {
    const length = next() < 0.2 ? maxLength : int(maxLength);
    let out = '';
    while (out.length < length) out += next() < 0.5 ? pick(PIECES) : 'word ';
    return out;
  };
  const url = (): string => pick(['https://sentry.example.com/organizations/acme/issues/42/', `https://sentry.example.com/${text(40)}`, `https://x.example/${'p'.repeat(int(6000))}`, 'javascript:alert(1)', text(30), '']);
  const check = (): CheckResult => ({
    name: text(80) || 'c',
    type: pick(['successRate', 'latency', 'promql', 'comparison', 'sentryNewIssues'] as const),
    outcome: pick<CheckOutcome>(['pass', 'fail', 'noData', 'insufficient', 'error']),
    value: pick([null, 0, 99.5, -1, 1e21, Number.POSITIVE_INFINITY, Number.NaN, int(1_000_000)]),
    limit: text(200),
    message: text(pick([0, 50, 400, 5000])),
    measuredAt: '2026-11-26T06:00:00Z',
  });
  const issue = (): SentryIssueSummary => ({ title: text(pick([10, 300, 5000])), culprit: text(pick([0, 20, 2000])), count: int(10_000_000), permalink: url() });
  const rollout = (): RolloutRef => ({ namespace: text(70) || 'n', name: text(300) || 'n', service: text(80) || 's', revision: text(pick([10, 80])) || 'r' });
  const notification = (): RolloutNotification => {
    switch (int(4)) {
      case 0:
        return { kind: 'rolloutStarted', rollout: rollout(), fromRevision: text(20), stages: Array.from({ length: int(pick([3, 200])) }, () => text(60)) };
      case 1:
        return { kind: 'stageAdvanced', rollout: rollout(), stage: text(80), canaryWeight: pick([0, 5, 100, -3, 250, Number.NaN]), internalToCanary: next() < 0.5, checks: Array.from({ length: int(pick([3, 20, 500])) }, check) };
      case 2:
        return { kind: 'promoted', rollout: rollout(), durationMs: int(1e10), canaryRequests: int(1e9) };
      case 3:
        return { kind: 'rolledBack', rollout: rollout(), stage: text(80), reason: text(pick([10, 600, 20_000])), failingCheck: next() < 0.7 ? check() : undefined, topIssue: next() < 0.7 ? issue() : undefined };
      default:
        return { kind: 'halted', state: pick(['halted', 'waiting'] as const), rollout: rollout(), reason: text(pick([10, 5000])), unblock: text(pick([10, 5000])) };
    }
  };
  return { notification };
}

/** Where a mrkdwn text breaks: a bare &, < or > (half an entity, an unclosed or stray link). */
function breakage(mrkdwn: string): string | undefined {
  const rest = mrkdwn.replace(/&(?:amp|lt|gt);/g, '').replace(/<https?:\/\/[^\s<>|]+\|[^<>]+>/g, '');
  const bad = /[&<>]/.exec(rest);
  return bad ? `bare ${bad[0]} near ${JSON.stringify(rest.slice(Math.max(0, bad.index - 30), bad.index + 30))}` : undefined;
}

function mrkdwnTexts(message: { text: string; blocks: readonly unknown[] }): string[] {
  const texts = [message.text];
  for (const block of message.blocks as Array<{ text?: { text: string }; elements?: Array<{ text?: string }> }>) {
    if (block.text) texts.push(block.text.text);
    for (const element of block.elements ?? []) if (element.text !== undefined) texts.push(element.text);
  }
  return texts;
}

describe('renderSlackMessage against the strict stand-in', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('renders 25 random notifications Slack accepts and whose text never breaks (seed %i)', (seed) => {
    const { notification } = generator(seed);
    for (let i = 0; i < 25; i += 1) {
      const n = notification();
      const message = renderSlackMessage(n);
      const verdict = checkWebhookPayload(JSON.parse(JSON.stringify(message)));
      if (!verdict.ok) throw new Error(`seed ${seed} #${i} (${n.kind}) refused: ${verdict.error} ${JSON.stringify(verdict.violations)}`);
      for (const text of mrkdwnTexts(message)) {
        const broken = breakage(text);
        if (broken) throw new Error(`seed ${seed} #${i} (${n.kind}): ${broken}`);
      }
    }
  });

  it('clips 500 checks with long, escaped names to Slack limits and still says how many more there are', () => {
    const checks: CheckResult[] = Array.from({ length: 500 }, (_, i) => ({
      name: `check-${i}-${'&'.repeat(60)}`,
      type: 'promql',
      outcome: 'fail',
      value: i,
      limit: '<= 5 & >= 1',
      message: 'm',
      measuredAt: '2026-11-26T06:00:00Z',
    }));
    const message = renderSlackMessage({ kind: 'stageAdvanced', rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'abc' }, stage: 's', canaryWeight: 5, internalToCanary: false, checks });
    expect(checkWebhookPayload(JSON.parse(JSON.stringify(message))).ok).toBe(true);
    const checksBlock = mrkdwnTexts(message).find((t) => t.startsWith('*Checks*'))!;
    expect(checksBlock.split('\n').at(-1)).toMatch(/^…and \d+ more$/);
    const shown = checksBlock.split('\n').filter((l) => l.startsWith(':x:')).length;
    expect(checksBlock.split('\n').at(-1)).toBe(`…and ${500 - shown} more`);
    for (const text of mrkdwnTexts(message)) expect(breakage(text)).toBeUndefined();
  });

  it('never leaves half an entity or an open link when a reason full of & and a long link are clipped', () => {
    const message = renderSlackMessage({
      kind: 'rolledBack',
      rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'abc' },
      stage: 'internal',
      reason: '&'.repeat(20_000),
      topIssue: { title: '<>&'.repeat(2000), culprit: '&'.repeat(3000), count: 1, permalink: `https://sentry.example.com/${'&'.repeat(4000)}` },
    });
    expect(checkWebhookPayload(JSON.parse(JSON.stringify(message))).ok).toBe(true);
    for (const text of mrkdwnTexts(message)) expect(breakage(text)).toBeUndefined();
  });
});
