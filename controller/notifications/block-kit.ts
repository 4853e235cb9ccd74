// The Block Kit blocks Songbird sends, typed with Slack's own @slack/types (a
// block type Slack does not know fails tsc), and built from whole lines of
// escaped mrkdwn so that Slack's limits (docs.slack.dev/reference/block-kit/
// blocks, composition-objects/text-object) hold whatever the lines carry.
import type { ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { fitLines, type FitOptions } from './mrkdwn-text.js';

export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be shown; whole lines, at most TEXT_MAX code units. */
  readonly text: string;
  /** At most 50 (Slack's limit per message); Songbird sends no more than 6. */
  readonly blocks: KnownBlock[];
}

/** A section's text: "minimum length 1, maximum 3000 characters". */
export const SECTION_TEXT_MAX = 3000;
/** A context element is a text object (at most 3000); kept shorter, as context is small print. */
export const CONTEXT_TEXT_MAX = 2000;
/** Slack truncates `text` only past 40,000 characters; this keeps notifications readable. */
export const TEXT_MAX = 3500;

/** Slack refuses an empty text object; a block with nothing to say still says so. */
const NOTHING = '_nothing to show_';

function mrkdwn(lines: readonly string[], max: number, options?: FitOptions): MrkdwnElement {
  const text = fitLines(lines, max, options);
  return { type: 'mrkdwn', text: text.trim() === '' ? NOTHING : text };
}

/** A section of whole escaped mrkdwn lines, within 3000 code units (lines that do not fit are counted in a last line). */
export function section(lines: readonly string[], options?: FitOptions): SectionBlock {
  return { type: 'section', text: mrkdwn(lines, SECTION_TEXT_MAX, options) };
}

/** Small print: one mrkdwn element of whole lines, within CONTEXT_TEXT_MAX. */
export function context(lines: readonly string[]): ContextBlock {
  return { type: 'context', elements: [mrkdwn(lines, CONTEXT_TEXT_MAX)] };
}

/** The notification text: the same lines as the blocks, whole, within TEXT_MAX. */
export function messageText(lines: readonly string[]): string {
  const text = fitLines(lines, TEXT_MAX);
  return text.trim() === '' ? NOTHING : text;
}
