import { describe, expect, it } from '@jest/globals';
import type { RolloutNotification, RolloutRef } from '../core/notifications.js';
import type { CheckResult } from '../schema/canary-status.js';
import type { SlackMessage } from './block-kit.js';
import { renderSlackMessage } from './render-slack-message.js';

const rollout: RolloutRef = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: '7f3c2a1' };
const HEADER = ':bird: songbird · shop/podinfo · rev 7f3c2a1';

function check(overrides: Partial<CheckResult>): CheckResult {
  return {
    name: 'success-rate',
    type: 'successRate',
    outcome: 'pass',
    value: 99.62,
    limit: '>= 99 %',
    message: '99.62 % of canary requests succeeded',
    measuredAt: '2026-11-26T06:00:00Z',
    ...overrides,
  };
}

/** The mrkdwn of every block, in order, as a reader sees it. */
function blockTexts(n: RolloutNotification): string[] {
  return renderSlackMessage(n).blocks.map((b) => {
    const block = b as { type: string; text?: { text: string }; elements?: Array<{ text: string }> };
    return block.text?.text ?? block.elements?.map((e) => e.text).join(' ') ?? `(${block.type})`;
  });
}

describe('renderSlackMessage', () => {
  it('names the service, old → new revision and the planned stages when a rollout starts', () => {
    const n: RolloutNotification = { kind: 'rolloutStarted', rollout, fromRevision: '5d9c8b7f6d', stages: ['internal', '10%', '50%'] };
    expect(renderSlackMessage(n).text).toBe(
      [HEADER, ':hatching_chick: *Rollout started* · service *podinfo* · rev 5d9c8b7f6d → *rev 7f3c2a1*', '*Stages:* internal → 10% → 50%'].join('\n'),
    );
  });

  it('says there was nothing before when the first revision is rolled out', () => {
    const n: RolloutNotification = { kind: 'rolloutStarted', rollout, fromRevision: '', stages: [] };
    expect(blockTexts(n)).toEqual([
      HEADER,
      ':hatching_chick: *Rollout started* · service *podinfo* · nothing promoted yet → *rev 7f3c2a1*',
      '*Stages:* _none_',
    ]);
  });

  it('shows the stage, the weights and each check against its limit, failures first, when a stage advances', () => {
    const n: RolloutNotification = {
      kind: 'stageAdvanced',
      rollout,
      stage: 'weight-10',
      canaryWeight: 10,
      internalToCanary: true,
      checks: [check({}), check({ name: 'p99-latency', type: 'latency', value: 412.37, limit: '<= 500 ms' }), check({ name: 'new-issues', outcome: 'insufficient', value: null, limit: '<= 0 new issues' })],
    };
    expect(renderSlackMessage(n).text).toBe(
      [
        HEADER,
        ':arrow_forward: *Stage weight-10* · canary 10 % · primary 90 % · internal users → canary',
        '*Checks*',
        ':hourglass_flowing_sand: *new-issues* no value (limit &lt;= 0 new issues) not enough data yet',
        ':white_check_mark: *success-rate* 99.62 (limit &gt;= 99 %) pass',
        ':white_check_mark: *p99-latency* 412.4 (limit &lt;= 500 ms) pass',
      ].join('\n'),
    );
  });

  it('says so when a stage advanced without checks', () => {
    const n: RolloutNotification = { kind: 'stageAdvanced', rollout, stage: 'internal', canaryWeight: 0, internalToCanary: true, checks: [] };
    expect(blockTexts(n)[2]).toBe('*Checks*\n_no checks ran in this stage_');
  });

  it('gives the duration and the requests the canary served when promoted', () => {
    const n: RolloutNotification = { kind: 'promoted', rollout, durationMs: 42 * 60_000 + 10_000, canaryRequests: 123_456 };
    expect(renderSlackMessage(n).text).toBe(
      [HEADER, ':tada: *Promoted* · rev 7f3c2a1 is now the primary · took 42m 10s', 'The canary served 123,456 requests during the rollout.'].join('\n'),
    );
  });

  it('names the failing check, its value and limit once, and the top new Sentry issue with a link when rolled back', () => {
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout,
      stage: 'weight-25',
      reason: 'check new-issues failed',
      failingCheck: check({ name: 'new-issues', type: 'sentryNewIssues', outcome: 'fail', value: 2, limit: '<= 0 new issues', message: '2 new issues first seen in release 7f3c2a1' }),
      topIssue: { title: "TypeError: Cannot read properties of undefined (reading 'id')", culprit: 'app/cart.js in applyCoupon', count: 1234, permalink: 'https://sentry.example.com/organizations/acme/issues/42/' },
    };
    expect(blockTexts(n)).toEqual([
      HEADER,
      ':rotating_light: *ROLLED BACK* at stage *weight-25* · all traffic is back on the primary',
      '*Why:* check new-issues failed\n*Failing check:* :x: *new-issues* 2 (limit &lt;= 0 new issues) FAIL\n2 new issues first seen in release 7f3c2a1',
      "*Top new Sentry issue:* <https://sentry.example.com/organizations/acme/issues/42/|TypeError: Cannot read properties of undefined (reading 'id')>\n`app/cart.js in applyCoupon` · 1,234 events",
      'rev 7f3c2a1 of podinfo will not be retried; a new revision starts a new rollout.',
    ]);
    expect(renderSlackMessage(n).text.split('\n')[0]).toBe(HEADER);
  });

  it('states the reason once when the reason already carries the failing check\'s message', () => {
    const message = 'success-rate 90 % (limit ≥ 99 %)';
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout,
      stage: 'weight-10',
      reason: `${message}; 2 failed checks reached the threshold of 2`,
      failingCheck: check({ outcome: 'fail', value: 90, limit: '≥ 99 %', message }),
    };
    const { text, blocks } = renderSlackMessage(n);
    expect(blockTexts(n).slice(1, 3)).toEqual([
      ':rotating_light: *ROLLED BACK* at stage *weight-10* · all traffic is back on the primary',
      '*Why:* :x: success-rate 90 % (limit ≥ 99 %); 2 failed checks reached the threshold of 2',
    ]);
    expect(text.split('success-rate')).toHaveLength(2);
    expect(JSON.stringify(blocks).split('success-rate')).toHaveLength(2);
  });

  it('gives only the reason when rolled back without a failing check', () => {
    const n: RolloutNotification = { kind: 'rolledBack', rollout, stage: 'internal', reason: 'canary pods crash-looped (CrashLoopBackOff)' };
    expect(renderSlackMessage(n).text).toBe(
      [HEADER, ':rotating_light: *ROLLED BACK* at stage *internal* · all traffic is back on the primary', '*Why:* canary pods crash-looped (CrashLoopBackOff)'].join('\n'),
    );
  });

  it('says why and what would unblock it when halted', () => {
    const n: RolloutNotification = { kind: 'halted', state: 'halted', rollout, reason: 'Prometheus is unreachable', unblock: 'restore Prometheus at http://prometheus.monitoring:9090 or set spec.skipAnalysis' };
    expect(renderSlackMessage(n).text).toBe(
      [HEADER, ':double_vertical_bar: *Halted* · Prometheus is unreachable', '*To unblock:* restore Prometheus at http://prometheus.monitoring:9090 or set spec.skipAnalysis'].join('\n'),
    );
  });

  it('says it is waiting, why, and what would unblock it when a stage holds for traffic', () => {
    const n: RolloutNotification = { kind: 'halted', state: 'waiting', rollout, reason: 'stage internal is holding: no traffic reached the canary', unblock: 'traffic must reach the canary' };
    expect(renderSlackMessage(n).text).toBe(
      [HEADER, ':hourglass_flowing_sand: *Waiting* · stage internal is holding: no traffic reached the canary', '*To unblock:* traffic must reach the canary'].join('\n'),
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('says the duration and count are unknown, never NaN or Infinity, when promoted with durationMs %p', (value) => {
    const n: RolloutNotification = { kind: 'promoted', rollout, durationMs: value, canaryRequests: value };
    const { text } = renderSlackMessage(n);
    expect(text).toBe(
      [HEADER, ':tada: *Promoted* · rev 7f3c2a1 is now the primary · took unknown', 'The canary served an unknown number of requests during the rollout.'].join('\n'),
    );
    expect(text).not.toMatch(/NaN|Infinity/);
  });

  it.each<['halted' | 'waiting', string, string]>([
    ['halted', '', ':double_vertical_bar: *Halted* · (no reason given)'],
    ['halted', ' \n\t ', ':double_vertical_bar: *Halted* · (no reason given)'],
    ['waiting', '   ', ':hourglass_flowing_sand: *Waiting* · (no reason given)'],
  ])('shows a placeholder, never a bare "·" or "To unblock:", when %s with reason %j and no unblock step', (state, blank, headline) => {
    const n: RolloutNotification = { kind: 'halted', state, rollout, reason: blank, unblock: blank };
    expect(blockTexts(n)).toEqual([HEADER, headline, '*To unblock:* (no step given)']);
  });

  it('shows a placeholder, never a bare "Why:", when rolled back with a blank reason', () => {
    const plainly: RolloutNotification = { kind: 'rolledBack', rollout, stage: 's', reason: '  ' };
    expect(blockTexts(plainly)[2]).toBe('*Why:* (no reason given)');
    const withCheck: RolloutNotification = { ...plainly, failingCheck: check({ outcome: 'fail', value: 90, message: 'success rate 90 %' }) };
    expect(blockTexts(withCheck)[2]?.split('\n')[0]).toBe('*Why:* (no reason given)');
  });

  it.each<[string, RolloutNotification]>([
    ['started', { kind: 'rolloutStarted', rollout, fromRevision: 'a', stages: ['s'] }],
    ['advanced', { kind: 'stageAdvanced', rollout, stage: 's', canaryWeight: 5, internalToCanary: false, checks: [] }],
    ['promoted', { kind: 'promoted', rollout, durationMs: 1, canaryRequests: 1 }],
    ['rolled back', { kind: 'rolledBack', rollout, stage: 's', reason: 'r' }],
    ['halted', { kind: 'halted', state: 'halted', rollout, reason: 'r', unblock: 'u' }],
    ['waiting', { kind: 'halted', state: 'waiting', rollout, reason: 'r', unblock: 'u' }],
  ])('starts with the same header line in text and blocks when %s', (_, n) => {
    const message = renderSlackMessage(n);
    expect(message.text.startsWith(`${HEADER}\n`)).toBe(true);
    expect(message.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: HEADER }] });
  });

  it('escapes &, < and > in every user-provided text so nothing can mention or format', () => {
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout: { namespace: 'a&b', name: '<!channel>', service: 'svc<x>', revision: 'r&1' },
      stage: '<@U123>',
      reason: 'x < y && y > z',
      failingCheck: check({ name: 'c<1>', outcome: 'fail', limit: '>= 99 %', message: 'see <https://evil.example|here>' }),
      topIssue: { title: 'Error: <script>&', culprit: 'a > b', count: 1, permalink: 'https://sentry.example.com/i/1/?a=1&b=<2>|x' },
    };
    const { text, blocks } = renderSlackMessage(n);
    const everything = `${text}\n${JSON.stringify(blocks)}`;
    expect(everything).not.toMatch(/<!channel>|<@U123>|<script>|<x>|<https:\/\/evil/);
    expect(text).toContain(':bird: songbird · a&amp;b/&lt;!channel&gt; · rev r&amp;1');
    expect(text).toContain('*Why:* x &lt; y &amp;&amp; y &gt; z');
    expect(text).toContain('<https://sentry.example.com/i/1/?a=1&amp;b=%3C2%3E%7Cx|Error: &lt;script&gt;&amp;>');
    expect(text).toContain('`a &gt; b` · 1 event');
  });

  it('shows a Sentry issue title full of *, _, ~ and backticks as written, never bold, italic, struck or code', () => {
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout,
      stage: 's',
      reason: 'r',
      topIssue: { title: 'ValueError: *args must be _positive_ ~now~ `x`', culprit: '', count: 1, permalink: 'https://sentry.example.com/i/1/' },
    };
    const line = blockTexts(n)[3]!.split('\n')[0]!;
    const label = line.slice(line.indexOf('|') + 1, -1);
    expect(label).not.toMatch(/[*_~`]/);
    expect(label).toBe('ValueError: \u2217args must be \u02cdpositive\u02cd \u223cnow\u223c \u02cbx\u02cb');
  });

  it('shows a reason that quotes a Sentry title without formatting, keeping identifiers as written', () => {
    const n: RolloutNotification = { kind: 'rolledBack', rollout, stage: 's', reason: 'new-issues 1 new issue: *cart* is _empty_ in http_requests_total' };
    expect(blockTexts(n)[2]).toBe('*Why:* new-issues 1 new issue: \u2217cart\u2217 is \u02cdempty\u02cd in http_requests_total');
  });

  it('types its blocks with Slack\'s Block Kit types, so a block type Slack does not know fails tsc', () => {
    // @ts-expect-error 'sektion' is not a Block Kit block type
    const blocks: SlackMessage['blocks'] = [{ type: 'sektion', text: { type: 'mrkdwn', text: 'x' } }];
    // @ts-expect-error a header's text must be plain_text
    const header: SlackMessage['blocks'] = [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }];
    expect([blocks, header]).toHaveLength(2);
  });

  it('shows the issue title without a link when the permalink is not http(s)', () => {
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout,
      stage: 's',
      reason: 'r',
      topIssue: { title: 'Boom', culprit: '', count: 3, permalink: 'javascript:alert(1)' },
    };
    expect(blockTexts(n)[3]).toBe('*Top new Sentry issue:* Boom\n3 events');
  });

  it('shortens long revisions and clips very long texts within Slack limits', () => {
    const n: RolloutNotification = { kind: 'halted', state: 'halted', rollout: { ...rollout, revision: 'sha256:0123456789abcdef' }, reason: 'x'.repeat(5000), unblock: 'y'.repeat(5000) };
    const { text, blocks } = renderSlackMessage(n);
    expect(text.split('\n')[0]).toBe(':bird: songbird · shop/podinfo · rev sha256:');
    expect(text.length).toBeLessThanOrEqual(3500);
    for (const block of blocks as Array<{ text?: { text: string } }>) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
  });
});

describe('renderSlackMessage: blast radius', () => {
  const reach = (customers: number, atLeast = false) => ({
    internal: { requests: 214, errors: 31 },
    customers: { requests: customers, errors: customers > 0 ? 3 : 0 },
    measuredAt: '2026-11-26T06:00:00Z',
    atLeast,
  });

  it('says whom a rolled-back canary reached on its own line, once, after the reason', () => {
    const n: RolloutNotification = {
      kind: 'rolledBack',
      rollout,
      stage: 'internal',
      reason: 'success-rate: 85.51 % (limit ≥ 99 %); 1 failed check reached the threshold of 1; reached 0 customers (214 internal requests, 31 errors)',
      reach: reach(0),
    };
    const texts = blockTexts(n);
    expect(texts[2]).toBe('*Why:* success-rate: 85.51 % (limit ≥ 99 %); 1 failed check reached the threshold of 1\n*Blast radius:* reached 0 customers (214 internal requests, 31 errors)');
    expect(renderSlackMessage(n).text.match(/reached 0 customers/g)).toHaveLength(1);
  });

  it('gives both counts when a promotion reached customers', () => {
    const n: RolloutNotification = { kind: 'promoted', rollout, durationMs: 60_000, canaryRequests: 1464, reach: reach(1250) };
    expect(blockTexts(n)[2]).toBe('*Blast radius:* reached 1,250 customer requests with 3 errors (214 internal requests, 31 errors)');
  });

  it('says "at least" when the count was taken before the end', () => {
    const n: RolloutNotification = { kind: 'promoted', rollout, durationMs: 60_000, canaryRequests: 1464, reach: reach(1250, true) };
    expect(blockTexts(n)[2]).toBe('*Blast radius:* reached at least 1,250 customer requests with 3 errors (214 internal requests, 31 errors)');
  });
});
