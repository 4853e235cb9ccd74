// What Slack checks of a webhook body before posting it.
import type { SlackStandInMessage } from './slack-stand-in.js';

/** Slack's checks: a JSON object with text or blocks. Returns the error body Slack would answer otherwise. */
export function parseWebhookPayload(raw: string): SlackStandInMessage['body'] | string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'invalid_payload';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'invalid_payload';
  const { text, blocks } = json as { text?: unknown; blocks?: unknown };
  if (blocks !== undefined && !Array.isArray(blocks)) return 'invalid_blocks';
  if ((typeof text !== 'string' || text === '') && (!Array.isArray(blocks) || blocks.length === 0)) return 'no_text';
  return { text: typeof text === 'string' ? text : '', blocks: Array.isArray(blocks) ? (blocks as unknown[]) : [] };
}
