// RolloutNotification → a Slack message someone reads in two seconds: the
// rollout's header line, one bold headline saying what happened, then only
// the facts that explain it, each said once. Pure: no I/O, no clock. Whatever
// the notification carries, the message keeps Slack's Block Kit limits and
// its mrkdwn never breaks (see mrkdwn-text.ts and block-kit.ts).
import type { KnownBlock } from '@slack/types';
import type { RolloutNotification } from '../core/notifications.js';
import type { SentryIssueSummary } from '../core/observations.js';
import { context, messageText, section, type SlackMessage } from './block-kit.js';
import { OUTCOME_EMOJI, checkLine, checkLines, checkLinesFit } from './check-lines.js';
import { formatCount, formatDuration, formatSplit } from './human-quantities.js';
import { link, plain, unformatted, type FitOptions } from './mrkdwn-text.js';
import { rolloutHeader, shortRevision } from './rollout-header.js';
import { reachSentence } from '../core/blast-radius.js';

/** One section: whole lines of escaped mrkdwn, and how to clip them when they do not fit. */
interface Detail {
  readonly lines: readonly string[];
  readonly fit?: FitOptions;
}

/** What one kind of notification says, before it is laid out. All strings are mrkdwn, already escaped. */
interface Content {
  readonly headline: string;
  readonly details: readonly Detail[];
  readonly footnote?: string;
}

/**
 * Renders a notification as Slack text and Block Kit blocks: a context header
 * line, a section headline, one section per detail, an optional context
 * footnote. `text` repeats the header, headline and details for notifications.
 */
export function renderSlackMessage(n: RolloutNotification): SlackMessage {
  const header = context([rolloutHeader(n.rollout)]);
  const content = contentOf(n);
  const sections = [section([content.headline]), ...content.details.map((d) => section(d.lines, d.fit))];
  const blocks: KnownBlock[] = [header, ...sections];
  if (content.footnote) blocks.push(context([content.footnote]));
  const text = messageText([rolloutHeader(n.rollout), ...sections.map((s) => s.text?.text ?? '')]);
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

/** Shown for a reason that is empty or only whitespace, so no line ends in a bare label. */
const NO_REASON = '(no reason given)';

/** `text`, or `placeholder` when it is empty or only whitespace. */
function given(text: string, placeholder: string): string {
  return text.trim() === '' ? placeholder : text;
}

/** Stages named on one line; past this many, the rest are counted. */
const MAX_STAGES_SHOWN = 20;

function started(n: Of<'rolloutStarted'>): Content {
  const from = n.fromRevision === '' ? 'nothing promoted yet' : `rev ${revision(n.fromRevision)}`;
  const shown = n.stages.slice(0, MAX_STAGES_SHOWN).map((s) => plain(s, 40));
  const hidden = n.stages.length - shown.length;
  const stages = shown.length > 0 ? `${shown.join(' → ')}${hidden > 0 ? ` → …and ${hidden} more` : ''}` : '_none_';
  return {
    headline: `:hatching_chick: *Rollout started* · service *${plain(n.rollout.service, 63)}* · ${from} → *rev ${revision(n.rollout.revision)}*`,
    details: [{ lines: [`*Stages:* ${stages}`] }],
  };
}

function advanced(n: Of<'stageAdvanced'>): Content {
  const internal = n.internalToCanary ? ' · internal users → canary' : '';
  return {
    headline: `:arrow_forward: *Stage ${plain(unformatted(n.stage), 40)}* · ${formatSplit(n.canaryWeight)}${internal}`,
    details: [{ lines: ['*Checks*', ...checkLines(n.checks)], fit: checkLinesFit }],
  };
}

function promoted(n: Of<'promoted'>): Content {
  const served = `The canary served ${formatCount(n.canaryRequests, 'request')} during the rollout.`;
  return {
    headline: `:tada: *Promoted* · rev ${revision(n.rollout.revision)} is now the primary · took ${formatDuration(n.durationMs)}`,
    details: [{ lines: n.reach ? [reachLine(n.reach)] : [served] }],
  };
}

/** The blast radius as its own line (core/blast-radius.ts reachSentence): e.g. `*Blast radius:* reached 0 customers (214 internal requests, 31 errors)`. */
function reachLine(reach: NonNullable<Of<'promoted'>['reach']>): string {
  return `*Blast radius:* ${plain(reachSentence(reach), 300)}`;
}

function rolledBack(n: Of<'rolledBack'>): Content {
  const details: Detail[] = [{ lines: n.reach ? [...why(withoutReach(n)), reachLine(n.reach)] : why(n) }];
  if (n.topIssue) details.push({ lines: topIssue(n.topIssue) });
  return {
    headline: `:rotating_light: *ROLLED BACK* at stage *${plain(unformatted(n.stage), 40)}* · all traffic is back on the primary`,
    details,
    footnote: `rev ${revision(n.rollout.revision)} of ${plain(n.rollout.service, 63)} will not be retried; a new revision starts a new rollout.`,
  };
}

/**
 * The rollback's reason, said once. When a check's failure caused it, the
 * core's reason already carries the check's message (name, value, limit), so
 * that is shown alone, marked with the check's outcome; the check is listed
 * apart only when the reason does not already say what it says. Reasons
 * quote Sentry titles and queries, so they are shown unformatted.
 */
function why(n: Of<'rolledBack'>): string[] {
  const check = n.failingCheck;
  const message = check?.message.trim() ?? '';
  const reason = unformatted(given(n.reason, NO_REASON));
  if (!check) return [`*Why:* ${plain(reason, 2000)}`];
  if (message !== '' && n.reason.includes(message)) return [`*Why:* ${OUTCOME_EMOJI[check.outcome]} ${plain(reason, 2000)}`];
  const lines = [`*Why:* ${plain(reason, 1500)}`, `*Failing check:* ${checkLine(check)}`];
  if (message !== '') lines.push(plain(unformatted(message), 300));
  return lines;
}

/**
 * The notification with its reason's trailing reach sentence taken off (the core appends it:
 * step.ts rollback), so the reach is said once, on its own line, and never clipped off a long reason.
 */
function withoutReach(n: Of<'rolledBack'>): Of<'rolledBack'> {
  const suffix = `; ${reachSentence(n.reach)}`;
  return n.reason.endsWith(suffix) ? { ...n, reason: n.reason.slice(0, -suffix.length) } : n;
}

function topIssue(issue: SentryIssueSummary): string[] {
  const culprit = issue.culprit.trim() === '' ? '' : `\`${plain(issue.culprit.replace(/`/g, "'"), 150)}\` · `;
  return [`*Top new Sentry issue:* ${link(issue.permalink, unformatted(issue.title), 300)}`, `${culprit}${formatCount(issue.count, 'event')}`];
}

function halted(n: Of<'halted'>): Content {
  const what = n.state === 'waiting' ? ':hourglass_flowing_sand: *Waiting*' : ':double_vertical_bar: *Halted*';
  return {
    headline: `${what} · ${plain(unformatted(given(n.reason, NO_REASON)), 1000)}`,
    details: [{ lines: [`*To unblock:* ${plain(given(n.unblock, '(no step given)'), 1500)}`] }],
  };
}
