// The few Block Kit shapes Songbird sends (api.slack.com/reference/block-kit/blocks),
// with Slack's size limits applied where they are built.
import { clip } from './mrkdwn-text.js';

export interface MrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export type SlackBlock =
  | { readonly type: 'section'; readonly text: MrkdwnText }
  | { readonly type: 'context'; readonly elements: readonly MrkdwnText[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  /** Shown in notifications and where blocks cannot be shown. */
  readonly text: string;
  readonly blocks: SlackBlock[];
}

/** Slack rejects a section whose text passes 3000 characters. */
const SECTION_MAX = 3000;
/** Slack rejects a context element whose text passes 2000 characters. */
const CONTEXT_MAX = 2000;

/** `text` is already mrkdwn (escaped); clipping here only guards Slack's limit. */
export function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_MAX) } };
}

export function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, CONTEXT_MAX) }] };
}
