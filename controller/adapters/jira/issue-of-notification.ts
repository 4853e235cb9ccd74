// What Songbird files in Jira for a rollout notification: the summary (service,
// revision, and for a rollback the failing check with its value and limit),
// a description in Atlassian Document Format (the reason, the failing check,
// the top Sentry issue with its link) and labels, one of which carries the
// notification's id so a search finds an issue already filed for it.
import { createHash } from 'node:crypto';
import type { RolloutNotification } from '../../core/notifications.js';
import { clipCodePoints } from '../../core/clip-code-points.js';
import { formatCount, formatValue } from '../../notifications/human-quantities.js';
import { shortRevision } from '../../notifications/rollout-header.js';
import { reachSentence } from '../../core/blast-radius.js';
import type { CheckResult } from '../../schema/canary-status.js';
import { bulletList, code, doc, heading, link, paragraph, strong, text, type AdfBlock, type AdfDoc, type AdfText } from './adf.js';
import type { JiraIssueFields } from './jira-port.js';

/** Jira refuses a summary over 255 characters ("Summary must be less than 255 characters."). */
export const SUMMARY_MAX = 255;
/** Every issue Songbird files carries this label. */
export const SONGBIRD_LABEL = 'songbird';

export interface IssueTarget {
  readonly projectKey: string;
  readonly issueType: string;
}

/**
 * The label that names one notification of one Canary: `songbird-` and 20
 * hex digits of SHA-256 over `namespace/name/id` (the id carries the
 * revision, the rollout number and the kind). Jira labels take no spaces and
 * `#`/`:` need quoting in JQL, so the id itself is not used.
 */
export function notificationLabel(namespace: string, name: string, notificationId: string): string {
  return `${SONGBIRD_LABEL}-${createHash('sha256').update(`${namespace}/${name}/${notificationId}`).digest('hex').slice(0, 20)}`;
}

/** The create-issue fields for `notification`; `idLabel` from notificationLabel. */
export function issueOfNotification(notification: RolloutNotification, target: IssueTarget, idLabel: string): JiraIssueFields {
  const { rollout } = notification;
  const where = `${rollout.service} ${shortRevision(rollout.revision)}`;
  const canary = paragraph(text('Canary '), text(`${rollout.namespace}/${rollout.name}`, code), text(', service '), text(rollout.service, code), text(', revision '), text(rollout.revision, code), text('.'));
  const labels = [SONGBIRD_LABEL, `${SONGBIRD_LABEL}-${kindLabel(notification.kind)}`, idLabel];
  const fields = (summary: string, blocks: AdfBlock[]): JiraIssueFields => ({
    project: { key: target.projectKey },
    issuetype: { name: target.issueType },
    summary: clipCodePoints(summary.replace(/\s+/g, ' ').trim(), SUMMARY_MAX),
    description: doc(...blocks),
    labels,
  });
  switch (notification.kind) {
    case 'rolledBack': {
      const check = notification.failingCheck;
      const summary = `Rolled back ${where}${check ? `: ${check.name} ${formatValue(check.value)} (limit ${check.limit})` : `: ${notification.reason}`}`;
      return fields(summary, rolledBackBlocks(notification, canary));
    }
    case 'halted':
      return fields(`Rollout of ${where} ${notification.state}: ${notification.reason}`, [canary, paragraph(text(notification.reason)), paragraph(text('To go on: ', strong), text(notification.unblock))]);
    case 'promoted':
      return fields(`Promoted ${where}`, [canary, paragraph(text(`Promoted after ${formatCount(notification.canaryRequests, 'canary request')}.`)), ...reachBlocks(notification.reach)]);
    case 'rolloutStarted':
      return fields(`Rollout of ${where} started`, [canary, paragraph(text(`From revision ${notification.fromRevision}; stages ${notification.stages.join(', ')}.`))]);
    case 'stageAdvanced':
      return fields(`Rollout of ${where} reached stage ${notification.stage}`, [canary, checkList(notification.checks)]);
    default: {
      const unknown: never = notification;
      throw new Error(`issueOfNotification: unhandled notification ${JSON.stringify(unknown)}`);
    }
  }
}

function rolledBackBlocks(n: Extract<RolloutNotification, { kind: 'rolledBack' }>, canary: AdfBlock): AdfBlock[] {
  const blocks: AdfBlock[] = [
    paragraph(text('Songbird rolled back this revision at stage '), text(n.stage, strong), text('; all traffic is back on the primary and the revision will not be retried.')),
    canary,
    heading(3, 'Why'),
    paragraph(text(n.reason.trim() === '' ? '(no reason given)' : n.reason)),
  ];
  if (n.failingCheck) blocks.push(heading(3, 'Failing check'), checkList([n.failingCheck]));
  if (n.topIssue) {
    const issue = n.topIssue;
    const title: AdfText = /^https?:\/\//.test(issue.permalink) ? text(issue.title, link(issue.permalink)) : text(issue.title);
    const items: AdfText[][] = [[title], [text(`${formatCount(issue.count, 'event')} in the canary's release`)]];
    if (issue.culprit.trim() !== '') items.splice(1, 0, [text('Culprit: '), text(issue.culprit, code)]);
    blocks.push(heading(3, 'Top new Sentry issue'), bulletList(items));
  }
  return blocks;
}

/** The blast radius under its own heading (core/blast-radius.ts reachSentence); nothing when the notification carries none. */
function reachBlocks(reach: Extract<RolloutNotification, { kind: 'promoted' }>['reach']): AdfBlock[] {
  return reach ? [heading(3, 'Blast radius'), paragraph(text(reachSentence(reach)))] : [];
}

function checkList(checks: readonly CheckResult[]) {
  if (checks.length === 0) return paragraph(text('No checks ran in this stage.'));
  return bulletList(
    checks.map((c) => [text(c.name, strong), text(` (${c.type}) ${c.outcome}: value ${formatValue(c.value)}, limit ${c.limit}`), ...(c.message.trim() === '' ? [] : [text(` — ${c.message}`)])]),
  );
}

function kindLabel(kind: RolloutNotification['kind']): string {
  return kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
