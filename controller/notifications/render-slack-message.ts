// RolloutNotification → a Slack message someone reads in two seconds: the
// rollout's header line, one bold headline saying what happened, then only
// the facts that explain it. Pure: no I/O, no clock.
import type { RolloutNotification } from '../core/notifications.js';
import type { SentryIssueSummary } from '../core/observations.js';
import type { CheckResult } from '../schema/canary-status.js';
import { context, section, type SlackBlock, type SlackMessage } from './block-kit.js';
import { checkLine, checkLines } from './check-lines.js';
import { formatCount, formatDuration, formatSplit } from './human-quantities.js';
import { clip, link, plain } from './mrkdwn-text.js';
import { rolloutHeader, shortRevision } from './rollout-header.js';

/** What one kind of notification says, before it is laid out. All strings are mrkdwn, already escaped. */
interface Content {
  readonly headline: string;
  readonly details: readonly string[];
  readonly footnote?: string;
}

/** Slack's limit for a message's `text` is far higher; this keeps notifications readable. */
const TEXT_MAX = 3500;

export function renderSlackMessage(n: RolloutNotification): SlackMessage {
  const header = rolloutHeader(n.rollout);
  const content = contentOf(n);
  const blocks: SlackBlock[] = [context(header), section(content.headline), ...content.details.map(section)];
  if (content.footnote) blocks.push(context(content.footnote));
  const text = clip([header, content.headline, ...content.details].join('\n'), TEXT_MAX);
  return { text, blocks };
}

function contentOf(n: RolloutNotification): Content {
  switch (n.kind) {
    case 'rolloutStarted':
      return started(n);
    case 'stageAdvanced':
      return advanced(n);
    case 'promoted':
      return promoted(n);
    case 'rolledBack':
      return rolledBack(n);
    case 'halted':
      return halted(n);
    default: {
      const unknown: never = n;
      throw new Error(`renderSlackMessage: unhandled notification ${JSON.stringify(unknown)}`);
    }
  }
}

type Of<K extends RolloutNotification['kind']> = Extract<RolloutNotification, { kind: K }>;

function revision(r: string): string {
  return plain(shortRevision(r), 12);
}

function started(n: Of<'rolloutStarted'>): Content {
  const from = n.fromRevision === '' ? 'nothing promoted yet' : `rev ${revision(n.fromRevision)}`;
  const stages = n.stages.length > 0 ? n.stages.map((s) => plain(s, 40)).join(' → ') : '_none_';
  return {
    headline: `:hatching_chick: *Rollout started* · service *${plain(n.rollout.service, 63)}* · ${from} → *rev ${revision(n.rollout.revision)}*`,
    details: [`*Stages:* ${stages}`],
  };
}

function advanced(n: Of<'stageAdvanced'>): Content {
  const internal = n.internalToCanary ? ' · internal users → canary' : '';
  return {
    headline: `:arrow_forward: *Stage ${plain(n.stage, 40)}* · ${formatSplit(n.canaryWeight)}${internal}`,
    details: [`*Checks*\n${checkLines(n.checks)}`],
  };
}

function promoted(n: Of<'promoted'>): Content {
  return {
    headline: `:tada: *Promoted* · rev ${revision(n.rollout.revision)} is now the primary · took ${formatDuration(n.durationMs)}`,
    details: [`The canary served ${formatCount(n.canaryRequests, 'request')} during the rollout.`],
  };
}

function rolledBack(n: Of<'rolledBack'>): Content {
  const details: string[] = [];
  if (n.failingCheck) details.push(failingCheck(n.failingCheck));
  if (n.topIssue) details.push(topIssue(n.topIssue));
  details.push(`*Why:* ${plain(n.reason, 500)}`);
  return {
    headline: `:rotating_light: *ROLLED BACK* at stage *${plain(n.stage, 40)}* · all traffic is back on the primary`,
    details,
    footnote: `rev ${revision(n.rollout.revision)} of ${plain(n.rollout.service, 63)} will not be retried; a new revision starts a new rollout.`,
  };
}

function failingCheck(check: CheckResult): string {
  const message = check.message.trim() === '' ? '' : `\n_${plain(check.message, 300)}_`;
  return `*Failing check:* ${checkLine(check)}${message}`;
}

function topIssue(issue: SentryIssueSummary): string {
  const culprit = issue.culprit.trim() === '' ? '' : `\`${plain(issue.culprit.replace(/`/g, "'"), 150)}\` · `;
  return `*Top new Sentry issue:* ${link(issue.permalink, issue.title)}\n${culprit}${formatCount(issue.count, 'event')}`;
}

function halted(n: Of<'halted'>): Content {
  return {
    headline: n.state === 'waiting' ? `:hourglass_flowing_sand: *Waiting* · ${plain(n.reason, 300)}` : `:double_vertical_bar: *Halted* · ${plain(n.reason, 300)}`,
    details: [`*To unblock:* ${plain(n.unblock, 500)}`],
  };
}
